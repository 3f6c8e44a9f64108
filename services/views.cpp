#include "services/views.hpp"

#include "core/clock.hpp"
#include "datasources/datasources.hpp"

#include <algorithm>

namespace s2d {
namespace {

int url_ttl(const Generation& generation, const Settings& settings) {
  int ttl = settings.url_ttl_seconds;
  if (generation.options.contains("url_ttl_seconds") &&
      generation.options["url_ttl_seconds"].is_number_integer())
    ttl = generation.options["url_ttl_seconds"].get<int>();
  return std::clamp(ttl, 1, settings.url_ttl_max_seconds);
}

// PDF pages and PPTX slides are fixed when the file is made; a DOCX, HTML,
// Markdown, text or XLSX file is paginated, if at all, by whatever opens it.
nlohmann::json page_count(const OutputFile& file) {
  if (file.format == "pdf" || file.format == "pptx") return file.pages;
  return nullptr;
}

}  // namespace

SignedUrl sign_file_url(const Services& services, const std::string& workspace_id,
                        const std::string& file_id, int ttl_seconds, std::int64_t now_ms) {
  SignedUrl signed_url;
  signed_url.expires = now_ms / 1000 + ttl_seconds;
  const std::string path = "/v1/files/" + file_id + "/content";
  auto sig = services.url_signer->sign("GET", path, workspace_id, signed_url.expires);
  signed_url.url = services.public_url() + path + "?expires=" + std::to_string(signed_url.expires) +
                   "&sig=" + sig;
  return signed_url;
}

nlohmann::json generation_view(const Generation& g, const Services& services, std::int64_t now_ms) {
  nlohmann::json outputs = nlohmann::json::array();
  const int ttl = url_ttl(g, services.settings);
  for (const auto& file : g.outputs) {
    nlohmann::json output = {{"format", file.format},
                             {"file_id", file.file_id},
                             {"content_type", file.content_type},
                             {"size_bytes", file.size_bytes},
                             {"sha256", file.sha256},
                             {"pages", page_count(file)},
                             {"expired", file.expired},
                             {"url", nullptr},
                             {"url_expires_at", nullptr}};
    if (file.record_index >= 0) output["record_index"] = file.record_index;
    if (!file.expired) {
      auto signed_url = sign_file_url(services, g.workspace_id, file.file_id, ttl, now_ms);
      output["url"] = signed_url.url;
      output["url_expires_at"] = clock::rfc3339(signed_url.expires * 1000);
    }
    outputs.push_back(std::move(output));
  }
  nlohmann::json view = {{"id", g.id},
          {"object", "generation"},
          {"status", to_string(g.status)},
          {"created_at", clock::rfc3339(g.created_ms)},
          {"started_at", time_or_null(g.started_ms)},
          {"completed_at", time_or_null(g.completed_ms)},
          {"template_id", g.template_id},
          {"template_version", g.template_version},
          {"data_source_id", g.data_source_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(g.data_source_id)},
          {"filters", g.filters},
          {"requested_outputs", g.formats},
          {"outputs", std::move(outputs)},
          {"error", g.error},
          {"warnings", g.warnings},
          {"metadata", g.metadata},
          {"options", g.options},
          {"idempotency_key", g.idempotency_key.empty() ? nlohmann::json(nullptr) : nlohmann::json(g.idempotency_key)}};
  if (!g.batch_id.empty()) {
    view["batch_id"] = g.batch_id;
    view["batch_index"] = g.batch_index;
    view["batch_item_key"] = g.batch_item_key;
  }
  return view;
}

nlohmann::json batch_view(const BatchRecord& b, const Services& services, std::int64_t now_ms) {
  nlohmann::json failed_items = nlohmann::json::array();
  for (const auto& item : b.failed_items) failed_items.push_back(item);
  nlohmann::json bundle_file = nullptr;
  if (b.bundle_file) {
    const int ttl = b.options.value("url_ttl_seconds", services.settings.url_ttl_seconds);
    auto signed_url = sign_file_url(services, b.workspace_id, b.bundle_file->file_id, ttl, now_ms);
    bundle_file = {{"url", signed_url.url},
                   {"sha256", b.bundle_file->sha256},
                   {"size_bytes", b.bundle_file->size_bytes},
                   {"expires_at", clock::rfc3339(signed_url.expires * 1000)}};
  }
  nlohmann::json view = {
      {"id", b.id},
      {"object", "batch"},
      {"status", b.status},
      {"template_id", b.template_id},
      {"template_version", b.template_version},
      {"outputs", b.formats},
      {"options", b.options},
      {"metadata", b.metadata},
      {"bundle", b.bundle_zip ? nlohmann::json("zip") : nlohmann::json(nullptr)},
      {"item_events", b.item_events},
      {"counts",
       {{"total", b.counts.total},
        {"pending", b.counts.pending()},
        {"running", b.counts.running()},
        {"completed", b.counts.completed},
        {"failed", b.counts.failed},
        {"canceled", b.counts.canceled}}},
      {"created_at", clock::rfc3339(b.created_ms)},
      {"started_at", time_or_null(b.started_ms)},
      {"completed_at", time_or_null(b.completed_ms)},
      {"failed_items", std::move(failed_items)},
      {"bundle_file", std::move(bundle_file)},
      {"idempotency_key", b.idempotency_key.empty() ? nlohmann::json(nullptr) : nlohmann::json(b.idempotency_key)}};
  if (!b.data_source_id.empty()) view["data_source_id"] = b.data_source_id;
  if (!b.from_items && !b.filters.is_null()) view["filters"] = b.filters;
  return view;
}

nlohmann::json template_view(const TemplateRecord& t) {
  return {{"id", t.id},
          {"object", "template"},
          {"name", t.name},
          {"kind", t.kind},
          {"latest_version", t.latest_version},
          {"archived", t.archived},
          {"archived_at", time_or_null(t.archived_ms.value_or(0))},
          {"created_at", clock::rfc3339(t.created_ms)},
          {"updated_at", clock::rfc3339(t.updated_ms)},
          {"fields", t.fields},
          {"required_fields", t.required_fields},
          {"sample_data", t.sample_data},
          {"documents", t.documents},
          {"assets", t.assets},
          {"default_data_source_id", t.default_data_source_id},
          {"field_map", t.field_map}};
}

nlohmann::json template_version_view(const TemplateVersionRecord& v) {
  return {{"object", "template_version"},
          {"template_id", v.template_id},
          {"version", v.version},
          {"created_at", clock::rfc3339(v.created_ms)},
          {"source", v.source},
          {"fields", v.fields},
          {"required_fields", v.required_fields},
          {"sample_data", v.sample_data},
          {"documents", v.documents},
          {"assets", v.assets}};
}

nlohmann::json data_source_view(const DataSourceRecord& source) {
  const std::string& kind = source.kind;
  nlohmann::json view = datasources::redact_config(kind, source.config);
  view["id"] = source.id;
  view["object"] = "data_source";
  view["kind"] = kind;
  for (const char* optional : {"name", "description", "metadata", "field_map"})
    if (!view.contains(optional)) view[optional] = nullptr;
  view["created_at"] = clock::rfc3339(source.created_ms);
  view["updated_at"] = clock::rfc3339(source.updated_ms);
  if (kind == "records") view["record_count"] = source.record_count.value_or(0);
  return view;
}

}  // namespace s2d
