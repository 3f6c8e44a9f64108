#include "core/batch.hpp"

#include "core/records.hpp"

#include <algorithm>
#include <unordered_set>

namespace s2d {

void to_json(nlohmann::json& stored, const BatchFailedItem& item) {
  stored = {{"batch_index", item.batch_index},
            {"batch_item_key", item.batch_item_key},
            {"generation_id", item.generation_id},
            {"error", item.error}};
}

void from_json(const nlohmann::json& stored, BatchFailedItem& item) {
  read_field(stored, "batch_index", item.batch_index);
  read_field(stored, "batch_item_key", item.batch_item_key);
  read_field(stored, "generation_id", item.generation_id);
  read_field(stored, "error", item.error);
}

void to_json(nlohmann::json& stored, const BatchBundleFile& file) {
  stored = {{"file_id", file.file_id},
            {"sha256", file.sha256},
            {"size_bytes", file.size_bytes},
            {"created_ms", file.created_ms}};
}

void from_json(const nlohmann::json& stored, BatchBundleFile& file) {
  read_field(stored, "file_id", file.file_id);
  read_field(stored, "sha256", file.sha256);
  read_field(stored, "size_bytes", file.size_bytes);
  read_field(stored, "created_ms", file.created_ms);
}

std::int64_t BatchCounts::running() const { return std::max<std::int64_t>(0, handed - terminal()); }

std::int64_t BatchCounts::pending() const { return std::max<std::int64_t>(0, total - std::max(handed, terminal())); }

void to_json(nlohmann::json& stored, const BatchRecord& r) {
  stored = {{"id", r.id},
            {"workspace_id", r.workspace_id},
            {"template_id", r.template_id},
            {"template_version", r.template_version},
            {"formats", r.formats},
            {"options", r.options},
            {"metadata", r.metadata},
            {"bundle_zip", r.bundle_zip},
            {"item_events", r.item_events},
            {"data_source_id", r.data_source_id},
            {"filters", r.filters},
            {"from_items", r.from_items},
            {"status", r.status},
            {"created_ms", r.created_ms},
            {"started_ms", r.started_ms},
            {"completed_ms", r.completed_ms},
            {"idempotency_key", r.idempotency_key},
            {"expansion_cursor", r.expansion_cursor},
            {"expanded", r.expanded},
            {"handover_cursor", r.handover_cursor},
            {"retry_requested", r.retry_requested},
            {"counts",
             {{"total", r.counts.total},
              {"handed", r.counts.handed},
              {"completed", r.counts.completed},
              {"failed", r.counts.failed},
              {"canceled", r.counts.canceled}}},
            {"failed_items", r.failed_items}};
  write_optional(stored, "bundle_file", r.bundle_file);
}

void from_json(const nlohmann::json& stored, BatchRecord& r) {
  read_field(stored, "id", r.id);
  read_field(stored, "workspace_id", r.workspace_id);
  read_field(stored, "template_id", r.template_id);
  read_field(stored, "template_version", r.template_version);
  read_field(stored, "formats", r.formats);
  read_field(stored, "options", r.options);
  read_field(stored, "metadata", r.metadata);
  read_field(stored, "bundle_zip", r.bundle_zip);
  read_field(stored, "item_events", r.item_events);
  read_field(stored, "data_source_id", r.data_source_id);
  read_field(stored, "filters", r.filters);
  read_field(stored, "from_items", r.from_items);
  read_field(stored, "status", r.status);
  read_field(stored, "created_ms", r.created_ms);
  read_field(stored, "started_ms", r.started_ms);
  read_field(stored, "completed_ms", r.completed_ms);
  read_field(stored, "idempotency_key", r.idempotency_key);
  read_field(stored, "expansion_cursor", r.expansion_cursor);
  read_field(stored, "expanded", r.expanded);
  read_field(stored, "handover_cursor", r.handover_cursor);
  read_field(stored, "retry_requested", r.retry_requested);
  if (auto it = stored.find("counts"); it != stored.end()) {
    read_field(*it, "total", r.counts.total);
    read_field(*it, "handed", r.counts.handed);
    read_field(*it, "completed", r.counts.completed);
    read_field(*it, "failed", r.counts.failed);
    read_field(*it, "canceled", r.counts.canceled);
  }
  read_field(stored, "failed_items", r.failed_items);
  read_field(stored, "bundle_file", r.bundle_file);
}

namespace {

using Problem = std::optional<std::pair<std::string, std::string>>;

Problem check_item(const nlohmann::json& item, const std::string& at, bool has_source,
                   std::unordered_set<std::string>* keys) {
  if (!item.is_object()) return std::pair{at, std::string("Each item is an object.")};
  for (const auto& [name, value] : item.items())
    if (name != "data" && name != "filters" && name != "key" && name != "metadata")
      return std::pair{at + "." + name, "Unknown item field '" + name + "'."};
  const bool has_data = item.contains("data"), has_filters = item.contains("filters");
  if (has_data == has_filters) return std::pair{at, std::string("Give exactly one of 'data' or 'filters'.")};
  if (has_data && !item["data"].is_object()) return std::pair{at + ".data", std::string("'data' is an object.")};
  if (has_filters) {
    if (!has_source) return std::pair{at + ".filters", std::string("'filters' needs the batch's data_source_id.")};
    if (!item["filters"].is_object()) return std::pair{at + ".filters", std::string("'filters' is an object.")};
    for (const auto& [name, value] : item["filters"].items())
      if (value.is_object() || value.is_array())
        return std::pair{at + ".filters." + name, std::string("Filter values are strings, numbers, booleans or null.")};
  }
  if (auto key = item.find("key"); key != item.end()) {
    if (!key->is_string() || key->get_ref<const std::string&>().empty() || key->get_ref<const std::string&>().size() > 200)
      return std::pair{at + ".key", std::string("'key' is a string of 1 to 200 characters.")};
    if (!keys->insert(key->get<std::string>()).second)
      return std::pair{at + ".key", "Key '" + key->get<std::string>() + "' is used by an earlier item."};
  }
  if (auto metadata = item.find("metadata"); metadata != item.end()) {
    if (!metadata->is_object()) return std::pair{at + ".metadata", std::string("'metadata' is an object of strings.")};
    for (const auto& [name, value] : metadata->items())
      if (!value.is_string()) return std::pair{at + ".metadata." + name, std::string("Metadata values are strings.")};
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> check_batch_items(const nlohmann::json& items, bool has_source) {
  if (!items.is_array() || items.empty() || items.size() > kBatchMaxListedItems)
    return std::pair{std::string("items"),
                     "'items' is an array of 1 to " + std::to_string(kBatchMaxListedItems) +
                         " items; larger batches come from a data source."};
  std::unordered_set<std::string> keys;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (auto problem = check_item(items[i], "items[" + std::to_string(i) + "]", has_source, &keys)) return problem;
  return std::nullopt;
}

bool batch_items_finished(const BatchRecord& record) {
  return record.expanded && !record.retry_requested && record.counts.terminal() >= record.counts.total;
}

}  // namespace s2d
