#include "generation/render_job.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "core/records.hpp"
#include "generation/data_resolution.hpp"
#include "generation/remote_images.hpp"
#include "generation/template_versions.hpp"
#include "renderers/render.hpp"
#include "storage/schema.hpp"
#include "webhooks/outbox.hpp"

namespace s2d {
namespace {

std::string option_or(const nlohmann::json& options, const char* option, const std::optional<std::string>& workspace_default,
                      const char* fallback) {
  if (options.contains(option) && options[option].is_string() && !options[option].get<std::string>().empty())
    return options[option];
  return workspace_default.value_or(fallback);
}

// Inline data, or the records of the generation's data source.
DocumentsData gather_documents(const Services& services, const Generation& g, const TemplateRecord& tpl,
                               bool per_record) {
  if (g.data_source_id.empty()) {
    auto data = services.db->get(storage::Table::generation_data, g.id);
    if (!data) {
      DocumentsData out;
      out.error = generation_error("api_error", "internal", "The generation's inline data is missing.");
      return out;
    }
    return documents_from_inline(nlohmann::json::parse(*data), per_record);
  }
  auto source = storage::get_json(*services.db, storage::Table::data_sources,
                                  storage::keys::scoped(g.workspace_id, g.data_source_id));
  if (!source) {
    DocumentsData out;
    out.error = generation_error("data_source_error", "data_source_missing",
                                 "Data source " + g.data_source_id + " was deleted.");
    out.error["context"] = {{"data_source_id", g.data_source_id}, {"kind", nullptr}};  // its kind went with it
    return out;
  }
  // The template's field_map is its wiring to its default source only.
  const bool default_source = tpl.default_data_source_id == g.data_source_id;
  const auto record = source->get<DataSourceRecord>();
  auto fetched = fetch_source_records(services, record, g.filters, default_source ? tpl.field_map : nlohmann::json(),
                                      g.batch_record_seq);
  if (!fetched.error.is_null()) {
    DocumentsData out;
    out.error = std::move(fetched.error);
    return out;
  }
  auto documents = documents_from_records(std::move(fetched.records), per_record);
  if (!documents.error.is_null())
    documents.error["context"] = {{"data_source_id", g.data_source_id}, {"kind", record.kind}};
  return documents;
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
  for (const char* where : {"part", "paragraph", "cell", "slide"})
    if (f.context.contains(where)) j[where] = f.context[where];
  j["context"] = f.context;
  return j;
}

void explain_missing_field(nlohmann::json& error, const RenderInput& input) {
  if (input.wrapped_records == 0 || !error.is_object() || error.value("code", "") != "missing_required_field") return;
  const auto count = std::to_string(input.wrapped_records);
  error["message"] = error.value("message", "") + " The filters matched " + count +
                     " records, so the template received {\"records\": [...]} instead of one record: narrow the "
                     "filters to one record, iterate with {{#each records}}, or render one document per record "
                     "(documents: per_record).";
  if (!error["context"].is_object()) error["context"] = nlohmann::json::object();
  error["context"]["records_matched"] = input.wrapped_records;
  error["context"]["received"] = "records";
}

RenderInput gather_render_input(const Services& services, const Generation& g,
                                const nlohmann::json& workspace_record) {
  RenderInput input;
  input.locale = g.options.value("locale", "");
  const auto workspace = workspace_record.get<WorkspaceRecord>();
  input.default_locale = workspace.default_locale.value_or("en-US");
  input.timezone = option_or(g.options, "timezone", workspace.default_timezone, "UTC");

  auto stored_version = storage::get_json(*services.db, storage::Table::template_versions,
                                          storage::keys::template_version(g.template_id, g.template_version));
  auto stored_template = storage::get_json(*services.db, storage::Table::templates,
                                           storage::keys::scoped(g.workspace_id, g.template_id));
  if (!stored_version || !stored_template) {
    input.error = generation_error("template_error", "template_missing",
                                   "Template " + g.template_id + " version " + std::to_string(g.template_version) +
                                       " no longer exists.");
    return input;
  }
  const auto version = stored_version->get<TemplateVersionRecord>();
  const auto tpl = stored_template->get<TemplateRecord>();
  input.template_kind = tpl.kind;
  auto source = load_source(*services.db, g.template_id, version);
  if (!source) {
    input.error = generation_error("api_error", "internal", "The bytes of the template's file are missing.");
    return input;
  }
  input.source = std::move(*source);
  std::string missing_asset;
  input.assets = load_assets(*services.db, g.template_id, version, &missing_asset);
  if (!missing_asset.empty()) {
    input.error = generation_error("api_error", "internal", "The bytes of asset '" + missing_asset + "' are missing.");
    return input;
  }

  auto documents = gather_documents(services, g, tpl, renders_per_record(version));
  if (!documents.error.is_null()) {
    input.error = std::move(documents.error);
    return input;
  }
  input.wrapped_records = documents.wrapped_records;
  const auto& required = version.required_fields;
  for (std::size_t i = 0; i < documents.documents.size(); ++i) {
    auto missing = check_required_fields(required, documents.documents[i]);
    if (!missing.is_null()) {
      if (documents.per_record) missing["context"]["record_index"] = i;
      explain_missing_field(missing, input);
      input.error = std::move(missing);
      return input;
    }
    input.documents.push_back(documents.documents[i].dump());
  }
  input.per_record = documents.per_record;
  auto images = fetch_remote_images(services, tpl.kind, input.source, documents.documents, input.assets);
  if (!images.error.is_null()) {
    input.error = std::move(images.error);
    return input;
  }
  for (auto& image : images.assets) input.assets.push_back(std::move(image));
  return input;
}

std::string download_filename(const Generation& g, const OutputFile& file) {
  const std::string extension = render::file_extension_for(file.format);
  std::string base = g.options.value("filename", g.id);
  auto dot = base.rfind('.');
  if (dot != std::string::npos && base.substr(dot + 1) == extension) base.resize(dot);
  if (file.record_index >= 0) base += "-" + std::to_string(file.record_index + 1);
  return base + "." + extension;
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
    output.record_index = file.record_index;
    if (!services.files->write(g.workspace_id, output.file_id, file.bytes, error)) return {};
    outputs.push_back(std::move(output));
  }
  return outputs;
}

storage::Batch terminal_batch(const Services& services, const Generation& g, std::vector<std::string>* outbox_keys) {
  storage::Batch batch;
  storage::put_json(batch, storage::Table::generations, storage::keys::scoped(g.workspace_id, g.id), to_storage(g));
  for (const auto& file : g.outputs) {
    FileRecord record;
    record.id = file.file_id;
    record.workspace_id = g.workspace_id;
    record.generation_id = g.id;
    record.format = file.format;
    record.content_type = file.content_type;
    record.size_bytes = file.size_bytes;
    record.sha256 = file.sha256;
    record.filename = download_filename(g, file);
    record.created_ms = g.completed_ms;
    storage::put_json(batch, storage::Table::files, file.file_id, record);
  }
  batch.erase(storage::Table::queue, g.id);
  if (!g.batch_id.empty()) {
    // The batch's driver folds this mark into the batch's counts (and
    // deletes it) in one write, so each item is counted exactly once.
    batch.put(storage::Table::batch_marks, g.batch_id + "/" + g.id, to_string(g.status));
    if (g.status == GenerationStatus::failed) batch.put(storage::Table::batch_failed, g.batch_id + "/" + g.id, "");
  }
  outbox_keys->clear();
  if (g.batch_id.empty() || g.batch_item_events)
    *outbox_keys = webhooks::append_generation_event(services, g, clock::now_ms(), batch);
  return batch;
}

}  // namespace s2d
