#include "storage/schema.hpp"

#include <cstdio>

namespace s2d::storage {
namespace keys {

std::string scoped(const std::string& workspace_id, const std::string& id) {
  return workspace_id + "/" + id;
}

std::string workspace_prefix(const std::string& workspace_id) { return workspace_id + "/"; }

std::string api_key_by_hash(const std::string& hash) { return "h/" + hash; }

std::string api_key_by_workspace(const std::string& workspace_id, const std::string& key_id) {
  return "w/" + workspace_id + "/" + key_id;
}

std::string template_version(const std::string& template_id, int version) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%010d", version);
  return template_id + "/" + digits;
}

}  // namespace keys

std::optional<nlohmann::json> get_json(const Db& db, Table table, const std::string& key) {
  auto value = db.get(table, key);
  if (!value) return std::nullopt;
  auto parsed = nlohmann::json::parse(*value, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

void put_json(Batch& batch, Table table, std::string key, const nlohmann::json& value) {
  batch.put(table, std::move(key), value.dump());
}

}  // namespace s2d::storage
