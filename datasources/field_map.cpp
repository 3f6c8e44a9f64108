#include "datasources/field_map.hpp"

#include "datasources/connectors.hpp"

#include <set>
#include <vector>

namespace s2d::datasources {
namespace {

bool has_empty_segment(const std::string& dotted) {
  for (const auto& segment : split(dotted, '.'))
    if (segment.empty()) return true;
  return false;
}

// `inner` lies inside `outer` ("customer.name" inside "customer").
bool is_inside(const std::string& inner, const std::string& outer) {
  return inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 &&
         inner[outer.size()] == '.';
}

std::optional<std::string> place(nlohmann::json* record, const std::string& target, nlohmann::json value) {
  std::vector<std::string> segments = split(target, '.');
  nlohmann::json* node = record;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    nlohmann::json& child = (*node)[segments[i]];
    if (child.is_null()) child = nlohmann::json::object();
    if (!child.is_object())
      return "field_map target '" + target + "' needs '" + segments[i] +
             "' to be an object, but the record has a value there";
    node = &child;
  }
  if (node->contains(segments.back()))
    return "field_map target '" + target + "' collides with a field the record already has";
  (*node)[segments.back()] = std::move(value);
  return std::nullopt;
}

}  // namespace

std::optional<FieldMapProblem> check_field_map(const nlohmann::json& field_map) {
  if (!field_map.is_object())
    return FieldMapProblem{"field_map", "field_map must be an object of source field -> template field"};
  std::set<std::string> targets;
  for (const auto& [source, target] : field_map.items()) {
    std::string param = "field_map." + source;
    if (source.empty()) return FieldMapProblem{"field_map", "field_map has an empty source field name"};
    if (!target.is_string() || target.get<std::string>().empty())
      return FieldMapProblem{param, "the target must be a non-empty field name such as \"customer.name\""};
    const std::string& name = target.get_ref<const std::string&>();
    if (has_empty_segment(name))
      return FieldMapProblem{param, "the target '" + name + "' has an empty segment between dots"};
    if (!targets.insert(name).second)
      return FieldMapProblem{param, "the target '" + name + "' is used by two source fields"};
  }
  for (const auto& outer : targets) {
    for (const auto& inner : targets)
      if (is_inside(inner, outer))
        return FieldMapProblem{"field_map", "the target '" + inner + "' lies inside the target '" +
                                                outer + "', which cannot be both a value and an object"};
  }
  return std::nullopt;
}

std::optional<std::string> apply_field_map(const nlohmann::json& field_map, nlohmann::json* record) {
  if (!record->is_object()) return "a record is a JSON " + std::string(record->type_name()) + ", not an object";
  if (!field_map.is_object() || field_map.empty()) return std::nullopt;
  nlohmann::json mapped = nlohmann::json::object();
  for (auto& [name, value] : record->items())
    if (!field_map.contains(name)) mapped[name] = std::move(value);
  for (const auto& [source, target] : field_map.items()) {
    auto found = record->find(source);
    if (found == record->end()) continue;
    if (auto problem = place(&mapped, target.get<std::string>(), std::move(*found))) return problem;
  }
  *record = std::move(mapped);
  return std::nullopt;
}

}  // namespace s2d::datasources
