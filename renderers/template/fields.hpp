#pragma once
// Field discovery: which data a compiled template reads, with its loops, so
// the API can show what a template needs and check data before rendering.

#include "renderers/template/ast.hpp"
#include "renderers/template/template.hpp"

#include <vector>

namespace s2d::tmpl::detail {

std::vector<Field> discover_fields(const Compiled& compiled);

}  // namespace s2d::tmpl::detail
