#include "core/yaml_json.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>

namespace s2d {
namespace {

struct TooDeep {
  YAML::Mark mark;
};

bool parse_integer(const std::string& text, std::int64_t* value) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return false;
  *value = v;
  return true;
}

bool parse_double(const std::string& text, double* value) {
  if (text.empty() || text == "." || text.find_first_not_of("+-0123456789.eE") != std::string::npos) return false;
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || *end != '\0') return false;
  *value = v;
  return true;
}

nlohmann::json convert(const YAML::Node& node, int depth, int max_depth) {
  if (depth > max_depth) throw TooDeep{node.Mark()};
  if (node.IsMap()) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& entry : node) object[entry.first.as<std::string>()] = convert(entry.second, depth + 1, max_depth);
    return object;
  }
  if (node.IsSequence()) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& item : node) array.push_back(convert(item, depth + 1, max_depth));
    return array;
  }
  if (!node.IsScalar()) return nullptr;
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return text;  // quoted: always a string
  if (text == "true") return true;
  if (text == "false") return false;
  if (text == "null" || text == "~") return nullptr;
  std::int64_t integer = 0;
  if (parse_integer(text, &integer)) return integer;
  double number = 0;
  if (parse_double(text, &number)) return number;
  return text;
}

}  // namespace

bool yaml_to_json(std::string_view text, nlohmann::json* out, YamlError* error, int max_depth) {
  try {
    auto root = YAML::Load(std::string(text));
    *out = root.IsNull() ? nlohmann::json::object() : convert(root, 0, max_depth);
    return true;
  } catch (const YAML::Exception& e) {
    if (error) *error = {e.msg, e.mark.line + 1, e.mark.column + 1};
  } catch (const TooDeep& e) {
    if (error) *error = {"nesting deeper than " + std::to_string(max_depth) + " levels", e.mark.line + 1, e.mark.column + 1};
  }
  return false;
}

}  // namespace s2d
