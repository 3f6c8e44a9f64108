#pragma once
// The stored records: one struct and one JSON codec (to_json / from_json)
// per kind, the only code that names their fields. Handlers, views and
// actors read members. The generation record is in core/generation.hpp,
// API keys in policies/key_registry.hpp, outbox entries in webhooks/outbox.hpp.
//
// Compatibility: a field a record lacks keeps the member's default (records
// written by older binaries lack fields added since); fields this code does
// not know are ignored on read. What a codec writes is exactly what the
// records held before they were typed (tests/core/records_test.cpp reads
// records of that shape back unchanged). Optional members are fields that
// only some records carry; they are written only when set.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace s2d {

// Reads `key` of a stored object into `out`; a missing key leaves `out` as it is.
template <class T>
void read_field(const nlohmann::json& stored, const char* key, T& out) {
  auto it = stored.find(key);
  if (it != stored.end()) it->get_to(out);
}

template <class T>
void read_field(const nlohmann::json& stored, const char* key, std::optional<T>& out) {
  auto it = stored.find(key);
  if (it != stored.end()) out = it->get<T>();
}

// Writes `value` under `key` when it is set.
template <class T>
void write_optional(nlohmann::json& stored, const char* key, const std::optional<T>& value) {
  if (value) stored[key] = *value;
}

// workspaces: <ws>. Made with id, name and creation time; the settings a
// workspace or the operator changed are present only once set.
struct WorkspaceRecord {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::int64_t> created_ms;
  std::optional<int> retention_days;
  std::optional<std::string> default_locale;
  std::optional<std::string> default_timezone;
  std::optional<nlohmann::json> rate_limit_per_second;  // a number, kept as given (integer or not)
  std::optional<int> rate_limit_burst;
  std::optional<int> concurrency;
};
void to_json(nlohmann::json& stored, const WorkspaceRecord& record);
void from_json(const nlohmann::json& stored, WorkspaceRecord& record);

// An asset a template version lists; its bytes are stored once per template under the sha256.
struct AssetEntry {
  std::string name;
  std::string mime;
  std::uint64_t size_bytes = 0;
  std::string sha256;
};
void to_json(nlohmann::json& stored, const AssetEntry& asset);
void from_json(const nlohmann::json& stored, AssetEntry& asset);

// template_versions: <tpl>/v/<number>. Never changes once stored.
struct TemplateVersionRecord {
  std::string template_id;
  int version = 1;
  std::string source;
  std::int64_t created_ms = 0;
  nlohmann::json fields = nlohmann::json::array();           // field names the source uses
  std::string documents = "one";                             // "one" or "per_record"
  nlohmann::json required_fields = nlohmann::json::array();  // as the upload gave them
  nlohmann::json sample_data;                                // free-form; null when none
  std::vector<AssetEntry> assets;
  std::string package_sha256;  // Office templates: the package's bytes, stored like an asset; empty for text
};
void to_json(nlohmann::json& stored, const TemplateVersionRecord& version);
void from_json(const nlohmann::json& stored, TemplateVersionRecord& version);

// templates: <ws>/<tpl>. Keeps a copy of what its latest version says, for the template view.
struct TemplateRecord {
  std::string id;
  std::string workspace_id;
  std::string name;
  std::string kind = "markdown";
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  bool archived = false;
  std::optional<std::int64_t> archived_ms;  // set by archiving
  nlohmann::json default_data_source_id;    // null or the id
  nlohmann::json field_map;                 // null or the map to the default source
  int latest_version = 1;
  nlohmann::json fields = nlohmann::json::array();
  nlohmann::json required_fields = nlohmann::json::array();
  nlohmann::json sample_data;
  nlohmann::json documents = "one";
  nlohmann::json assets = nlohmann::json::array();
};
void to_json(nlohmann::json& stored, const TemplateRecord& record);
void from_json(const nlohmann::json& stored, TemplateRecord& record);

