#include "http/openapi.hpp"

#include "core/yaml_json.hpp"
#include "http/json_schema.hpp"

#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace s2d::http {

extern const char kOpenApiYaml[];  // generated from openapi.yaml at build time

namespace {

struct Index {
  nlohmann::json document;
  std::unordered_map<std::string, nlohmann::json> body_schemas;  // operationId -> schema
  std::unordered_set<std::string> optional_bodies;                // operationIds
};

const Index& index() {
  static const Index built = [] {
    Index out;
    YamlError error;
    if (!yaml_to_json(kOpenApiYaml, &out.document, &error))
      throw std::runtime_error("http/openapi.yaml: " + error.message + " at line " + std::to_string(error.line));
    for (const auto& [path, item] : out.document["paths"].items())
      for (const auto& [method, operation] : item.items()) {
        if (!operation.is_object() || !operation.contains("operationId")) continue;
        auto pointer = nlohmann::json::json_pointer("/requestBody/content/application~1json/schema");
        if (operation.contains(pointer)) out.body_schemas[operation["operationId"]] = operation[pointer];
        if (operation.contains("requestBody") && !operation["requestBody"].value("required", false))
          out.optional_bodies.insert(operation["operationId"].get<std::string>());
      }
    return out;
  }();
  return built;
}

}  // namespace

const nlohmann::json& openapi_document() { return index().document; }

const nlohmann::json* request_body_schema(const std::string& route_name) {
  const auto& schemas = index().body_schemas;
  auto it = schemas.find(route_name);
  return it == schemas.end() ? nullptr : &it->second;
}

bool request_body_optional(const std::string& route_name) { return index().optional_bodies.count(route_name) > 0; }

std::optional<ApiError> validate_request_body(const std::string& route_name, const nlohmann::json& body) {
  const auto* schema = request_body_schema(route_name);
  if (!schema) return std::nullopt;
  return validate_json(*schema, body, openapi_document());
}

}  // namespace s2d::http
