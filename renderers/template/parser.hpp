#pragma once
// Turns one template source into a tree of nodes (renderers/template/ast.hpp):
// expressions are parsed, helpers resolved, blocks matched, else-chains
// built, and inheritance blocks re-indented. Partials are resolved later,
// once every source of a template has been parsed.

#include "renderers/template/ast.hpp"
#include "renderers/template/template.hpp"

namespace s2d::tmpl::detail {

// Deepest nesting of blocks (and of subexpressions) a template may have.
constexpr int kMaxNesting = 256;

// Parses unit->source into unit->nodes. false + *error (template_syntax_error) on a syntax error.
bool parse_unit(Unit* unit, Escape escape, Error* error);

}  // namespace s2d::tmpl::detail
