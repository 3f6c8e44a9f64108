// Templates: create, list, read, update (wiring), archive, versions, preview planning.
#include "core/ids.hpp"
#include "core/records.hpp"
#include "datasources/field_map.hpp"
#include "generation/data_resolution.hpp"
#include "generation/render_job.hpp"
#include "generation/template_versions.hpp"
#include "renderers/render.hpp"
#include "resources/handlers.hpp"
#include "resources/handlers_common.hpp"
#include "resources/pagination.hpp"
#include "services/views.hpp"
#include "storage/schema.hpp"

#include <algorithm>
#include <cstdio>

namespace s2d {
namespace {

constexpr int kPreviewMaxSeconds = 30;
constexpr std::size_t kPreviewMaxBytes = 16u << 20;

std::optional<TemplateRecord> load_template(HandlerContext& ctx, const std::string& id) {
  auto stored = storage::get_json(*ctx.services.db, storage::Table::templates,
                                  storage::keys::scoped(ctx.call.workspace_id, id));
  if (!stored) return std::nullopt;
  return stored->get<TemplateRecord>();
}

std::optional<TemplateVersionRecord> load_version(HandlerContext& ctx, const std::string& id, int number) {
  auto stored = storage::get_json(*ctx.services.db, storage::Table::template_versions,
                                  storage::keys::template_version(id, number));
  if (!stored) return std::nullopt;
  return stored->get<TemplateVersionRecord>();
}

Outcome template_missing(HandlerContext& ctx, const std::string& id) {
  return error_outcome(errors::resource_missing("template", id), ctx.call.request_id);
}

ApiError template_archived(const std::string& id) {
  ApiError e = errors::parameter_invalid("id", "Template '" + id + "' is archived: it takes no new versions or changes.");
  e.code = "template_archived";
  return e;
}

Outcome store_template(HandlerContext& ctx, const TemplateRecord& record) {
  Outcome outcome;
  storage::put_json(outcome.batch, storage::Table::templates, storage::keys::scoped(ctx.call.workspace_id, record.id),
                    record);
  outcome.reply = json_reply(200, template_view(record));
  return outcome;
}

// The template record keeps a copy of what its latest version says, for the template view.
void show_latest(TemplateRecord& record, const TemplateVersionRecord& version) {
  record.fields = version.fields;
  record.required_fields = version.required_fields;
  record.sample_data = version.sample_data;
  record.documents = version.documents;
  record.assets = version.assets;
  record.latest_version = version.version;
}

// The wiring fields of a create or update body: the default source must exist, the map must be well formed.
std::optional<ApiError> check_wiring(HandlerContext& ctx, const nlohmann::json& body) {
  if (body.contains("default_data_source_id") && body["default_data_source_id"].is_string()) {
    const auto source_id = body["default_data_source_id"].get<std::string>();
    if (!ctx.services.db->get(storage::Table::data_sources, storage::keys::scoped(ctx.call.workspace_id, source_id))) {
      auto e = errors::resource_missing("data source", source_id);
      e.param = "default_data_source_id";
      return e;
    }
  }
  if (body.contains("field_map") && body["field_map"].is_object())
    if (auto problem = datasources::check_field_map(body["field_map"]))
      return errors::parameter_invalid(problem->param, problem->message);
  return std::nullopt;
}

// A version-number cursor ("3") as its key suffix.
std::optional<std::string> version_cursor(const std::string& text) {
  int number = 0;
  try {
    std::size_t used = 0;
    number = std::stoi(text, &used);
    if (used != text.size()) number = 0;
  } catch (const std::exception&) {
    number = 0;
  }
  if (number < 1) return std::nullopt;
  char digits[16];
  std::snprintf(digits, sizeof digits, "%010d", number);
  return std::string(digits);
}

ApiError preview_error(const nlohmann::json& error) {
  ApiError e;
  e.type = error.value("type", "render_error");
  e.code = error.value("code", "render_failed");
  e.message = error.value("message", "");
  e.status = e.type == "invalid_request_error" ? 400 : 422;
  for (const char* field : {"placeholder", "field", "line", "column", "tag", "context", "part", "paragraph", "cell", "slide"})
    if (error.contains(field)) e.extra[field] = error[field];
  return e;
}

}  // namespace

Outcome create_template(HandlerContext& ctx) {
  const auto& body = ctx.call.body;
  const std::string kind = body.value("kind", "markdown");
  if (auto e = check_wiring(ctx, body)) return error_outcome(*e, ctx.call.request_id);

  Outcome outcome;
  const std::string id = ids::make("tpl");
  TemplateVersionRecord version;
  if (auto e = build_version({body, kind, id, 1, nullptr, ctx.now_ms}, outcome.batch, &version))
    return error_outcome(*e, ctx.call.request_id);

  TemplateRecord record;
  record.id = id;
  record.workspace_id = ctx.call.workspace_id;
  record.name = body.value("name", "");
  record.kind = kind;
  record.created_ms = record.updated_ms = ctx.now_ms;
  record.default_data_source_id = body.value("default_data_source_id", nlohmann::json());
  record.field_map = body.value("field_map", nlohmann::json());
  show_latest(record, version);
  storage::put_json(outcome.batch, storage::Table::templates, storage::keys::scoped(ctx.call.workspace_id, id), record);
  storage::put_json(outcome.batch, storage::Table::template_versions, storage::keys::template_version(id, 1), version);
  outcome.reply = json_reply(201, template_view(record));
  return outcome;
}

Outcome get_template(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto record = load_template(ctx, id);
  if (!record) return template_missing(ctx, id);
  return reply_outcome(json_reply(200, template_view(*record)));
}

Outcome list_templates(HandlerContext& ctx) {
  std::optional<bool> archived;
  if (auto it = ctx.call.query.find("archived"); it != ctx.call.query.end()) {
    if (it->second != "true" && it->second != "false")
      return error_outcome(errors::parameter_invalid("archived", "archived must be true or false."),
                           ctx.call.request_id);
    archived = it->second == "true";
  }
  auto view = [&](std::string_view, std::string_view value) -> std::optional<nlohmann::json> {
    auto record = nlohmann::json::parse(value).get<TemplateRecord>();
    if (archived && record.archived != *archived) return std::nullopt;
    return template_view(record);
  };
  return list_outcome(ctx, storage::Table::templates, storage::keys::workspace_prefix(ctx.call.workspace_id),
                      "/v1/templates", view);
}

Outcome update_template(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  const auto& body = ctx.call.body;
  auto record = load_template(ctx, id);
  if (!record) return template_missing(ctx, id);
  if (record->archived) return error_outcome(template_archived(id), ctx.call.request_id);
  if (auto e = check_wiring(ctx, body)) return error_outcome(*e, ctx.call.request_id);
  if (body.contains("name")) record->name = body["name"].get<std::string>();
  if (body.contains("default_data_source_id")) record->default_data_source_id = body["default_data_source_id"];
  if (body.contains("field_map")) record->field_map = body["field_map"];
  record->updated_ms = ctx.now_ms;
  return store_template(ctx, *record);
}

Outcome archive_template(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto record = load_template(ctx, id);
  if (!record) return template_missing(ctx, id);
  if (record->archived) return reply_outcome(json_reply(200, template_view(*record)));
  record->archived = true;
  record->archived_ms = ctx.now_ms;
  record->updated_ms = ctx.now_ms;
  return store_template(ctx, *record);
}

Outcome create_template_version(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto record = load_template(ctx, id);
  if (!record) return template_missing(ctx, id);
  if (record->archived) return error_outcome(template_archived(id), ctx.call.request_id);
  const int latest = record->latest_version;
  auto previous = load_version(ctx, id, latest);

  Outcome outcome;
  TemplateVersionRecord version;
  VersionUpload upload{ctx.call.body, record->kind, id, latest + 1, previous ? &*previous : nullptr, ctx.now_ms};
  if (auto e = build_version(upload, outcome.batch, &version)) return error_outcome(*e, ctx.call.request_id);
  show_latest(*record, version);
  record->updated_ms = ctx.now_ms;
  storage::put_json(outcome.batch, storage::Table::template_versions, storage::keys::template_version(id, latest + 1),
                    version);
  storage::put_json(outcome.batch, storage::Table::templates, storage::keys::scoped(ctx.call.workspace_id, id), *record);
  outcome.reply = json_reply(201, template_version_view(version));
  return outcome;
}

Outcome list_template_versions(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  if (!load_template(ctx, id)) return template_missing(ctx, id);
  PageRequest page;
  if (auto e = parse_page(ctx.call.query, &page)) return error_outcome(*e, ctx.call.request_id);
  for (auto [name, cursor] : {std::pair{"starting_after", &page.starting_after},
                              std::pair{"ending_before", &page.ending_before}}) {
    if (cursor->empty()) continue;
    auto key = version_cursor(*cursor);
    if (!key)
      return error_outcome(errors::parameter_invalid(name, std::string(name) + " must be a version number."),
                           ctx.call.request_id);
    *cursor = *key;
  }
  auto view = [](std::string_view, std::string_view value) -> std::optional<nlohmann::json> {
    return template_version_view(nlohmann::json::parse(value).get<TemplateVersionRecord>());
  };
  return reply_outcome(json_reply(200, list_page(*ctx.services.db, storage::Table::template_versions,
                                                 storage::keys::template_versions_prefix(id), page,
                                                 "/v1/templates/" + id + "/versions", view)));
}

int preview_timeout_seconds(const Settings& settings) {
  return std::min(settings.render_timeout_seconds, kPreviewMaxSeconds);
}

PreviewPlan plan_preview(HandlerContext& ctx) {
  PreviewPlan plan;
  const auto& body = ctx.call.body;
  const auto& id = ctx.call.params.at("id");
  const auto& request_id = ctx.call.request_id;
  auto refuse = [&](const ApiError& e) {
    plan.refusal = error_reply(e, request_id);
    return plan;
  };
  auto record = load_template(ctx, id);
  if (!record) return refuse(errors::resource_missing("template", id));
  const int latest = record->latest_version;
  const int number = body.value("version", latest);
  if (number > latest)
    return refuse(errors::parameter_invalid("version", "Template version " + std::to_string(number) +
                                                           " does not exist (latest is " + std::to_string(latest) + ")."));
  auto version = load_version(ctx, id, number);
  if (!version) return refuse(errors::resource_missing("template version", std::to_string(number)));
  // A draft replaces only the source: the editor previews unsaved Markdown with the version's assets and data.
  if (body.contains("source")) {
    if (record->kind != "markdown")
      return refuse(errors::parameter_invalid("source", "Only Markdown templates preview a draft 'source'."));
    if (!body["source"].is_string() || body["source"].get_ref<const std::string&>().empty())
      return refuse(errors::parameter_invalid("source", "'source' must be a non-empty string."));
  }
  const std::string format = body.value("format", "");
  if (!render::is_format_of_kind(record->kind, format))
    return refuse(errors::output_format_unsupported(format, render::formats_of_kind(record->kind), "format"));

  nlohmann::json data = body.contains("data") ? body["data"] : version->sample_data;
  if (data.is_null()) {
    auto e = errors::parameter_missing("data");
    e.message = "Give 'data': version " + std::to_string(number) + " of this template has no sample_data.";
    return refuse(e);
  }
  auto documents = documents_from_inline(std::move(data), renders_per_record(*version));
  if (!documents.error.is_null()) return refuse(errors::parameter_invalid("data", "The data is an empty list."));
  auto missing = check_required_fields(version->required_fields, documents.documents[0]);
  if (!missing.is_null()) return refuse(preview_error(missing));

  std::string missing_asset;
  plan.request.assets = load_assets(*ctx.services.db, id, *version, &missing_asset);
  if (!missing_asset.empty()) return refuse(errors::internal("The bytes of asset '" + missing_asset + "' are missing."));
  const auto options = body.value("options", nlohmann::json::object());
  const auto& settings = ctx.services.settings;
  plan.request.template_kind = record->kind;
  if (body.contains("source")) {
    plan.request.source = body["source"].get<std::string>();
  } else {
    auto source = load_source(*ctx.services.db, id, *version);
    if (!source) return refuse(errors::internal("The bytes of the template's file are missing."));
    plan.request.source = std::move(*source);
  }
  plan.request.data = std::move(documents.documents[0]);
  plan.request.formats = {format};
  plan.request.locale = options.value("locale", "");
  const auto workspace = ctx.workspace.get<WorkspaceRecord>();
  plan.request.default_locale = workspace.default_locale.value_or("en-US");
  plan.request.timezone = options.value("timezone", workspace.default_timezone.value_or("UTC"));
  plan.request.limits.max_output_bytes = std::min(settings.max_output_bytes, kPreviewMaxBytes);
  plan.request.limits.max_iterations = settings.max_loop_iterations;
  plan.request.limits.max_depth = settings.max_template_depth;
  std::string base = record->name;
  if (base.empty()) base = id;
  plan.filename = base + "-v" + std::to_string(number) + "-preview." + render::file_extension_for(format);
  return plan;
}

ApiReply preview_reply(const PreviewPlan& plan, PreviewRendered rendered, const std::string& request_id) {
  if (rendered.timed_out)
    return error_reply(preview_error(generation_error("render_error", "render_timeout",
                                                      "The preview took longer than its time limit.")),
                       request_id);
  if (!rendered.ok) {
    auto error = nlohmann::json::parse(rendered.error_json, nullptr, false);
    if (error.is_discarded()) error = generation_error("render_error", "render_failed", rendered.error_json);
    return error_reply(preview_error(error), request_id);
  }
  if (rendered.bytes.size() > kPreviewMaxBytes)
    return error_reply(preview_error(generation_error("render_error", "preview_too_large",
                                                      "The preview file is larger than " +
                                                          std::to_string(kPreviewMaxBytes >> 20) +
                                                          " MiB; render it with a generation.")),
                       request_id);
  auto reply = file_reply(std::move(rendered.bytes), rendered.content_type, plan.filename);
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

}  // namespace s2d
