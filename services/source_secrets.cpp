#include "services/source_secrets.hpp"

#include "datasources/datasources.hpp"
#include "services/services.hpp"
#include "storage/schema.hpp"

#include <spdlog/spdlog.h>

namespace s2d {
namespace {

constexpr const char* kSealed = "sealed_config";

std::string seal_context(const nlohmann::json& record) { return "data_source:" + record.value("id", ""); }

}  // namespace

void seal_source_config(const Services& services, nlohmann::json& record) {
  record.erase(kSealed);
  const nlohmann::json config = record.value("config", nlohmann::json::object());
  nlohmann::json redacted = datasources::redact_config(record.value("kind", ""), config);
  if (redacted == config) return;
  record[kSealed] = services.secret_sealer->seal(config.dump(), seal_context(record));
  record["config"] = std::move(redacted);
}

nlohmann::json source_config(const Services& services, const nlohmann::json& record) {
  auto config = record.value("config", nlohmann::json::object());
  auto sealed = record.find(kSealed);
  if (sealed == record.end() || !sealed->is_string()) return config;
  auto opened = services.secret_sealer->open(sealed->get<std::string>(), seal_context(record));
  if (!opened) {
    spdlog::error("data source {}: its sealed config does not open with this node's key", record.value("id", ""));
    return config;
  }
  return nlohmann::json::parse(*opened);
}

bool seal_plaintext_sources(Services& services, std::size_t* sealed, std::string* error) {
  storage::Batch batch;
  services.db->scan(storage::Table::data_sources, "", {}, [&](std::string_view key, std::string_view value) {
    auto record = nlohmann::json::parse(value);
    if (record.contains(kSealed)) return true;
    auto stored = record;
    seal_source_config(services, stored);
    if (stored != record) storage::put_json(batch, storage::Table::data_sources, std::string(key), stored);
    return true;
  });
  *sealed = batch.size();
  if (batch.empty()) return true;
  if (!services.committer->commit_now(batch, error)) return false;
  return services.db->compact(storage::Table::data_sources, error);
}

}  // namespace s2d
