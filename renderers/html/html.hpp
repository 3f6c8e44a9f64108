#pragma once
// The document model as one self-contained HTML file: CSS from the theme
// inline, images as data: URIs, and print rules (@page size and margins,
// running header and footer, table headers repeated, page breaks) so that
// printing from a browser gives the document's pages.

#include "renderers/document/model.hpp"

#include <string>

namespace s2d::html {

std::string render_html(const doc::Document& document);

}  // namespace s2d::html
