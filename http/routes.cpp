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
      {"GET", "/v1/templates", "templates.list", Access::api_key},
      {"GET", "/v1/templates/:id", "templates.get", Access::api_key},
      {"PATCH", "/v1/templates/:id", "templates.update", Access::api_key},
      {"DELETE", "/v1/templates/:id", "templates.delete", Access::api_key},
      {"POST", "/v1/templates/:id/versions", "templates.versions.create", Access::api_key},
      {"GET", "/v1/templates/:id/versions", "templates.versions.list", Access::api_key},
      {"POST", "/v1/templates/:id/preview", "templates.preview", Access::api_key},
      {"POST", "/v1/data_sources", "data_sources.create", Access::api_key},
      {"GET", "/v1/data_sources", "data_sources.list", Access::api_key},
      {"GET", "/v1/data_sources/:id", "data_sources.get", Access::api_key},
      {"PATCH", "/v1/data_sources/:id", "data_sources.update", Access::api_key},
      {"DELETE", "/v1/data_sources/:id", "data_sources.delete", Access::api_key},
      {"POST", "/v1/data_sources/:id/test", "data_sources.test", Access::api_key},
      {"POST", "/v1/data_sources/:id/records", "data_sources.records.append", Access::api_key},
      {"POST", "/v1/generations", "generations.create", Access::api_key},
      {"GET", "/v1/generations", "generations.list", Access::api_key},
      {"GET", "/v1/generations/:id", "generations.get", Access::api_key},
      {"POST", "/v1/generations/:id/cancel", "generations.cancel", Access::api_key},
      {"POST", "/v1/admin/workspaces", "admin.workspaces.create", Access::operator_token},
      {"GET", "/v1/admin/workspaces", "admin.workspaces.list", Access::operator_token},
      {"PATCH", "/v1/admin/workspaces/:id", "admin.workspaces.update", Access::operator_token},
  };
  return table;
}

}  // namespace s2d::http
