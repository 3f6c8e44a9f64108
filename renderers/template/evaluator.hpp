#pragma once
// Renders a compiled template against JSON data. All state lives in the
// call: the compiled tree is only read, so renders run concurrently.

#include "renderers/template/ast.hpp"
#include "renderers/template/template.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace s2d::tmpl::detail {

bool render_compiled(const Compiled& compiled, const nlohmann::json& data, const RenderOptions& options,
                     std::string* out, Error* error);

}  // namespace s2d::tmpl::detail
