#pragma once
// Request-body validation against the JSON Schemas of the OpenAPI document.
//
// Covers the subset the document uses: $ref, type (or a list of types),
// properties, required, additionalProperties, enum, const, min/maxLength,
// minimum/maximum, min/maxItems, items, min/maxProperties. Written here
// rather than with a general validator because the API contract wants each
// failure as one specific code naming the field: parameter_missing,
// parameter_unknown or parameter_invalid with a dotted path (options.locale,
// outputs[1]).

#include "core/api_error.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace s2d::http {

// `document` resolves "#/..." references.
std::optional<ApiError> validate_json(const nlohmann::json& schema, const nlohmann::json& value,
                                      const nlohmann::json& document);

}  // namespace s2d::http
