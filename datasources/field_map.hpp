#pragma once
// field_map: renames a source's fields to the names a template uses.
//
// {"acct_name": "customer.name", "acct_id": "customer.id"} moves the
// record's top-level field `acct_name` to `customer.name`: a dotted target
// builds nested objects (merging into an object the record already has).
// Unmapped fields pass through unchanged; a mapped field that a record
// lacks is skipped (the template then reports the missing field).

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace s2d::datasources {

struct FieldMapProblem {
  std::string param;    // "field_map" or "field_map.<source field>"
  std::string message;
};

// Shape checks for a config: an object of non-empty source field ->
// dotted target with no empty segment, no target used twice, and no
// target inside another (`customer` and `customer.name`).
std::optional<FieldMapProblem> check_field_map(const nlohmann::json& field_map);

// The record with the map applied; an error message when a record is not
// an object or a target collides with one of its fields.
std::optional<std::string> apply_field_map(const nlohmann::json& field_map, nlohmann::json* record);

}  // namespace s2d::datasources
