#pragma once
// Writing values into the output: escaping for the document they land in,
// and the text form of JSON scalars (numbers print the way JavaScript does,
// so templates behave as they do in Handlebars).

#include "renderers/template/ast.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace s2d::tmpl::detail {

void append_escaped(std::string& out, std::string_view text, EscapeMode mode);

// 1234, 12.5, 0.1 (shortest form that reads back the same double).
void append_number(std::string& out, const nlohmann::json& number);

// The text of a scalar (string, number, boolean; null is empty) or of an
// array of scalars joined with ','. false when the value is an object or
// holds one: that has no text form.
bool append_text(std::string& out, const nlohmann::json& value);

}  // namespace s2d::tmpl::detail
