#include "http/routes.hpp"

namespace s2d::http {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool match_segments(const std::vector<std::string_view>& pattern, const std::vector<std::string_view>& path,
                    std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (!pattern[i].empty() && pattern[i][0] == ':') {
      if (path[i].empty()) return false;
      (*params)[std::string(pattern[i].substr(1))] = std::string(path[i]);
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

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
      {"GET", "/v1/generations/:id/events", "generations.events", Access::api_key},
      {"POST", "/v1/generations/:id/cancel", "generations.cancel", Access::api_key},
      {"POST", "/v1/batches", "batches.create", Access::api_key},
      {"GET", "/v1/batches", "batches.list", Access::api_key},
      {"GET", "/v1/batches/:id", "batches.get", Access::api_key},
      {"GET", "/v1/batches/:id/events", "batches.events", Access::api_key},
      {"POST", "/v1/batches/:id/cancel", "batches.cancel", Access::api_key},
      {"POST", "/v1/batches/:id/retry", "batches.retry", Access::api_key},
      {"POST", "/v1/webhook_endpoints", "webhooks.create", Access::api_key},
      {"GET", "/v1/webhook_endpoints", "webhooks.list", Access::api_key},
      {"GET", "/v1/webhook_endpoints/:id", "webhooks.get", Access::api_key},
      {"PATCH", "/v1/webhook_endpoints/:id", "webhooks.update", Access::api_key},
      {"DELETE", "/v1/webhook_endpoints/:id", "webhooks.delete", Access::api_key},
      {"POST", "/v1/webhook_endpoints/:id/rotate_secret", "webhooks.rotate_secret", Access::api_key},
      {"GET", "/v1/webhook_endpoints/:id/deliveries", "webhooks.deliveries", Access::api_key},
      {"GET", "/v1/events", "events.list", Access::api_key},
      {"GET", "/v1/events/stream", "events.stream", Access::api_key},  // before events.get, which would take it
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
      {"GET", "/v1/admin/actors", "admin.actors", Access::operator_token},
      {"GET", "/v1/admin/nodes", "admin.nodes", Access::operator_token},
  };
  return table;
}

}  // namespace s2d::http

namespace s2d::http {

namespace {

const std::vector<std::vector<std::string_view>>& route_patterns() {
  static const auto patterns = [] {
    std::vector<std::vector<std::string_view>> out;
    for (const auto& route : routes()) out.push_back(segments(route.path));
    return out;
  }();
  return patterns;
}

// "GET, POST" lists `method` (a literal path and a :param both matching).
bool lists_method(const std::string& allowed, std::string_view method) {
  std::size_t start = 0;
  while (start < allowed.size()) {
    auto end = allowed.find(", ", start);
    if (end == std::string::npos) end = allowed.size();
    if (std::string_view(allowed).substr(start, end - start) == method) return true;
    start = end + 2;
  }
  return false;
}

}  // namespace

std::string allowed_methods(std::string_view path) {
  const auto& patterns = route_patterns();
  const auto requested = segments(path);
  std::string allowed;
  std::map<std::string, std::string> ignored;
  for (std::size_t i = 0; i < routes().size(); ++i)
    if (match_segments(patterns[i], requested, &ignored) && !lists_method(allowed, routes()[i].method))
      allowed += (allowed.empty() ? "" : ", ") + std::string(routes()[i].method);
  return allowed;
}

RouteMatch match_route(std::string_view method, std::string_view path) {
  const auto& patterns = route_patterns();
  const auto requested = segments(path);
  RouteMatch match;
  for (std::size_t i = 0; i < routes().size(); ++i) {
    if (method != routes()[i].method) continue;
    match.params.clear();
    if (match_segments(patterns[i], requested, &match.params)) {
      match.route = &routes()[i];
      return match;
    }
  }
  match.params.clear();
  return match;
}

}  // namespace s2d::http
