#pragma once
// Pieces several handler files share.

#include "actors/handlers.hpp"
#include "renderers/render.hpp"

namespace s2d {

// 422 template_invalid carrying the position and tag of a template error.
ApiError template_invalid_error(const render::Failure& failure);

Outcome create_template(HandlerContext& ctx);
Outcome get_template(HandlerContext& ctx);
Outcome create_generation(HandlerContext& ctx);
Outcome get_generation(HandlerContext& ctx);
Outcome list_generations(HandlerContext& ctx);
Outcome create_api_key(HandlerContext& ctx);
Outcome list_api_keys(HandlerContext& ctx);
Outcome roll_api_key(HandlerContext& ctx);
Outcome revoke_api_key(HandlerContext& ctx);
Outcome get_workspace(HandlerContext& ctx);
Outcome list_request_logs(HandlerContext& ctx);
Outcome update_workspace(HandlerContext& ctx);
Outcome admin_create_workspace(HandlerContext& ctx);
Outcome admin_list_workspaces(HandlerContext& ctx);
Outcome admin_update_workspace(HandlerContext& ctx);
Outcome create_webhook_endpoint(HandlerContext& ctx);
Outcome list_webhook_endpoints(HandlerContext& ctx);
Outcome get_webhook_endpoint(HandlerContext& ctx);
Outcome update_webhook_endpoint(HandlerContext& ctx);
Outcome delete_webhook_endpoint(HandlerContext& ctx);
Outcome rotate_webhook_secret(HandlerContext& ctx);
Outcome list_webhook_deliveries(HandlerContext& ctx);
Outcome list_events(HandlerContext& ctx);
Outcome get_event(HandlerContext& ctx);
Outcome redeliver_event(HandlerContext& ctx);

nlohmann::json workspace_view(const nlohmann::json& record, const Settings& settings);

}  // namespace s2d
