#include "http/openapi.hpp"

#include "core/yaml_json.hpp"
#include "http/json_schema.hpp"

#include <stdexcept>
#include <unordered_map>

namespace s2d::http {

extern const char kOpenApiYaml[];  // generated from openapi.yaml at build time

namespace {

struct Index {
  nlohmann::json document;
  std::unordered_map<std::string, RequestBody> bodies;  // operationId -> its JSON body
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
        if (operation.contains(pointer))
          out.bodies[operation["operationId"]] = {operation[pointer], operation["requestBody"].value("required", false)};
      }
    return out;
  }();
  return built;
}

}  // namespace

const nlohmann::json& openapi_document() { return index().document; }

const RequestBody* request_body(const std::string& route_name) {
  const auto& bodies = index().bodies;
  auto it = bodies.find(route_name);
  return it == bodies.end() ? nullptr : &it->second;
}

std::optional<ApiError> validate_request_body(const std::string& route_name, const nlohmann::json& body) {
  const auto* expected = request_body(route_name);
  if (!expected) return std::nullopt;
  return validate_json(expected->schema, body, openapi_document());
}

}  // namespace s2d::http
