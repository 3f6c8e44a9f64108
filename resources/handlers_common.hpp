#pragma once
// Pieces several handler files share.

#include "core/generation.hpp"
#include "core/records.hpp"
#include "renderers/render.hpp"
#include "resources/handlers.hpp"

namespace s2d {

Outcome create_template(HandlerContext& ctx);
Outcome get_template(HandlerContext& ctx);
Outcome list_templates(HandlerContext& ctx);
Outcome update_template(HandlerContext& ctx);
Outcome archive_template(HandlerContext& ctx);
Outcome create_template_version(HandlerContext& ctx);
Outcome list_template_versions(HandlerContext& ctx);
Outcome create_data_source(HandlerContext& ctx);
Outcome list_data_sources(HandlerContext& ctx);
Outcome get_data_source(HandlerContext& ctx);
Outcome update_data_source(HandlerContext& ctx);
Outcome delete_data_source(HandlerContext& ctx);
Outcome test_data_source(HandlerContext& ctx);
Outcome append_records(HandlerContext& ctx);
Outcome create_generation(HandlerContext& ctx);
Outcome get_generation(HandlerContext& ctx);
Outcome list_generations(HandlerContext& ctx);
Outcome create_batch(HandlerContext& ctx);
Outcome get_batch(HandlerContext& ctx);
Outcome list_batches(HandlerContext& ctx);
// GET /v1/generations?batch_id=: the batch's current generation of each item, newest first.
Outcome list_batch_items(HandlerContext& ctx, const std::string& batch_id, std::optional<GenerationStatus> status,
                         const std::string& template_id);

// Checks POST /v1/generations and POST /v1/batches share: the template
// version (*version: the one asked for, else the latest), the outputs, the options.
std::optional<ApiError> check_template(const TemplateRecord& tpl, const nlohmann::json& body, int* version);
std::optional<ApiError> check_outputs(const nlohmann::json& outputs, const std::string& template_kind);
std::optional<ApiError> check_options(const nlohmann::json& options, const Settings& settings);
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
// The event streams (resources/event_streams.cpp): 200 with an EventSource.
Outcome stream_generation_events(HandlerContext& ctx);
Outcome stream_batch_events(HandlerContext& ctx);
Outcome stream_workspace_events(HandlerContext& ctx);
Outcome redeliver_event(HandlerContext& ctx);

// Template preview: planned here (no CAF), rendered by the workspace actor
// on the render pool and answered within preview_timeout_seconds.
struct PreviewPlan {
  std::optional<ApiReply> refusal;  // answered without rendering
  render::Request request;
  std::string filename;
};
struct PreviewRendered {
  bool timed_out = false;
  bool ok = false;
  std::string bytes, content_type;
  std::string error_json;  // API.md error object when !ok
};
PreviewPlan plan_preview(HandlerContext& ctx);
// The file itself, or the structured render error (422; 400 for an unsupported format).
ApiReply preview_reply(const PreviewPlan& plan, PreviewRendered rendered, const std::string& request_id);
int preview_timeout_seconds(const Settings& settings);

nlohmann::json workspace_view(const WorkspaceRecord& record, const Settings& settings);

}  // namespace s2d
