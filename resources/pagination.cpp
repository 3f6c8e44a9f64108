#include "resources/pagination.hpp"

#include "core/clock.hpp"
#include "core/ids.hpp"

#include <algorithm>
#include <tuple>
#include <vector>

namespace s2d {

std::optional<ApiError> parse_page(const std::map<std::string, std::string>& query, PageRequest* page) {
  if (auto it = query.find("limit"); it != query.end()) {
    int limit = 0;
    try {
      std::size_t used = 0;
      limit = std::stoi(it->second, &used);
      if (used != it->second.size()) limit = 0;
    } catch (const std::exception&) {
      limit = 0;
    }
    if (limit < 1 || limit > 100)
      return errors::parameter_invalid("limit", "limit must be an integer from 1 to 100.");
    page->limit = limit;
  }
  if (auto it = query.find("starting_after"); it != query.end()) page->starting_after = it->second;
  if (auto it = query.find("ending_before"); it != query.end()) page->ending_before = it->second;
  if (!page->starting_after.empty() && !page->ending_before.empty())
    return errors::parameter_invalid("ending_before",
                                     "Use either starting_after or ending_before, not both.");
  return std::nullopt;
}

std::optional<ApiError> parse_created_range(const std::map<std::string, std::string>& query,
                                            const std::string& key_prefix, const char* id_prefix, KeyRange* range) {
  for (auto [name, bound, offset_ms] : {std::tuple{"created[gte]", &range->low, 0}, std::tuple{"created[lte]", &range->high, 1}}) {
    auto it = query.find(name);
    if (it == query.end()) continue;
    auto parsed = clock::parse_rfc3339(it->second);
    if (!parsed) return errors::parameter_invalid(name, std::string(name) + " must be an RFC 3339 time.");
    // lte: every id made up to the end of that millisecond sorts below the next one's lowest id.
    *bound = key_prefix + ids::lowest_at(id_prefix, *parsed + offset_ms);
  }
  return std::nullopt;
}

nlohmann::json list_page(const storage::Db& db, storage::Table table, const std::string& prefix,
                         const PageRequest& page, const std::string& url, const RowView& view,
                         const KeyRange& range) {
  // Newest first is a reverse scan. `ending_before` pages towards newer
  // objects: scan forward from the cursor, then flip the page.
  storage::ScanOptions options;
  options.reverse = page.ending_before.empty();
  if (!page.starting_after.empty()) options.start_after = prefix + page.starting_after;
  if (!page.ending_before.empty()) options.start_after = prefix + page.ending_before;
  if (options.reverse && !range.high.empty() && (options.start_after.empty() || range.high < options.start_after))
    options.start_after = range.high;

  std::vector<nlohmann::json> rows;
  bool has_more = false;
  db.scan(table, prefix, options, [&](std::string_view key, std::string_view value) {
    if (!range.low.empty() && key < range.low) return !options.reverse;    // past the floor
    if (!range.high.empty() && key >= range.high) return options.reverse;  // past the ceiling
    auto object = view(key, value);
    if (!object) return true;
    if (int(rows.size()) == page.limit) {
      has_more = true;
      return false;
    }
    rows.push_back(std::move(*object));
    return true;
  });
  if (!page.ending_before.empty()) std::reverse(rows.begin(), rows.end());
  return {{"object", "list"}, {"data", std::move(rows)}, {"has_more", has_more}, {"url", url}};
}

}  // namespace s2d