// files: <file id>. One rendered output; `expired` once retention deleted its bytes.
struct FileRecord {
  std::string id;
  std::string workspace_id;
  std::string generation_id;
  std::string format;
  std::string content_type = "application/octet-stream";
  std::int64_t size_bytes = 0;
  std::string sha256;
  std::optional<std::string> filename;  // the download name
  std::int64_t created_ms = 0;
  bool expired = false;
};
void to_json(nlohmann::json& stored, const FileRecord& record);
void from_json(const nlohmann::json& stored, FileRecord& record);

// A webhook endpoint's signing secret, sealed (services/webhook_secrets.hpp).
struct SealedSecret {
  std::string sealed;
  std::int64_t created_ms = 0;
  std::int64_t expires_ms = 0;  // 0: signs until rotated
};
void to_json(nlohmann::json& stored, const SealedSecret& secret);
void from_json(const nlohmann::json& stored, SealedSecret& secret);

// webhook_endpoints: <ws>/<whe>. Secrets newest first.
struct WebhookEndpointRecord {
  std::string id;
  std::string workspace_id;
  std::string url;
  std::vector<std::string> events;
  std::string description;
  bool enabled = true;
  std::optional<std::int64_t> disabled_ms;  // when its owner last disabled it
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  std::vector<SealedSecret> secrets;
};
void to_json(nlohmann::json& stored, const WebhookEndpointRecord& record);
void from_json(const nlohmann::json& stored, WebhookEndpointRecord& record);

// webhook_endpoints: health/<ws>/<whe>. What deliveries taught; absent while all is well.
struct EndpointHealth {
  std::optional<std::int64_t> failing_since_ms;
  std::optional<std::string> disabled_reason;  // "gone" (410) or "failing" (for days)
  std::optional<std::int64_t> disabled_ms;

  bool empty() const { return !failing_since_ms && !disabled_reason && !disabled_ms; }
  bool disables() const { return disabled_reason && !disabled_reason->empty(); }
  bool operator==(const EndpointHealth& other) const;
  bool operator!=(const EndpointHealth& other) const { return !(*this == other); }
};
void to_json(nlohmann::json& stored, const EndpointHealth& health);
void from_json(const nlohmann::json& stored, EndpointHealth& health);

// events: <ws>/<evt>. `generation` is the generation's stored record when it became terminal.
struct EventRecord {
  std::string id;
  std::string type;
  std::string workspace_id;
  std::int64_t created_ms = 0;
  nlohmann::json generation = nlohmann::json::object();
  std::optional<nlohmann::json> batch;  // batch events: the batch record (core/batch.hpp) at the time
};
void to_json(nlohmann::json& stored, const EventRecord& record);
void from_json(const nlohmann::json& stored, EventRecord& record);

// data_sources: <ws>/<src>. `config` is the create body with every PATCH
// merged in (the kind's fields, name, description, metadata, field_map):
// free-form by kind, checked by datasources::validate_config. When it holds
// credentials they are redacted in it and the whole config is sealed in
// `sealed_config` (services/source_secrets.hpp).
struct DataSourceRecord {
  std::string id;
  std::string workspace_id;
  std::string kind;
  nlohmann::json config = nlohmann::json::object();
  std::optional<std::string> sealed_config;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  std::optional<std::uint64_t> record_count;  // `records` sources: records appended so far
};
void to_json(nlohmann::json& stored, const DataSourceRecord& record);
void from_json(const nlohmann::json& stored, DataSourceRecord& record);

// deliveries: <ws>/<whe>/<dlv>. One delivery attempt and its outcome.
struct DeliveryRecord {
  std::string id;
  std::string endpoint_id;
  std::string event_id;
  std::string event_type;
  int attempt = 0;
  std::int64_t created_ms = 0;
  nlohmann::json status_code;  // null when no HTTP answer came
  std::int64_t latency_ms = 0;
  bool succeeded = false;
  nlohmann::json error;        // null, or {type, message}
  std::string response_body;
  bool response_truncated = false;
  std::int64_t next_attempt_ms = 0;  // 0: no further attempt
};
void to_json(nlohmann::json& stored, const DeliveryRecord& record);
void from_json(const nlohmann::json& stored, DeliveryRecord& record);

}  // namespace s2d
