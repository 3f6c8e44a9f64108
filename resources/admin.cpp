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

void apply_limits(const nlohmann::json& body, WorkspaceRecord& record) {
  if (body.contains("name")) record.name = body["name"].get<std::string>();
  if (body.contains("rate_limit_per_second")) record.rate_limit_per_second = body["rate_limit_per_second"];
  if (body.contains("rate_limit_burst")) record.rate_limit_burst = body["rate_limit_burst"].get<int>();
  if (body.contains("concurrency")) record.concurrency = body["concurrency"].get<int>();
}

}  // namespace

nlohmann::json workspace_view(const WorkspaceRecord& record, const Settings& settings) {
  const double per_second =
      record.rate_limit_per_second ? record.rate_limit_per_second->get<double>() : settings.rate_limit_per_second;
  return {{"id", record.id},
          {"object", "workspace"},
          {"name", record.name.value_or("")},
          {"created_at", time_or_null(record.created_ms.value_or(0))},
          {"retention_days", record.retention_days.value_or(settings.default_retention_days)},
          {"default_locale", record.default_locale.value_or("en-US")},
          {"default_timezone", record.default_timezone.value_or("UTC")},
          {"rate_limit", {{"per_second", per_second}, {"burst", record.rate_limit_burst.value_or(settings.rate_limit_burst)}}},
          {"concurrency", record.concurrency ? nlohmann::json(*record.concurrency) : nlohmann::json(nullptr)}};
}

Outcome admin_create_workspace(HandlerContext& ctx) {
  Outcome outcome;
  auto created = make_workspace(ctx.call.body.value("name", "workspace"), ctx.now_ms, outcome.batch);
  apply_limits(ctx.call.body, created.record);
  storage::put_json(outcome.batch, storage::Table::workspaces, created.record.id, created.record);
  auto view = workspace_view(created.record, ctx.services.settings);
  view["api_key"] = created.key.to_api();
  view["api_key"]["secret"] = created.secret;
  outcome.keys.push_back(created.key);
  outcome.reply = json_reply(201, view);
  return outcome;
}

Outcome admin_list_workspaces(HandlerContext& ctx) {
  auto view = [&](std::string_view, std::string_view value) -> std::optional<nlohmann::json> {
    return workspace_view(nlohmann::json::parse(value).get<WorkspaceRecord>(), ctx.services.settings);
  };
  return list_outcome(ctx, storage::Table::workspaces, "", "/v1/admin/workspaces", view);
}

Outcome admin_update_workspace(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto stored = storage::get_json(*ctx.services.db, storage::Table::workspaces, id);
  if (!stored) return error_outcome(errors::resource_missing("workspace", id), ctx.call.request_id);
  auto record = stored->get<WorkspaceRecord>();
  apply_limits(ctx.call.body, record);
  Outcome outcome;
  storage::put_json(outcome.batch, storage::Table::workspaces, id, record);
  outcome.reload_workspaces.push_back(id);
  outcome.reply = json_reply(200, workspace_view(record, ctx.services.settings));
  return outcome;
}

}  // namespace s2d
