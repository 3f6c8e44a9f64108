#include "services/retention.hpp"

#include "core/generation.hpp"
#include "core/ids.hpp"
#include "core/records.hpp"
#include "storage/schema.hpp"

#include <algorithm>
#include <unordered_map>

namespace s2d {
namespace {

// Days each workspace keeps its outputs, and the shortest of them.
std::unordered_map<std::string, int> retention_by_workspace(const Services& services, int* shortest) {
  std::unordered_map<std::string, int> days;
  *shortest = services.settings.default_retention_days;
  services.db->scan(storage::Table::workspaces, "", {}, [&](std::string_view key, std::string_view value) {
    auto record = nlohmann::json::parse(value, nullptr, false);
    int d = record.is_discarded() ? services.settings.default_retention_days
                                  : record.get<WorkspaceRecord>().retention_days.value_or(
                                        services.settings.default_retention_days);
    days.emplace(std::string(key), d);
    *shortest = std::min(*shortest, d);
    return true;
  });
  return days;
}

void mark_generation_output(storage::Batch& batch, const Services& services, const std::string& ws,
                            const std::string& generation_id, const std::string& file_id) {
  auto key = storage::keys::scoped(ws, generation_id);
  auto stored = storage::get_json(*services.db, storage::Table::generations, key);
  if (!stored) return;
  auto generation = generation_from_storage(*stored);
  for (auto& output : generation.outputs)
    if (output.file_id == file_id) output.expired = true;
  storage::put_json(batch, storage::Table::generations, key, to_storage(generation));
}

}  // namespace

std::size_t expire_old_outputs(Services& services, std::int64_t now_ms) {
  int shortest = 0;
  const auto days = retention_by_workspace(services, &shortest);
  // File ids are time-ordered: nothing at or after this key is old enough for any workspace.
  const auto newest_candidate = ids::lowest_at("file", now_ms - std::int64_t(shortest) * 86'400'000);

  std::vector<FileRecord> expired;
  services.db->scan(storage::Table::files, "file_", {}, [&](std::string_view key, std::string_view value) {
    if (key >= newest_candidate) return false;
    auto stored = nlohmann::json::parse(value, nullptr, false);
    if (stored.is_discarded()) return true;
    auto record = stored.get<FileRecord>();
    if (record.expired) return true;
    auto it = days.find(record.workspace_id);
    int keep_days = it == days.end() ? services.settings.default_retention_days : it->second;
    if (record.created_ms < now_ms - std::int64_t(keep_days) * 86'400'000) expired.push_back(std::move(record));
    return true;
  });

  for (auto& record : expired) {
    const auto ws = record.workspace_id;
    const auto file_id = record.id;
    // The records first: a crash between the two leaves a file nobody links to, never a link to nothing.
    storage::Batch batch;
    record.expired = true;
    storage::put_json(batch, storage::Table::files, file_id, record);
    mark_generation_output(batch, services, ws, record.generation_id, file_id);
    if (services.committer->commit_now(batch, nullptr)) services.files->remove(ws, file_id);
  }
  return expired.size();
}

}  // namespace s2d
