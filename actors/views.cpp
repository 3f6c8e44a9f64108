#include "actors/views.hpp"

#include "core/clock.hpp"

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

}  // namespace

nlohmann::json time_or_null(std::int64_t ms) {
  return ms ? nlohmann::json(clock::rfc3339(ms)) : nlohmann::json(nullptr);
}

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
                             {"pages", file.pages},
                             {"expired", file.expired},
                             {"url", nullptr},
                             {"url_expires_at", nullptr}};
    if (!file.expired) {
      auto signed_url = sign_file_url(services, g.workspace_id, file.file_id, ttl, now_ms);
      output["url"] = signed_url.url;
      output["url_expires_at"] = clock::rfc3339(signed_url.expires * 1000);
    }
    outputs.push_back(std::move(output));
  }
  return {{"id", g.id},
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
}

nlohmann::json template_view(const nlohmann::json& t) {
  return {{"id", t.value("id", "")},
          {"object", "template"},
          {"name", t.value("name", "")},
          {"kind", t.value("kind", "markdown")},
          {"latest_version", t.value("latest_version", 1)},
          {"archived", t.value("archived", false)},
          {"created_at", clock::rfc3339(t.value("created_ms", std::int64_t{0}))},
          {"updated_at", clock::rfc3339(t.value("updated_ms", std::int64_t{0}))},
          {"fields", t.value("fields", nlohmann::json::array())},
          {"required_fields", t.value("required_fields", nlohmann::json::array())},
          {"sample_data", t.value("sample_data", nlohmann::json())}};
}

}  // namespace s2d
