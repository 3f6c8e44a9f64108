#pragma once
// The route table: every route the server answers, with what its stages
// need to know. The OpenAPI document (http/openapi.yaml) describes the same
// routes by operationId = route name; a test checks that the two agree.

#include <string>
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
  const char* path;   // express-style: /v1/generations/:id
  const char* name;   // handler name and OpenAPI operationId
  Access access;
};

const std::vector<Route>& routes();

}  // namespace s2d::http
