#include "actors/generation_job.hpp"

#include "actors/webhook_outbox.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "renderers/render.hpp"
#include "storage/schema.hpp"

namespace s2d {
namespace {

std::string option_or(const nlohmann::json& options, const nlohmann::json& workspace, const char* option,
                      const char* workspace_default, const char* fallback) {
  if (options.contains(option) && options[option].is_string() && !options[option].get<std::string>().empty())
    return options[option];
  return workspace.value(workspace_default, std::string(fallback));
}

}  // namespace

nlohmann::json generation_error(const std::string& type, const std::string& code, const std::string& message) {
  return {{"type", type}, {"code", code}, {"message", message}, {"placeholder", nullptr},
          {"field", nullptr}, {"line", nullptr}, {"column", nullptr}, {"context", nlohmann::json::object()}};
}

nlohmann::json failure_json(const render::Failure& f) {
  auto j = generation_error(f.type, f.code, f.message);
  if (!f.placeholder.empty()) j["placeholder"] = j["field"] = f.placeholder;
  if (f.line) j["line"] = f.line;
  if (f.column) j["column"] = f.column;
  if (!f.tag.empty()) j["tag"] = f.tag;
  j["context"] = f.context;
  return j;
}

RenderInput gather_render_input(const Services& services, const Generation& g,
                                const nlohmann::json& workspace_record) {
  RenderInput input;
  input.locale = option_or(g.options, workspace_record, "locale", "default_locale", "en-US");
  input.timezone = option_or(g.options, workspace_record, "timezone", "default_timezone", "UTC");

  auto version = storage::get_json(*services.db, storage::Table::template_versions,
                                   storage::keys::template_version(g.template_id, g.template_version));
  auto tpl = storage::get_json(*services.db, storage::Table::templates,
                               storage::keys::scoped(g.workspace_id, g.template_id));
  if (!version || !tpl) {
    input.error = generation_error("template_error", "template_missing",
                                   "Template " + g.template_id + " version " +
                                       std::to_string(g.template_version) + " no longer exists.");
    return input;
  }
  input.template_kind = tpl->value("kind", "markdown");
  input.source = version->value("source", "");

  auto data = services.db->get(storage::Table::generation_data, g.id);
  if (!data) {
    input.error = generation_error("data_source_error", "data_source_unreachable",
                                   "The generation has no inline data and data sources are not configured.");
    return input;
  }
  input.data_json = std::move(*data);
  return input;
}

std::string download_filename(const Generation& g, const std::string& format) {
  std::string base = g.options.value("filename", g.id);
  auto dot = base.rfind('.');
  if (dot != std::string::npos && base.substr(dot + 1) == render::file_extension_for(format)) base.resize(dot);
  return base + "." + render::file_extension_for(format);
}

std::vector<OutputFile> store_outputs(const Services& services, const Generation& g,
                                      const std::vector<RenderedFile>& files, std::string* error) {
  std::vector<OutputFile> outputs;
  for (const auto& file : files) {
    OutputFile output;
    output.format = file.format;
    output.file_id = ids::make("file");
    output.content_type = file.content_type;
    output.size_bytes = std::int64_t(file.bytes.size());
    output.sha256 = crypto::sha256_hex(file.bytes);
    output.pages = file.pages;
    if (!services.files->write(g.workspace_id, output.file_id, file.bytes, error)) return {};
    outputs.push_back(std::move(output));
  }
  return outputs;
}

storage::Batch terminal_batch(const Services& services, const Generation& g, std::vector<std::string>* outbox_keys) {
  storage::Batch batch;
  storage::put_json(batch, storage::Table::generations, storage::keys::scoped(g.workspace_id, g.id), to_storage(g));
  for (const auto& file : g.outputs) {
    storage::put_json(batch, storage::Table::files, file.file_id,
                      {{"id", file.file_id},
                       {"workspace_id", g.workspace_id},
                       {"generation_id", g.id},
                       {"format", file.format},
                       {"content_type", file.content_type},
                       {"size_bytes", file.size_bytes},
                       {"sha256", file.sha256},
                       {"filename", download_filename(g, file.format)},
                       {"created_ms", g.completed_ms},
                       {"expired", false}});
  }
  batch.erase(storage::Table::queue, g.id);
  *outbox_keys = webhooks::append_generation_event(services, g, clock::now_ms(), batch);
  return batch;
}

}  // namespace s2d
