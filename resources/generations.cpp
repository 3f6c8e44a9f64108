// Generations: create (durable before the 202), read, list.
#include "core/ids.hpp"
#include "core/records.hpp"
#include "resources/handlers.hpp"
#include "resources/handlers_common.hpp"
#include "resources/pagination.hpp"
#include "services/views.hpp"
#include "storage/schema.hpp"

#include <set>

namespace s2d {

std::optional<ApiError> check_template(const TemplateRecord& tpl, const nlohmann::json& body, int* version) {
  if (tpl.archived) {
    ApiError e = errors::parameter_invalid(
        "template_id", "Template '" + tpl.id + "' is archived; new generations are refused.");
    e.code = "template_archived";
    return e;
  }
  const int latest = tpl.latest_version;
  *version = body.contains("template_version") ? body["template_version"].get<int>() : latest;
  if (*version < 1 || *version > latest)
    return errors::parameter_invalid("template_version",
                                     "Template version " + std::to_string(*version) +
                                         " does not exist (latest is " + std::to_string(latest) + ").");
  return std::nullopt;
}

namespace {

// The generation's data source: the one it names, else (without inline
// data) the template's default source; empty for inline data.
std::optional<ApiError> choose_data_source(HandlerContext& ctx, const TemplateRecord& tpl, std::string* source_id) {
  const auto& body = ctx.call.body;
  const bool has_data = body.contains("data");
  const bool has_source = body.contains("data_source_id");
  if (has_data && has_source)
    return errors::parameter_invalid("data_source_id", "Give exactly one of 'data' or 'data_source_id'.");
  if (has_data) {
    if (body.contains("filters")) return errors::parameter_invalid("filters", "'filters' needs a data source.");
    return std::nullopt;
  }
  const auto& default_source = tpl.default_data_source_id;
  if (!has_source && !default_source.is_string())
    return errors::parameter_invalid("data", "Give exactly one of 'data' or 'data_source_id' (the template has no "
                                             "default data source).");
  *source_id = has_source ? body["data_source_id"].get<std::string>() : default_source.get<std::string>();
  if (!ctx.services.db->get(storage::Table::data_sources, storage::keys::scoped(ctx.call.workspace_id, *source_id))) {
    auto e = errors::resource_missing("data source", *source_id);
    e.param = has_source ? "data_source_id" : "template_id";
    if (!has_source) e.message = "The template's default data source " + *source_id + " no longer exists.";
    return e;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ApiError> check_outputs(const nlohmann::json& outputs, const std::string& template_kind) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto name = outputs[i].get<std::string>();
    const auto param = "outputs[" + std::to_string(i) + "]";
    if (!render::is_format_of_kind(template_kind, name))
      return errors::output_format_unsupported(name, render::formats_of_kind(template_kind), param);
    if (!seen.insert(name).second)
      return errors::parameter_invalid(param, "Format '" + name + "' is listed twice.");
  }
  return std::nullopt;
}

std::optional<ApiError> check_options(const nlohmann::json& options, const Settings& settings) {
  if (options.contains("url_ttl_seconds")) {
    auto ttl = options["url_ttl_seconds"].get<std::int64_t>();
    if (ttl < 1 || ttl > settings.url_ttl_max_seconds)
      return errors::parameter_invalid("options.url_ttl_seconds",
                                       "url_ttl_seconds must be from 1 to " +
                                           std::to_string(settings.url_ttl_max_seconds) + ".");
  }
  return std::nullopt;
}

Outcome create_generation(HandlerContext& ctx) {
  const auto& body = ctx.call.body;
  const auto& request_id = ctx.call.request_id;
  const auto& ws = ctx.call.workspace_id;
  const std::string template_id = body.value("template_id", "");

  auto stored_template =
      storage::get_json(*ctx.services.db, storage::Table::templates, storage::keys::scoped(ws, template_id));
  if (!stored_template) {
    auto e = errors::resource_missing("template", template_id);
    e.param = "template_id";
    return error_outcome(e, request_id);
  }
  const auto tpl = stored_template->get<TemplateRecord>();
  int version = 0;
  if (auto e = check_template(tpl, body, &version)) return error_outcome(*e, request_id);

  const bool has_data = body.contains("data");
  std::string source_id;
  if (auto e = choose_data_source(ctx, tpl, &source_id)) return error_outcome(*e, request_id);
  if (auto e = check_outputs(body["outputs"], tpl.kind)) return error_outcome(*e, request_id);
  const auto options = body.value("options", nlohmann::json::object());
  if (auto e = check_options(options, ctx.services.settings)) return error_outcome(*e, request_id);

  Generation g;
  g.id = ids::make("gen");
  g.workspace_id = ws;
  g.template_id = template_id;
  g.template_version = version;
  g.data_source_id = source_id;
  g.filters = body.value("filters", nlohmann::json());
  g.formats = body["outputs"].get<std::vector<std::string>>();
  g.metadata = body.value("metadata", nlohmann::json::object());
  g.options = options;
  g.created_ms = ctx.now_ms;
  g.idempotency_key = ctx.call.idempotency_key;

  Outcome outcome;
  storage::put_json(outcome.batch, storage::Table::generations, storage::keys::scoped(ws, g.id), to_storage(g));
  if (has_data) outcome.batch.put(storage::Table::generation_data, g.id, body["data"].dump());
  outcome.batch.put(storage::Table::queue, g.id, ws);
  outcome.admit.push_back(g.id);
  outcome.reply = json_reply(202, generation_view(g, ctx.services, ctx.now_ms));
  return outcome;
}

Outcome get_generation(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto stored = storage::get_json(*ctx.services.db, storage::Table::generations,
                                  storage::keys::scoped(ctx.call.workspace_id, id));
  if (!stored) return error_outcome(errors::resource_missing("generation", id), ctx.call.request_id);
  return reply_outcome(json_reply(200, generation_view(generation_from_storage(*stored), ctx.services, ctx.now_ms)));
}

Outcome list_generations(HandlerContext& ctx) {
  const auto& query = ctx.call.query;

  std::optional<GenerationStatus> status;
  if (auto it = query.find("status"); it != query.end()) {
    status = parse_generation_status(it->second);
    if (!status)
      return error_outcome(errors::parameter_invalid("status", "Unknown status '" + it->second + "'."),
                           ctx.call.request_id);
  }
  std::string template_id = query.count("template_id") ? query.at("template_id") : "";
  if (auto it = query.find("batch_id"); it != query.end()) return list_batch_items(ctx, it->second, status, template_id);
  const auto prefix = storage::keys::workspace_prefix(ctx.call.workspace_id);
  KeyRange range;
  if (auto e = parse_created_range(query, prefix, "gen", &range)) return error_outcome(*e, ctx.call.request_id);

  auto view = [&](std::string_view, std::string_view value) -> std::optional<nlohmann::json> {
    auto g = generation_from_storage(nlohmann::json::parse(value));
    if (status && g.status != *status) return std::nullopt;
    if (!template_id.empty() && g.template_id != template_id) return std::nullopt;
    return generation_view(g, ctx.services, ctx.now_ms);
  };
  return list_outcome(ctx, storage::Table::generations, prefix, "/v1/generations", view, range);
}

}  // namespace s2d
