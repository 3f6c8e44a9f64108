#pragma once
// Splits a template source into text and tags, honouring set-delimiter tags,
// then applies the whitespace rules: Mustache standalone lines (a line holding
// only a block tag, comment or partial disappears from the output) and
// Handlebars whitespace control ({{~ ... ~}}).

#include "renderers/template/template.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::tmpl::detail {

enum class TagKind : std::uint8_t {
  text,
  value,       // {{x}}
  raw,         // {{{x}}} or {{&x}}
  section,     // {{#x}}
  inverted,    // {{^x}}
  close,       // {{/x}}
  comment,     // {{! }} and {{!-- --}}
  partial,     // {{> x}}
  parent,      // {{< x}}
  block,       // {{$ x}}
  delimiters,  // {{=<% %>=}}
  else_tag,    // {{else}}, {{else if x}}, {{^}}
};

struct Token {
  TagKind kind = TagKind::text;
  std::uint32_t begin = 0, end = 0;            // in the source; tags include their delimiters
  std::uint32_t keep_begin = 0, keep_end = 0;  // text: the part that reaches the output
  std::string_view content;                    // tag: inside the delimiters, sigil removed, trimmed
  std::uint32_t content_offset = 0;
  bool trim_before = false, trim_after = false;   // ~ on either side
  bool standalone = false;       // the tag's whole line (indentation and newline) is removed
  bool site_standalone = false;  // {{$b}}{{/b}} alone on a line: indentation removed, newline kept
  bool body_own_line = false;    // {{$b}}: the block's content starts on the next line
  std::string_view indent;       // whitespace before the tag on its line (standalone tags)
};

// false + *error (template_syntax_error with line, column and tag) on an unclosed tag or bad delimiters.
bool scan(std::string_view source, std::vector<Token>* tokens, Error* error);

// Line (counting from first_line) and column (1-based, in code points) of a byte offset.
void locate(std::string_view source, int first_line, std::uint32_t offset, int* line, int* column);

// Fills error for a problem at a byte offset of source.
void syntax_error(std::string_view source, int first_line, std::uint32_t offset, std::string_view tag,
                  std::string message, Error* error);

}  // namespace s2d::tmpl::detail
