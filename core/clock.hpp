#pragma once
// Wall-clock time and the RFC 3339 form every JSON timestamp uses.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace s2d::clock {

std::int64_t now_ms();
std::int64_t now_seconds();

// "2026-05-13T10:00:00Z" (UTC, second precision, as API.md asks).
std::string rfc3339(std::int64_t unix_ms);

struct DateTime {
  double unix_ms = 0;     // the instant; without a zone, the wall-clock time read as UTC
  bool has_time = false;
  bool has_zone = false;  // "Z" or an offset was given
};

// "YYYY-MM-DD", optionally followed by "THH:MM[:SS[.fff]]" (T, t or a space)
// and "Z" / "+hh:mm" / "-hh:mm". Calendar-checked (no February 30).
std::optional<DateTime> parse_datetime(std::string_view text);

// Strict RFC 3339 as the API takes it: time and zone required; milliseconds since the epoch.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace s2d::clock

namespace s2d {

// RFC 3339 or null for an unset (0) time.
nlohmann::json time_or_null(std::int64_t ms);

}  // namespace s2d
