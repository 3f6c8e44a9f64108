#pragma once
// Records of `records` data sources: JSON objects kept by s2d itself, with
// an equality index so a filtered read touches only the matching records.
//
// Every top-level scalar field of every record is indexed. An index entry
// is keyed by a hash of (field name, the value's text form) followed by the
// record's sequence number, so the records matching `field = value` are one
// prefix scan whatever the size of the source; several filters intersect
// their lists, and the records found are then compared field by field, so
// a hash collision can never add a record that does not match.
//
// Values compare by their text form: the string "42" matches the number 42,
// "true" matches true. null matches only null (not a missing field); arrays
// and objects are not indexed and never match a filter. Keys: schema.hpp.

#include "storage/db.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace s2d::storage::records {

// The text a value is compared and indexed by; false for arrays and objects.
bool comparable_text(const nlohmann::json& value, std::string* text);

// The record has every field of `filters` with an equal text form.
bool matches(const nlohmann::json& record, const nlohmann::json& filters);

// Adds `records` (an array of objects) to `batch` with sequence numbers
// `first_seq`, `first_seq + 1`, ... and their index entries.
void append(Batch& batch, const std::string& workspace_id, const std::string& source_id, std::uint64_t first_seq,
            const nlohmann::json& records);

struct Found {
  nlohmann::json records = nlohmann::json::array();  // in append order
  bool over_limit = false;     // more than `max_records` matched; `records` holds the first ones
  std::size_t index_entries_read = 0;  // how much index the lookup read (shows the index at work)
  std::size_t records_read = 0;        // records loaded and compared
};

// The records whose fields equal every entry of `filters` (an object of
// scalars; null or {} selects every record).
Found find(const Db& db, const std::string& workspace_id, const std::string& source_id,
           const nlohmann::json& filters, std::size_t max_records);

// Deletes a source's records and index entries.
bool erase_source(Db& db, const std::string& workspace_id, const std::string& source_id, std::string* error);

}  // namespace s2d::storage::records
