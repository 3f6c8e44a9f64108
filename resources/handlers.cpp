#include "resources/handlers.hpp"

#include "resources/handlers_common.hpp"

#include <unordered_map>
#include <unordered_set>

namespace s2d {

Outcome reply_outcome(ApiReply reply) {
  Outcome outcome;
  outcome.reply = std::move(reply);
  return outcome;
}

Outcome error_outcome(const ApiError& error, const std::string& request_id) {
  return reply_outcome(error_reply(error, request_id));
}

Outcome list_outcome(HandlerContext& ctx, storage::Table table, const std::string& prefix, const std::string& url,
                     const RowView& view, const KeyRange& range) {
  PageRequest page;
  if (auto e = parse_page(ctx.call.query, &page)) return error_outcome(*e, ctx.call.request_id);
  return reply_outcome(json_reply(200, list_page(*ctx.services.db, table, prefix, page, url, view, range)));
}

const Handler* find_handler(const std::string& route) {
  static const std::unordered_map<std::string, Handler> handlers = {
      {"templates.create", create_template},
      {"templates.get", get_template},
      {"templates.list", list_templates},
      {"templates.update", update_template},
      {"templates.delete", archive_template},
      {"templates.versions.create", create_template_version},
      {"templates.versions.list", list_template_versions},
      {"data_sources.create", create_data_source},
      {"data_sources.list", list_data_sources},
      {"data_sources.get", get_data_source},
      {"data_sources.update", update_data_source},
      {"data_sources.delete", delete_data_source},
      {"data_sources.test", test_data_source},
      {"data_sources.records.append", append_records},
      {"generations.create", create_generation},
      {"generations.get", get_generation},
      {"generations.list", list_generations},
      {"generations.events", stream_generation_events},
      {"batches.events", stream_batch_events},
      {"events.stream", stream_workspace_events},
      {"batches.create", create_batch},
      {"batches.get", get_batch},
      {"batches.list", list_batches},
      {"api_keys.create", create_api_key},
      {"api_keys.list", list_api_keys},
      {"api_keys.roll", roll_api_key},
      {"api_keys.revoke", revoke_api_key},
      {"workspace.get", get_workspace},
      {"request_logs.list", list_request_logs},
      {"workspace.update", update_workspace},
      {"admin.workspaces.create", admin_create_workspace},
      {"admin.workspaces.list", admin_list_workspaces},
      {"admin.workspaces.update", admin_update_workspace},
      {"webhooks.create", create_webhook_endpoint},
      {"webhooks.list", list_webhook_endpoints},
      {"webhooks.get", get_webhook_endpoint},
      {"webhooks.update", update_webhook_endpoint},
      {"webhooks.delete", delete_webhook_endpoint},
      {"webhooks.rotate_secret", rotate_webhook_secret},
      {"webhooks.deliveries", list_webhook_deliveries},
      {"events.list", list_events},
      {"events.get", get_event},
      {"events.redeliver", redeliver_event},
  };
  auto it = handlers.find(route);
  return it == handlers.end() ? nullptr : &it->second;
}

bool route_needs_admin(const std::string& route) {
  // Reading events is open to standard keys (they carry what generations
  // show); sending them again goes to the admin-managed endpoints.
  return route.rfind("api_keys.", 0) == 0 || route.rfind("webhooks.", 0) == 0 ||
         route == "workspace.update" || route == "events.redeliver";
}

bool route_reads_own_writes(const std::string& route) {
  static const std::unordered_set<std::string> routes = {
      "templates.update",    "templates.delete",    "templates.versions.create",  "data_sources.update",
      "data_sources.delete", "data_sources.records.append",
  };
  return routes.count(route) > 0;
}

}  // namespace s2d
