#include "services/source_secrets.hpp"

#include "datasources/datasources.hpp"
#include "services/services.hpp"
#include "storage/schema.hpp"

#include <spdlog/spdlog.h>

namespace s2d {
namespace {

std::string seal_context(const DataSourceRecord& record) { return "data_source:" + record.id; }

}  // namespace

void seal_source_config(const Services& services, DataSourceRecord& record) {
  record.sealed_config.reset();
  nlohmann::json redacted = datasources::redact_config(record.kind, record.config);
  if (redacted == record.config) return;
  record.sealed_config = services.secret_sealer->seal(record.config.dump(), seal_context(record));
  record.config = std::move(redacted);
}

nlohmann::json source_config(const Services& services, const DataSourceRecord& record) {
  if (!record.sealed_config) return record.config;
  auto opened = services.secret_sealer->open(*record.sealed_config, seal_context(record));
  if (!opened) {
    spdlog::error("data source {}: its sealed config does not open with this node's key", record.id);
    return record.config;
  }
  return nlohmann::json::parse(*opened);
}

bool seal_plaintext_sources(Services& services, std::size_t* sealed, std::string* error) {
  storage::Batch batch;
  services.db->scan(storage::Table::data_sources, "", {}, [&](std::string_view key, std::string_view value) {
    auto record = nlohmann::json::parse(value).get<DataSourceRecord>();
    if (record.sealed_config) return true;
    seal_source_config(services, record);
    if (record.sealed_config) storage::put_json(batch, storage::Table::data_sources, std::string(key), record);
    return true;
  });
  *sealed = batch.size();
  if (batch.empty()) return true;
  if (!services.committer->commit_now(batch, error)) return false;
  return services.db->compact(storage::Table::data_sources, error);
}

}  // namespace s2d
