#pragma once
// Document blocks -> the vertical flow (flow.hpp): type scale, spacing,
// lists, tables, images, quotes and code blocks, all measured with Pango.

#include "renderers/document/model.hpp"
#include "renderers/pdf/flow.hpp"
#include "renderers/pdf/images.hpp"
#include "renderers/pdf/text.hpp"

#include <string>
#include <vector>

namespace s2d::pdf {

// The page in points.
struct PageGeometry {
  double width = 0, height = 0;
  double margin_top = 0, margin_right = 0, margin_bottom = 0, margin_left = 0;
  double body_width() const { return width - margin_left - margin_right; }
  double body_height() const { return height - margin_top - margin_bottom; }
};
PageGeometry page_geometry(const doc::PageSetup& setup);
// The page turned on its side (the same margins), for landscape tables; a
// page that is already landscape stays as it is.
PageGeometry landscape_of(const PageGeometry& page);

// The styles every part of the page uses, derived from the document's fonts and theme.
struct Styles {
  explicit Styles(const doc::Document& document);
  TextStyle body, code, table_cell, table_header, page_margin_text;
  TextStyle heading(int level) const;
  Rgb headings, rule, muted, table_header_bg, table_stripe_bg, code_bg;
  std::string heading_family;
};

// Tables that did not fit at their usual size add a warning to `warnings`.
std::vector<FlowItem> lay_out(const doc::Document& document, const Styles& styles, const PageGeometry& page,
                              TextFactory& text, ImageCache& images, std::vector<std::string>* warnings);

}  // namespace s2d::pdf
