#pragma once
// The route table: every route the server answers, with what its stages
// need to know. The OpenAPI document (http/openapi.yaml) describes the same
// routes by operationId = route name; a test checks that the two agree.
//
// Matching is by path segments (a ":name" segment captures one segment),
// a linear pass over a few dozen routes without regular expressions: the
// table stays plain data and matching costs well under a microsecond.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::http {

enum class Access {
  open,       // no credentials (health, readiness, metrics, OpenAPI)
  signed_url, // a signed, time-limited URL (file downloads)
  api_key,    // Authorization: Bearer + X-Workspace-Id
  operator_token,  // the operator token (S2D_OPERATOR_TOKEN)
};

struct Route {
  const char* method;
  const char* path;   // /v1/generations/:id
  const char* name;   // handler name and OpenAPI operationId
  Access access;
};

const std::vector<Route>& routes();

struct RouteMatch {
  const Route* route = nullptr;               // nullptr: no route
  std::map<std::string, std::string> params;  // ":id" -> value
};

RouteMatch match_route(std::string_view method, std::string_view path);

// The methods the routes matching `path` take, "GET, POST" (the Allow header
// of a 405); empty when no route has this path.
std::string allowed_methods(std::string_view path);

}  // namespace s2d::http
