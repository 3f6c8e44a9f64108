#pragma once
// The OpenAPI 3.1 document (http/openapi.yaml, compiled into the binary):
// served at /v1/openapi.json and the source of the request-body schemas
// the validation stage checks.

#include "core/api_error.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace s2d::http {

const nlohmann::json& openapi_document();

// nullptr when the route takes no JSON body.
const nlohmann::json* request_body_schema(const std::string& route_name);

// True when the route's body may be left out (requestBody.required: false); it then reads as {}.
bool request_body_optional(const std::string& route_name);

std::optional<ApiError> validate_request_body(const std::string& route_name, const nlohmann::json& body);

}  // namespace s2d::http
