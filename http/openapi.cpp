#include "http/openapi.hpp"

#include "core/yaml_json.hpp"
#include "http/json_schema.hpp"

#include <set>
#include <stdexcept>
#include <unordered_map>

namespace s2d::http {

extern const char kOpenApiYaml[];  // generated from openapi.yaml at build time

namespace {

struct Index {
  nlohmann::json document;
  std::unordered_map<std::string, RequestBody> bodies;  // operationId -> its JSON body
  std::unordered_map<std::string, std::set<std::string>> query;  // operationId -> its query parameters
};

// The names of the query parameters in an OpenAPI `parameters` list.
void add_query_parameters(const nlohmann::json& parameters, const nlohmann::json& document, std::set<std::string>* names) {
  if (!parameters.is_array()) return;
  for (const auto& listed : parameters) {
    const nlohmann::json* parameter = &listed;
    if (listed.contains("$ref"))
      parameter = &document.at(nlohmann::json::json_pointer(listed["$ref"].get<std::string>().substr(1)));
    if (parameter->value("in", "") == "query") names->insert(parameter->at("name").get<std::string>());
  }
}

const Index& index() {
  static const Index built = [] {
    Index out;
    YamlError error;
    if (!yaml_to_json(kOpenApiYaml, &out.document, &error))
      throw std::runtime_error("http/openapi.yaml: " + error.message + " at line " + std::to_string(error.line));
    for (const auto& [path, item] : out.document["paths"].items())
      for (const auto& [method, operation] : item.items()) {
        if (!operation.is_object() || !operation.contains("operationId")) continue;
        auto& query = out.query[operation["operationId"]];
        add_query_parameters(item.value("parameters", nlohmann::json()), out.document, &query);
        add_query_parameters(operation.value("parameters", nlohmann::json()), out.document, &query);
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

std::optional<std::string> unknown_query_parameter(const std::string& route_name,
                                                   const std::map<std::string, std::string>& query) {
  const auto& known = index().query;
  auto it = known.find(route_name);
  for (const auto& [name, value] : query)
    if (it == known.end() || !it->second.count(name)) return name;
  return std::nullopt;
}

std::optional<ApiError> validate_request_body(const std::string& route_name, const nlohmann::json& body) {
  const auto* expected = request_body(route_name);
  if (!expected) return std::nullopt;
  return validate_json(expected->schema, body, openapi_document());
}

}  // namespace s2d::http
