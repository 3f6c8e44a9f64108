#pragma once
// YAML text -> JSON value (yaml-cpp), for configuration-like documents
// written by people: the OpenAPI document, template front matter.
//
// Quoted scalars stay strings; plain scalars become integers, numbers,
// booleans (true/false) or null (null, ~) where they read as such.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace s2d {

struct YamlError {
  std::string message;
  int line = 0, column = 0;  // 1-based, 0 when unknown
};

// False with *error on a syntax error or nesting deeper than max_depth.
bool yaml_to_json(std::string_view text, nlohmann::json* out, YamlError* error, int max_depth = 64);

}  // namespace s2d
