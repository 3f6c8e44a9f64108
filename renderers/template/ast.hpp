#pragma once
// The compiled form of a template. Built once by the parser, then only read:
// every render walks these nodes with its own state, so a tree is shared by
// all threads without locking. Paths are split into segments at compile time
// so a render never parses or allocates to look a field up.

#include "renderers/template/template.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace s2d::tmpl::detail {

using json = nlohmann::json;

struct HelperDef;
struct Unit;

// Where a path starts.
enum class PathRoot : std::uint8_t {
  context,  // the current context (or a parent one with ../)
  root,     // @root
  data,     // @index, @key, @first, @last of the innermost loop
};

enum class DataVar : std::uint8_t { none, index, key, first, last };

struct Segment {
  std::string name;
  bool numeric = false;    // all digits: also an array index
  std::size_t index = 0;
};

struct Path {
  PathRoot root = PathRoot::context;
  DataVar data = DataVar::none;
  int up = 0;              // number of ../
  bool walk = false;       // Mustache rule: the first segment is searched up the context stack
  std::vector<Segment> segments;   // empty: the context itself (this, .)
  std::string text;        // as written, for messages
};

struct Expr {
  enum class Kind : std::uint8_t { literal, path, call };
  Kind kind = Kind::literal;
  json literal;
  Path path;
  const HelperDef* helper = nullptr;
  std::vector<Expr> params;
  std::vector<std::pair<std::string, Expr>> hash;
  std::uint32_t offset = 0;   // in the unit's source
};

// Escaping applied to one interpolation, fixed at compile time.
enum class EscapeMode : std::uint8_t {
  html,
  markdown,
  markdown_cell,  // inside a GFM table row: a newline in the value must not end the row
  xml,
  none,
};

enum class NodeKind : std::uint8_t {
  text,
  value,         // {{x}}, {{{x}}}, {{helper a b}}
  section,       // {{#x}}: list -> loop, truthy -> push context, falsy -> inverse
  inverted,      // {{^x}}
  if_block,
  unless_block,
  each,
  with,
  partial,       // {{> name}}, {{>*dynamic}}
  parent,        // {{< name}} with block arguments
  block,         // {{$ name}}: an overridable place, or an argument inside a parent
};

struct Node {
  NodeKind kind = NodeKind::text;
  bool line_start = false;      // begins a source line: receives the indentation of a partial
  std::uint32_t offset = 0;     // tag start in the unit's source
  std::uint32_t tag_end = 0;

  // text
  std::string text;
  std::vector<std::uint32_t> indent_points;   // offsets in text where a line begins

  // value and blocks
  Expr expr;
  EscapeMode escape = EscapeMode::html;
  std::vector<Node> body;
  std::vector<Node> inverse;

  // partial, parent, block
  std::string name;
  bool dynamic = false;         // the partial's name is read from the data (expr)
  bool has_context = false;     // {{> name ctx}}: expr is the context
  bool standalone = false;      // alone on its line: indent applies to every line
  std::string indent;           // indentation added to each line of the included text
  const Unit* target = nullptr; // static partial or parent, resolved after compilation
  std::vector<const Node*> arguments;   // parent: its block arguments
};

// One compiled source: the main template or a partial.
struct Unit {
  std::string name;             // empty for the main template
  std::string source;
  int first_line = 1;
  std::vector<Node> nodes;
};

struct Compiled {
  Unit main;
  std::map<std::string, std::unique_ptr<Unit>, std::less<>> partials;
  bool strict = true;
  std::vector<Field> fields;
};

}  // namespace s2d::tmpl::detail
