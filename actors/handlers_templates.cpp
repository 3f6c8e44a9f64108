// Templates: create, read (versions, preview and archive come with template management).
#include "actors/handlers.hpp"
#include "actors/handlers_common.hpp"
#include "actors/views.hpp"
#include "core/ids.hpp"
#include "renderers/render.hpp"
#include "storage/schema.hpp"

namespace s2d {

Outcome create_template(HandlerContext& ctx) {
  const auto& body = ctx.call.body;
  const std::string kind = body.value("kind", "markdown");
  const std::string source = body.value("source", "");

  auto inspection = render::inspect_template(kind, source);
  if (inspection.error) return error_outcome(template_invalid_error(*inspection.error), ctx.call.request_id);

  const std::string id = ids::make("tpl");
  nlohmann::json record = {{"id", id},
                           {"workspace_id", ctx.call.workspace_id},
                           {"name", body.value("name", "")},
                           {"kind", kind},
                           {"created_ms", ctx.now_ms},
                           {"updated_ms", ctx.now_ms},
                           {"latest_version", 1},
                           {"archived", false},
                           {"fields", inspection.fields},
                           {"required_fields", body.value("required_fields", nlohmann::json::array())},
                           {"sample_data", body.value("sample_data", nlohmann::json())}};
  nlohmann::json version = {{"template_id", id},
                            {"version", 1},
                            {"source", source},
                            {"created_ms", ctx.now_ms},
                            {"fields", inspection.fields}};
  Outcome outcome;
  storage::put_json(outcome.batch, storage::Table::templates,
                    storage::keys::scoped(ctx.call.workspace_id, id), record);
  storage::put_json(outcome.batch, storage::Table::template_versions,
                    storage::keys::template_version(id, 1), version);
  outcome.reply = json_reply(201, template_view(record));
  return outcome;
}

Outcome get_template(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto record = storage::get_json(*ctx.services.db, storage::Table::templates,
                                  storage::keys::scoped(ctx.call.workspace_id, id));
  if (!record) return error_outcome(errors::resource_missing("template", id), ctx.call.request_id);
  return reply_outcome(json_reply(200, template_view(*record)));
}

}  // namespace s2d
