#pragma once
// The OpenAPI 3.1 document (http/openapi.yaml, compiled into the binary):
// served at /v1/openapi.json and the source of the request-body schemas
// the validation stage checks.

#include "core/api_error.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

namespace s2d::http {

const nlohmann::json& openapi_document();

struct RequestBody {
  nlohmann::json schema;
  bool required = false;
};

// nullptr when the route takes no JSON body.
const RequestBody* request_body(const std::string& route_name);

// The first query parameter the route's operation does not list, if any.
std::optional<std::string> unknown_query_parameter(const std::string& route_name,
                                                   const std::map<std::string, std::string>& query);

std::optional<ApiError> validate_request_body(const std::string& route_name, const nlohmann::json& body);

}  // namespace s2d::http
