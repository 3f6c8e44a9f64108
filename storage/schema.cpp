#include "storage/schema.hpp"

#include "core/crypto.hpp"
#include "core/json_text.hpp"

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

std::string template_versions_prefix(const std::string& template_id) { return template_id + "/"; }

std::string template_asset(const std::string& template_id, const std::string& sha256_hex) {
  return "asset/" + template_id + "/" + sha256_hex;
}

std::string records_prefix(const std::string& workspace_id, const std::string& source_id) {
  return workspace_id + "/" + source_id + "/";
}

std::string record(const std::string& workspace_id, const std::string& source_id, std::uint64_t seq) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%016llu", static_cast<unsigned long long>(seq));
  return records_prefix(workspace_id, source_id) + digits;
}

std::string batch_input(const std::string& batch_id, std::int64_t index) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%010lld", static_cast<long long>(index));
  return batch_id + "/" + digits;
}

std::string record_index_prefix(const std::string& workspace_id, const std::string& source_id,
                                const std::string& field, const std::string& value_text) {
  std::string hashed = field;
  hashed.push_back('\0');
  hashed += value_text;
  return records_prefix(workspace_id, source_id) + crypto::hex_encode(crypto::sha256(hashed).substr(0, 16)) + "/";
}

}  // namespace keys

std::optional<nlohmann::json> get_json(const Db& db, Table table, const std::string& key) {
  auto value = db.get(table, key);
  if (!value) return std::nullopt;
  nlohmann::json parsed;
  if (parse_stored_json(*value, &parsed)) return std::nullopt;
  return parsed;
}

void put_json(Batch& batch, Table table, std::string key, const nlohmann::json& value) {
  batch.put(table, std::move(key), value.dump());
}

}  // namespace s2d::storage
