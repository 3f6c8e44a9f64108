#pragma once
// API.md pagination: `limit` 1-100 (default 20), `starting_after` /
// `ending_before` cursors (object ids), newest first, and the list envelope
// {"object":"list","data":[...],"has_more":bool,"url":...}.

#include "core/api_error.hpp"
#include "storage/db.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace s2d {

struct PageRequest {
  int limit = 20;
  std::string starting_after;
  std::string ending_before;
};

std::optional<ApiError> parse_page(const std::map<std::string, std::string>& query, PageRequest* page);

// Optional key bounds [low, high) that end a scan early (time ranges over time-ordered ids).
struct KeyRange {
  std::string low;   // inclusive; empty: none
  std::string high;  // exclusive; empty: none
};

// Turns one stored row into its API object, or nullopt to leave it out (filters).
using RowView = std::function<std::optional<nlohmann::json>(std::string_view key, std::string_view value)>;


// `created[gte]` / `created[lte]` (RFC 3339) as key bounds over rows keyed
// `key_prefix` + a time-ordered id starting with `id_prefix` ("gen", "req").
std::optional<ApiError> parse_created_range(const std::map<std::string, std::string>& query,
                                            const std::string& key_prefix, const char* id_prefix, KeyRange* range);

// Lists rows whose keys are `prefix` + id, newest (largest id) first.
nlohmann::json list_page(const storage::Db& db, storage::Table table, const std::string& prefix,
                         const PageRequest& page, const std::string& url, const RowView& view,
                         const KeyRange& range = {});

}  // namespace s2d
