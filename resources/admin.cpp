// Operator routes (/v1/admin/...): workspaces and their limits. They run in
// the operator's own scope (kOperatorScope) with the same stages as any
// workspace: rate limit, idempotency, durable commit before the reply.
#include "core/clock.hpp"
#include "resources/handlers.hpp"
#include "resources/handlers_common.hpp"
#include "resources/pagination.hpp"
#include "services/bootstrap.hpp"
#include "services/views.hpp"
#include "storage/schema.hpp"

namespace s2d {
namespace {

void apply_limits(const nlohmann::json& body, nlohmann::json& record) {
  for (const char* field : {"name", "rate_limit_per_second", "rate_limit_burst", "concurrency"})
    if (body.contains(field)) record[field] = body[field];
}

}  // namespace

nlohmann::json workspace_view(const nlohmann::json& record, const Settings& settings) {
  return {{"id", record.value("id", "")},
          {"object", "workspace"},
          {"name", record.value("name", "")},
          {"created_at", time_or_null(record.value("created_ms", std::int64_t{0}))},
          {"retention_days", record.value("retention_days", settings.default_retention_days)},
          {"default_locale", record.value("default_locale", "en-US")},
          {"default_timezone", record.value("default_timezone", "UTC")},
          {"rate_limit", {{"per_second", record.value("rate_limit_per_second", settings.rate_limit_per_second)},
                          {"burst", record.value("rate_limit_burst", settings.rate_limit_burst)}}},
          {"concurrency", record.contains("concurrency") ? record["concurrency"] : nlohmann::json(nullptr)}};
}

Outcome admin_create_workspace(HandlerContext& ctx) {
  Outcome outcome;
  auto created = make_workspace(ctx.call.body.value("name", "workspace"), ctx.now_ms, outcome.batch);
  apply_limits(ctx.call.body, created.record);
  storage::put_json(outcome.batch, storage::Table::workspaces, created.record["id"], created.record);
  auto view = workspace_view(created.record, ctx.services.settings);
  view["api_key"] = created.key.to_api();
  view["api_key"]["secret"] = created.secret;
  outcome.keys.push_back(created.key);
  outcome.reply = json_reply(201, view);
  return outcome;
}

Outcome admin_list_workspaces(HandlerContext& ctx) {
  auto view = [&](std::string_view, std::string_view value) -> std::optional<nlohmann::json> {
    return workspace_view(nlohmann::json::parse(value), ctx.services.settings);
  };
  return list_outcome(ctx, storage::Table::workspaces, "", "/v1/admin/workspaces", view);
}

Outcome admin_update_workspace(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto record = storage::get_json(*ctx.services.db, storage::Table::workspaces, id);
  if (!record) return error_outcome(errors::resource_missing("workspace", id), ctx.call.request_id);
  apply_limits(ctx.call.body, *record);
  Outcome outcome;
  storage::put_json(outcome.batch, storage::Table::workspaces, id, *record);
  outcome.reload_workspaces.push_back(id);
  outcome.reply = json_reply(200, workspace_view(*record, ctx.services.settings));
  return outcome;
}

}  // namespace s2d
