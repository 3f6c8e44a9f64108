#pragma once
// Database values -> JSON values.
//
// PostgreSQL sends every value as text (the session runs with DateStyle ISO
// and TimeZone UTC); `postgres_value` types it by the column's type OID.
// A value is only turned into a JSON number when the number JSON writes
// denotes exactly the database's value; otherwise it stays a string.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace s2d::datasources {

// Built-in type OIDs (pg_type.dat; fixed across PostgreSQL versions).
namespace pg_type {
inline constexpr unsigned kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26,
                          kJson = 114, kFloat4 = 700, kFloat8 = 701, kDate = 1082,
                          kTimestamp = 1114, kTimestampTz = 1184, kNumeric = 1700, kJsonb = 3802;
}

nlohmann::json postgres_value(unsigned type_oid, std::string_view text);

// A decimal number as a JSON number when that is exact, else its text.
nlohmann::json decimal_value(std::string_view text);

// "2026-05-13 10:00:00.5+00" -> "2026-05-13T10:00:00.5Z"; without an offset
// (timestamp without time zone) the result has none either. Text that is
// not of that shape (infinity, BC dates) is returned unchanged.
std::string iso_timestamp(std::string_view text);

// Invalid UTF-8 sequences replaced by U+FFFD: JSON strings must be UTF-8.
std::string valid_utf8(std::string_view bytes);

}  // namespace s2d::datasources
