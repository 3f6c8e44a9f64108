#include "core/generation.hpp"

#include "core/records.hpp"

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
  read_field(j, "format", file.format);
  read_field(j, "file_id", file.file_id);
  read_field(j, "content_type", file.content_type);
  read_field(j, "size_bytes", file.size_bytes);
  read_field(j, "sha256", file.sha256);
  read_field(j, "pages", file.pages);
  read_field(j, "expired", file.expired);
  read_field(j, "record_index", file.record_index);
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
  nlohmann::json stored = {{"id", g.id},
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
  // Batch fields only on batch items, so other records keep their stored shape.
  if (!g.batch_id.empty()) {
    stored["batch_id"] = g.batch_id;
    stored["batch_index"] = g.batch_index;
    stored["batch_item_key"] = g.batch_item_key;
    stored["batch_item_events"] = g.batch_item_events;
    if (g.batch_record_seq >= 0) stored["batch_record_seq"] = g.batch_record_seq;
  }
  return stored;
}

Generation generation_from_storage(const nlohmann::json& j) {
  Generation g;
  read_field(j, "id", g.id);
  read_field(j, "workspace_id", g.workspace_id);
  read_field(j, "template_id", g.template_id);
  read_field(j, "template_version", g.template_version);
  read_field(j, "data_source_id", g.data_source_id);
  read_field(j, "filters", g.filters);
  read_field(j, "formats", g.formats);
  read_field(j, "metadata", g.metadata);
  read_field(j, "options", g.options);
  std::string status = "pending";
  read_field(j, "status", status);
  g.status = parse_generation_status(status).value_or(GenerationStatus::pending);
  read_field(j, "created_ms", g.created_ms);
  read_field(j, "started_ms", g.started_ms);
  read_field(j, "completed_ms", g.completed_ms);
  nlohmann::json outputs = nlohmann::json::array();
  read_field(j, "outputs", outputs);
  for (const auto& file : outputs) g.outputs.push_back(output_from_storage(file));
  read_field(j, "error", g.error);
  read_field(j, "warnings", g.warnings);
  read_field(j, "idempotency_key", g.idempotency_key);
  read_field(j, "attempts", g.attempts);
  read_field(j, "batch_id", g.batch_id);
  read_field(j, "batch_index", g.batch_index);
  read_field(j, "batch_item_key", g.batch_item_key);
  read_field(j, "batch_item_events", g.batch_item_events);
  read_field(j, "batch_record_seq", g.batch_record_seq);
  return g;
}

}  // namespace s2d
