#include "core/generation.hpp"

namespace s2d {
namespace {

constexpr const char* kStatusNames[] = {"pending", "running", "completed", "failed", "canceled"};

nlohmann::json output_to_storage(const OutputFile& file) {
  nlohmann::json j = {{"format", file.format},         {"file_id", file.file_id},
                      {"content_type", file.content_type}, {"size_bytes", file.size_bytes},
                      {"sha256", file.sha256},         {"pages", file.pages},
                      {"expired", file.expired}};
  if (file.record_index >= 0) j["record_index"] = file.record_index;
  return j;
}

OutputFile output_from_storage(const nlohmann::json& j) {
  OutputFile file;
  file.format = j.value("format", "");
  file.file_id = j.value("file_id", "");
  file.content_type = j.value("content_type", "");
  file.size_bytes = j.value("size_bytes", std::int64_t{0});
  file.sha256 = j.value("sha256", "");
  file.pages = j.value("pages", 0);
  file.expired = j.value("expired", false);
  file.record_index = j.value("record_index", -1);
  return file;
}

}  // namespace

const char* to_string(GenerationStatus status) { return kStatusNames[int(status)]; }

std::optional<GenerationStatus> parse_generation_status(const std::string& text) {
  for (int i = 0; i < 5; ++i)
    if (text == kStatusNames[i]) return GenerationStatus(i);
  return std::nullopt;
}

bool is_terminal(GenerationStatus status) {
  return status == GenerationStatus::completed || status == GenerationStatus::failed ||
         status == GenerationStatus::canceled;
}

bool can_transition(GenerationStatus from, GenerationStatus to) {
  using S = GenerationStatus;
  switch (from) {
    case S::pending:
      return to == S::running || to == S::canceled || to == S::failed;
    case S::running:
      return to == S::completed || to == S::failed || to == S::canceled || to == S::pending;
    default:
      return false;
  }
}

bool transition(Generation& generation, GenerationStatus to, std::int64_t now_ms) {
  if (!can_transition(generation.status, to)) return false;
  generation.status = to;
  if (to == GenerationStatus::running) {
    generation.started_ms = now_ms;
    ++generation.attempts;
  }
  if (is_terminal(to)) generation.completed_ms = now_ms;
  return true;
}

nlohmann::json to_storage(const Generation& g) {
  nlohmann::json outputs = nlohmann::json::array();
  for (const auto& file : g.outputs) outputs.push_back(output_to_storage(file));
  return {{"id", g.id},
          {"workspace_id", g.workspace_id},
          {"template_id", g.template_id},
          {"template_version", g.template_version},
          {"data_source_id", g.data_source_id},
          {"filters", g.filters},
          {"formats", g.formats},
          {"metadata", g.metadata},
          {"options", g.options},
          {"status", to_string(g.status)},
          {"created_ms", g.created_ms},
          {"started_ms", g.started_ms},
          {"completed_ms", g.completed_ms},
          {"outputs", std::move(outputs)},
          {"error", g.error},
          {"warnings", g.warnings},
          {"idempotency_key", g.idempotency_key},
          {"attempts", g.attempts}};
}

Generation generation_from_storage(const nlohmann::json& j) {
  Generation g;
  g.id = j.value("id", "");
  g.workspace_id = j.value("workspace_id", "");
  g.template_id = j.value("template_id", "");
  g.template_version = j.value("template_version", 0);
  g.data_source_id = j.value("data_source_id", "");
  g.filters = j.value("filters", nlohmann::json());
  g.formats = j.value("formats", std::vector<std::string>{});
  g.metadata = j.value("metadata", nlohmann::json::object());
  g.options = j.value("options", nlohmann::json::object());
  g.status = parse_generation_status(j.value("status", "pending")).value_or(GenerationStatus::pending);
  g.created_ms = j.value("created_ms", std::int64_t{0});
  g.started_ms = j.value("started_ms", std::int64_t{0});
  g.completed_ms = j.value("completed_ms", std::int64_t{0});
  for (const auto& file : j.value("outputs", nlohmann::json::array()))
    g.outputs.push_back(output_from_storage(file));
  g.error = j.value("error", nlohmann::json());
  g.warnings = j.value("warnings", std::vector<std::string>{});
  g.idempotency_key = j.value("idempotency_key", "");
  g.attempts = j.value("attempts", 0);
  return g;
}

}  // namespace s2d
