#include "core/records.hpp"

namespace s2d {

void to_json(nlohmann::json& j, const WorkspaceRecord& r) {
  j = {{"id", r.id}};
  write_optional(j, "name", r.name);
  write_optional(j, "created_ms", r.created_ms);
  write_optional(j, "retention_days", r.retention_days);
  write_optional(j, "default_locale", r.default_locale);
  write_optional(j, "default_timezone", r.default_timezone);
  write_optional(j, "rate_limit_per_second", r.rate_limit_per_second);
  write_optional(j, "rate_limit_burst", r.rate_limit_burst);
  write_optional(j, "concurrency", r.concurrency);
}

void from_json(const nlohmann::json& j, WorkspaceRecord& r) {
  read_field(j, "id", r.id);
  read_field(j, "name", r.name);
  read_field(j, "created_ms", r.created_ms);
  read_field(j, "retention_days", r.retention_days);
  read_field(j, "default_locale", r.default_locale);
  read_field(j, "default_timezone", r.default_timezone);
  read_field(j, "rate_limit_per_second", r.rate_limit_per_second);
  read_field(j, "rate_limit_burst", r.rate_limit_burst);
  read_field(j, "concurrency", r.concurrency);
}

void to_json(nlohmann::json& j, const AssetEntry& a) {
  j = {{"name", a.name}, {"mime", a.mime}, {"size_bytes", a.size_bytes}, {"sha256", a.sha256}};
}

void from_json(const nlohmann::json& j, AssetEntry& a) {
  read_field(j, "name", a.name);
  read_field(j, "mime", a.mime);
  read_field(j, "size_bytes", a.size_bytes);
  read_field(j, "sha256", a.sha256);
}

void to_json(nlohmann::json& j, const TemplateVersionRecord& v) {
  j = {{"template_id", v.template_id},
       {"version", v.version},
       {"source", v.source},
       {"created_ms", v.created_ms},
       {"fields", v.fields},
       {"documents", v.documents},
       {"required_fields", v.required_fields},
       {"sample_data", v.sample_data},
       {"assets", v.assets}};
  if (!v.package_sha256.empty()) j["package_sha256"] = v.package_sha256;
}

void from_json(const nlohmann::json& j, TemplateVersionRecord& v) {
  read_field(j, "template_id", v.template_id);
  read_field(j, "version", v.version);
  read_field(j, "source", v.source);
  read_field(j, "created_ms", v.created_ms);
  read_field(j, "fields", v.fields);
  read_field(j, "documents", v.documents);
  read_field(j, "required_fields", v.required_fields);
  read_field(j, "sample_data", v.sample_data);
  read_field(j, "assets", v.assets);
  read_field(j, "package_sha256", v.package_sha256);
}

void to_json(nlohmann::json& j, const TemplateRecord& t) {
  j = {{"id", t.id},
       {"workspace_id", t.workspace_id},
       {"name", t.name},
       {"kind", t.kind},
       {"created_ms", t.created_ms},
       {"updated_ms", t.updated_ms},
       {"archived", t.archived},
       {"default_data_source_id", t.default_data_source_id},
       {"field_map", t.field_map},
       {"latest_version", t.latest_version},
       {"fields", t.fields},
       {"required_fields", t.required_fields},
       {"sample_data", t.sample_data},
       {"documents", t.documents},
       {"assets", t.assets}};
  write_optional(j, "archived_ms", t.archived_ms);
}

void from_json(const nlohmann::json& j, TemplateRecord& t) {
  read_field(j, "id", t.id);
  read_field(j, "workspace_id", t.workspace_id);
  read_field(j, "name", t.name);
  read_field(j, "kind", t.kind);
  read_field(j, "created_ms", t.created_ms);
  read_field(j, "updated_ms", t.updated_ms);
  read_field(j, "archived", t.archived);
  read_field(j, "archived_ms", t.archived_ms);
  read_field(j, "default_data_source_id", t.default_data_source_id);
  read_field(j, "field_map", t.field_map);
  read_field(j, "latest_version", t.latest_version);
  read_field(j, "fields", t.fields);
  read_field(j, "required_fields", t.required_fields);
  read_field(j, "sample_data", t.sample_data);
  read_field(j, "documents", t.documents);
  read_field(j, "assets", t.assets);
}

void to_json(nlohmann::json& j, const FileRecord& f) {
  j = {{"id", f.id},
       {"workspace_id", f.workspace_id},
       {"generation_id", f.generation_id},
       {"format", f.format},
       {"content_type", f.content_type},
       {"size_bytes", f.size_bytes},
       {"sha256", f.sha256},
       {"created_ms", f.created_ms},
       {"expired", f.expired}};
  write_optional(j, "filename", f.filename);
}

void from_json(const nlohmann::json& j, FileRecord& f) {
  read_field(j, "id", f.id);
  read_field(j, "workspace_id", f.workspace_id);
  read_field(j, "generation_id", f.generation_id);
  read_field(j, "format", f.format);
  read_field(j, "content_type", f.content_type);
  read_field(j, "size_bytes", f.size_bytes);
  read_field(j, "sha256", f.sha256);
  read_field(j, "filename", f.filename);
  read_field(j, "created_ms", f.created_ms);
  read_field(j, "expired", f.expired);
}

void to_json(nlohmann::json& j, const SealedSecret& s) {
  j = {{"sealed", s.sealed}, {"created_ms", s.created_ms}, {"expires_ms", s.expires_ms}};
}

void from_json(const nlohmann::json& j, SealedSecret& s) {
  read_field(j, "sealed", s.sealed);
  read_field(j, "created_ms", s.created_ms);
  read_field(j, "expires_ms", s.expires_ms);
}

void to_json(nlohmann::json& j, const WebhookEndpointRecord& e) {
  j = {{"id", e.id},
       {"workspace_id", e.workspace_id},
       {"url", e.url},
       {"events", e.events},
       {"description", e.description},
       {"enabled", e.enabled},
       {"created_ms", e.created_ms},
       {"updated_ms", e.updated_ms},
       {"secrets", e.secrets}};
  write_optional(j, "disabled_ms", e.disabled_ms);
}

void from_json(const nlohmann::json& j, WebhookEndpointRecord& e) {
  read_field(j, "id", e.id);
  read_field(j, "workspace_id", e.workspace_id);
  read_field(j, "url", e.url);
  read_field(j, "events", e.events);
  read_field(j, "description", e.description);
  read_field(j, "enabled", e.enabled);
  read_field(j, "disabled_ms", e.disabled_ms);
  read_field(j, "created_ms", e.created_ms);
  read_field(j, "updated_ms", e.updated_ms);
  read_field(j, "secrets", e.secrets);
}

bool EndpointHealth::operator==(const EndpointHealth& other) const {
  return failing_since_ms == other.failing_since_ms && disabled_reason == other.disabled_reason &&
         disabled_ms == other.disabled_ms;
}

void to_json(nlohmann::json& j, const EndpointHealth& h) {
  j = nlohmann::json::object();
  write_optional(j, "failing_since_ms", h.failing_since_ms);
  write_optional(j, "disabled_reason", h.disabled_reason);
  write_optional(j, "disabled_ms", h.disabled_ms);
}

void from_json(const nlohmann::json& j, EndpointHealth& h) {
  read_field(j, "failing_since_ms", h.failing_since_ms);
  read_field(j, "disabled_reason", h.disabled_reason);
  read_field(j, "disabled_ms", h.disabled_ms);
}

void to_json(nlohmann::json& j, const DataSourceRecord& d) {
  j = {{"id", d.id},
       {"workspace_id", d.workspace_id},
       {"kind", d.kind},
       {"config", d.config},
       {"created_ms", d.created_ms},
       {"updated_ms", d.updated_ms}};
  write_optional(j, "sealed_config", d.sealed_config);
  write_optional(j, "record_count", d.record_count);
}

void from_json(const nlohmann::json& j, DataSourceRecord& d) {
  read_field(j, "id", d.id);
  read_field(j, "workspace_id", d.workspace_id);
  read_field(j, "kind", d.kind);
  read_field(j, "config", d.config);
  read_field(j, "sealed_config", d.sealed_config);
  read_field(j, "created_ms", d.created_ms);
  read_field(j, "updated_ms", d.updated_ms);
  read_field(j, "record_count", d.record_count);
}

void to_json(nlohmann::json& j, const EventRecord& e) {
  j = {{"id", e.id},
       {"type", e.type},
       {"workspace_id", e.workspace_id},
       {"created_ms", e.created_ms},
       {"generation", e.generation}};
  write_optional(j, "batch", e.batch);
}

void from_json(const nlohmann::json& j, EventRecord& e) {
  read_field(j, "id", e.id);
  read_field(j, "type", e.type);
  read_field(j, "workspace_id", e.workspace_id);
  read_field(j, "created_ms", e.created_ms);
  read_field(j, "generation", e.generation);
  read_field(j, "batch", e.batch);
}

void to_json(nlohmann::json& j, const DeliveryRecord& d) {
  j = {{"id", d.id},
       {"endpoint_id", d.endpoint_id},
       {"event_id", d.event_id},
       {"event_type", d.event_type},
       {"attempt", d.attempt},
       {"created_ms", d.created_ms},
       {"status_code", d.status_code},
       {"latency_ms", d.latency_ms},
       {"succeeded", d.succeeded},
       {"error", d.error},
       {"response_body", d.response_body},
       {"response_truncated", d.response_truncated},
       {"next_attempt_ms", d.next_attempt_ms}};
}

void from_json(const nlohmann::json& j, DeliveryRecord& d) {
  read_field(j, "id", d.id);
  read_field(j, "endpoint_id", d.endpoint_id);
  read_field(j, "event_id", d.event_id);
  read_field(j, "event_type", d.event_type);
  read_field(j, "attempt", d.attempt);
  read_field(j, "created_ms", d.created_ms);
  read_field(j, "status_code", d.status_code);
  read_field(j, "latency_ms", d.latency_ms);
  read_field(j, "succeeded", d.succeeded);
  read_field(j, "error", d.error);
  read_field(j, "response_body", d.response_body);
  read_field(j, "response_truncated", d.response_truncated);
  read_field(j, "next_attempt_ms", d.next_attempt_ms);
}

}  // namespace s2d
