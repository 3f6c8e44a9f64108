#include "http/json_schema.hpp"

#include <string>

namespace s2d::http {
namespace {

const nlohmann::json& resolve(const nlohmann::json& schema, const nlohmann::json& document) {
  const nlohmann::json* current = &schema;
  for (int hops = 0; current->is_object() && current->contains("$ref") && hops < 16; ++hops) {
    auto pointer = (*current)["$ref"].get<std::string>();
    if (pointer.rfind("#", 0) != 0) break;
    current = &document.at(nlohmann::json::json_pointer(pointer.substr(1)));
  }
  return *current;
}

bool has_type(const nlohmann::json& value, const std::string& type) {
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "null") return value.is_null();
  return false;
}

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

std::string describe_types(const nlohmann::json& types) {
  if (types.is_string()) return types.get<std::string>();
  std::string out;
  for (const auto& t : types) out += (out.empty() ? "" : " or ") + t.get<std::string>();
  return out;
}

std::string name_or_body(const std::string& path) { return path.empty() ? "The body" : "'" + path + "'"; }

class Validator {
 public:
  explicit Validator(const nlohmann::json& document) : document_(document) {}

  std::optional<ApiError> check(const nlohmann::json& raw_schema, const nlohmann::json& value,
                                const std::string& path) const {
    const auto& schema = resolve(raw_schema, document_);
    if (!schema.is_object()) return std::nullopt;
    if (auto e = check_type(schema, value, path)) return e;
    if (auto e = check_enum(schema, value, path)) return e;
    if (value.is_string()) return check_string(schema, value, path);
    if (value.is_number()) return check_number(schema, value, path);
    if (value.is_array()) return check_array(schema, value, path);
    if (value.is_object()) return check_object(schema, value, path);
    return std::nullopt;
  }

 private:
  std::optional<ApiError> check_type(const nlohmann::json& schema, const nlohmann::json& value,
                                     const std::string& path) const {
    if (!schema.contains("type")) return std::nullopt;
    const auto& types = schema["type"];
    bool ok = types.is_string() ? has_type(value, types) : false;
    if (types.is_array())
      for (const auto& t : types) ok = ok || has_type(value, t);
    if (ok) return std::nullopt;
    return errors::parameter_invalid(path, name_or_body(path) + " must be " + describe_types(types) + ".");
  }

  std::optional<ApiError> check_enum(const nlohmann::json& schema, const nlohmann::json& value,
                                     const std::string& path) const {
    if (schema.contains("const") && value != schema["const"])
      return errors::parameter_invalid(path, name_or_body(path) + " must be " + schema["const"].dump() + ".");
    if (!schema.contains("enum")) return std::nullopt;
    for (const auto& allowed : schema["enum"])
      if (allowed == value) return std::nullopt;
    std::string list;
    for (const auto& allowed : schema["enum"]) list += (list.empty() ? "" : ", ") + allowed.dump();
    return errors::parameter_invalid(path, name_or_body(path) + " must be one of " + list + ".");
  }

  std::optional<ApiError> check_string(const nlohmann::json& schema, const nlohmann::json& value,
                                       const std::string& path) const {
    // Lengths count UTF-8 code points, as JSON Schema does.
    std::size_t length = 0;
    for (unsigned char c : value.get_ref<const std::string&>()) length += (c & 0xC0) != 0x80;
    if (schema.contains("minLength") && length < schema["minLength"].get<std::size_t>())
      return errors::parameter_invalid(path, name_or_body(path) + " must have at least " +
                                                 schema["minLength"].dump() + " characters.");
    if (schema.contains("maxLength") && length > schema["maxLength"].get<std::size_t>())
      return errors::parameter_invalid(path, name_or_body(path) + " must have at most " +
                                                 schema["maxLength"].dump() + " characters.");
    return std::nullopt;
  }

  std::optional<ApiError> check_number(const nlohmann::json& schema, const nlohmann::json& value,
                                       const std::string& path) const {
    double v = value.get<double>();
    if (schema.contains("minimum") && v < schema["minimum"].get<double>())
      return errors::parameter_invalid(path, name_or_body(path) + " must be at least " + schema["minimum"].dump() + ".");
    if (schema.contains("maximum") && v > schema["maximum"].get<double>())
      return errors::parameter_invalid(path, name_or_body(path) + " must be at most " + schema["maximum"].dump() + ".");
    return std::nullopt;
  }

  std::optional<ApiError> check_array(const nlohmann::json& schema, const nlohmann::json& value,
                                      const std::string& path) const {
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>())
      return errors::parameter_invalid(path, name_or_body(path) + " must have at least " +
                                                 schema["minItems"].dump() + " item(s).");
    if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<std::size_t>())
      return errors::parameter_invalid(path, name_or_body(path) + " must have at most " +
                                                 schema["maxItems"].dump() + " items.");
    if (!schema.contains("items")) return std::nullopt;
    for (std::size_t i = 0; i < value.size(); ++i)
      if (auto e = check(schema["items"], value[i], path + "[" + std::to_string(i) + "]")) return e;
    return std::nullopt;
  }

  std::optional<ApiError> check_object(const nlohmann::json& schema, const nlohmann::json& value,
                                       const std::string& path) const {
    if (schema.contains("required"))
      for (const auto& name : schema["required"])
        if (!value.contains(name.get<std::string>())) return errors::parameter_missing(join(path, name));
    if (schema.contains("minProperties") && value.size() < schema["minProperties"].get<std::size_t>())
      return errors::parameter_invalid(path, name_or_body(path) + " must have at least " +
                                                 schema["minProperties"].dump() + " field(s).");
    if (schema.contains("maxProperties") && value.size() > schema["maxProperties"].get<std::size_t>())
      return errors::parameter_invalid(path, name_or_body(path) + " must have at most " +
                                                 schema["maxProperties"].dump() + " entries.");
    static const nlohmann::json kNoProperties = nlohmann::json::object();
    const auto& properties = schema.contains("properties") ? schema["properties"] : kNoProperties;
    for (const auto& [key, item] : value.items()) {
      auto item_path = join(path, key);
      if (properties.contains(key)) {
        if (auto e = check(properties[key], item, item_path)) return e;
        continue;
      }
      if (!schema.contains("additionalProperties")) continue;
      const auto& extra = schema["additionalProperties"];
      if (extra.is_boolean() && !extra.get<bool>()) return errors::parameter_unknown(item_path);
      if (auto e = check(extra, item, item_path)) return e;
    }
    return std::nullopt;
  }

  const nlohmann::json& document_;
};

}  // namespace

std::optional<ApiError> validate_json(const nlohmann::json& schema, const nlohmann::json& value,
                                      const nlohmann::json& document) {
  return Validator(document).check(schema, value, "");
}

}  // namespace s2d::http
