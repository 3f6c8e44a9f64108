#pragma once
// The document model as plain UTF-8 text: headings underlined, lists with
// "-" and "1." markers, tables aligned in columns (East Asian wide
// characters counted as two), links written as "text (url)", code indented.
// Speaker notes, page furniture and styling are left out.

#include "renderers/document/model.hpp"

#include <string>

namespace s2d::text {

std::string render_text(const doc::Document& document);

}  // namespace s2d::text
