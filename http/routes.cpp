#include "http/routes.hpp"

namespace s2d::http {

const std::vector<Route>& routes() {
  static const std::vector<Route> table = {
      {"GET", "/healthz", "health", Access::open},
      {"GET", "/readyz", "ready", Access::open},
      {"GET", "/metrics", "metrics", Access::open},
      {"GET", "/v1/openapi.json", "openapi", Access::open},
      {"GET", "/v1/files/:id/content", "files.content", Access::signed_url},
      {"POST", "/v1/templates", "templates.create", Access::api_key},
      {"GET", "/v1/templates/:id", "templates.get", Access::api_key},
      {"POST", "/v1/generations", "generations.create", Access::api_key},
      {"GET", "/v1/generations", "generations.list", Access::api_key},
      {"GET", "/v1/generations/:id", "generations.get", Access::api_key},
      {"POST", "/v1/generations/:id/cancel", "generations.cancel", Access::api_key},
      {"POST", "/v1/webhook_endpoints", "webhooks.create", Access::api_key},
      {"GET", "/v1/webhook_endpoints", "webhooks.list", Access::api_key},
      {"GET", "/v1/webhook_endpoints/:id", "webhooks.get", Access::api_key},
      {"PATCH", "/v1/webhook_endpoints/:id", "webhooks.update", Access::api_key},
      {"DELETE", "/v1/webhook_endpoints/:id", "webhooks.delete", Access::api_key},
      {"POST", "/v1/webhook_endpoints/:id/rotate_secret", "webhooks.rotate_secret", Access::api_key},
      {"GET", "/v1/webhook_endpoints/:id/deliveries", "webhooks.deliveries", Access::api_key},
      {"GET", "/v1/events", "events.list", Access::api_key},
      {"GET", "/v1/events/:id", "events.get", Access::api_key},
      {"POST", "/v1/events/:id/redeliver", "events.redeliver", Access::api_key},
      {"POST", "/v1/api_keys", "api_keys.create", Access::api_key},
      {"GET", "/v1/api_keys", "api_keys.list", Access::api_key},
      {"POST", "/v1/api_keys/:id/roll", "api_keys.roll", Access::api_key},
      {"DELETE", "/v1/api_keys/:id", "api_keys.revoke", Access::api_key},
      {"GET", "/v1/workspace", "workspace.get", Access::api_key},
      {"GET", "/v1/request_logs", "request_logs.list", Access::api_key},
      {"PATCH", "/v1/workspace", "workspace.update", Access::api_key},
      {"POST", "/v1/admin/workspaces", "admin.workspaces.create", Access::operator_token},
      {"GET", "/v1/admin/workspaces", "admin.workspaces.list", Access::operator_token},
      {"PATCH", "/v1/admin/workspaces/:id", "admin.workspaces.update", Access::operator_token},
  };
  return table;
}

}  // namespace s2d::http
