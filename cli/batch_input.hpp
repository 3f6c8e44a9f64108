#pragma once
// What `s2d batch` sends: the rows of a CSV or JSON Lines file as items, in
// requests of at most 10,000, and the Idempotency-Keys that make a re-run
// with the same --key resume instead of creating anything twice.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace s2d::cli {

// Items per POST /v1/batches, and records per upload chunk beyond that.
inline constexpr std::size_t kMaxItemsPerRequest = 10'000;
// batch.max_items' default: more rows than a batch may have are refused here.
inline constexpr std::size_t kMaxRows = 1'000'000;

// The rows of a CSV file (typed as the server types a CSV upload,
// core/csv_records.hpp) as JSON objects; "" or why the file is refused.
std::string rows_from_csv(std::string_view text, nlohmann::json* rows);
// One JSON object per non-blank line; "" or the line that is not one.
std::string rows_from_jsonl(std::string_view text, nlohmann::json* rows);

// The Idempotency-Key of one request of the run keyed `key`: "<key>.<part>"
// (a key too long to carry a suffix is replaced by its SHA-256 first).
std::string derived_key(const std::string& key, std::string_view part);

// Writes one CSV cell (RFC 4180 quoting when needed).
std::string csv_cell(const std::string& text);

}  // namespace s2d::cli
