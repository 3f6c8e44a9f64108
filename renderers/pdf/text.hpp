#pragma once
// Text for the PDF: styled runs shaped and wrapped by Pango (bidi, font
// fallback, line breaking), measured line by line so the paginator can split
// a paragraph between any two lines.

#include "renderers/document/model.hpp"
#include "renderers/document/table_layout.hpp"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace s2d::pdf {

struct Rgb {
  double r = 0, g = 0, b = 0;
};
Rgb parse_rgb(const std::string& hex);  // "#rrggbb"; black when malformed
void set_source(cairo_t* cr, const Rgb& color);


struct TextStyle {
  std::string family;
  double size_pt = 10.5;
  bool bold = false;
  bool italic = false;
  Rgb color;
  double line_height = 1.45;  // line pitch as a multiple of size_pt (taller fonts get more)
  PangoAlignment align = PANGO_ALIGN_LEFT;  // left is the start edge: right in right-to-left documents
  bool single_line = false;                 // no wrapping (table measurement, headers)
  enum class Cell { none, body, header };
  Cell table_cell = Cell::none;             // table cells keep numbers and short words (header cells: every word) whole
};

// A clickable span of one line, in points from the line's left edge.
struct LinkSpan {
  double x = 0, width = 0;
  std::string uri;
};

struct TextLine {
  double x = 0;         // left edge relative to the block's left (alignment, direction)
  double width = 0;
  double height = 0;    // the line's share of the block, leading included
  double baseline = 0;  // from the line's top
  std::vector<LinkSpan> links;
};

// One shaped paragraph (a PangoLayout) and its lines.
class TextBlock {
 public:
  TextBlock(PangoLayout* layout, const TextStyle& style);  // takes ownership
  ~TextBlock();
  TextBlock(const TextBlock&) = delete;
  TextBlock& operator=(const TextBlock&) = delete;

  // Wraps to `width` points (negative: no wrapping) and measures the lines.
  void set_width(double width);
  // Places the block in a box `width` wide: re-wraps it only when it does
  // not fit unwrapped, otherwise just shifts the lines to its alignment
  // (laying out again would shape the text again).
  void fit(double width);
  double natural_width() const;  // widest line at the current width
  // The widths a table column needs for this text (table_layout.hpp); leaves it unwrapped.
  doc::ColumnContent content_widths(bool header);
  // Table cells that may hyphenate long words wrap at characters too; others only between words.
  void set_wrap(PangoWrapMode wrap) { wrap_ = wrap; }
  const std::vector<TextLine>& lines() const { return lines_; }
  double height() const;
  double height_of(std::size_t first, std::size_t last) const;

  // Draws line `index` with the block's left edge at `x` and the line's top at `top`.
  void draw_line(cairo_t* cr, std::size_t index, double x, double top) const;

 private:
  void measure();

  PangoLayout* layout_;
  PangoWrapMode wrap_ = PANGO_WRAP_WORD_CHAR;
  double min_line_pitch_;
  std::vector<TextLine> lines_;
  std::vector<PangoLayoutLine*> layout_lines_;
};
using TextPtr = std::shared_ptr<TextBlock>;

// Makes TextBlocks for one render: owns the Pango context, the document's
// font families and link color, and collects the characters no font covers.
class TextFactory {
 public:
  TextFactory(cairo_t* cr, const doc::Document& document);
  ~TextFactory();
  TextFactory(const TextFactory&) = delete;
  TextFactory& operator=(const TextFactory&) = delete;

  TextPtr make(const doc::Inlines& inlines, const TextStyle& style, double width);
  TextPtr make_plain(const std::string& text, const TextStyle& style, double width);

  // Families requested by the document that fontconfig could not find, and
  // characters that no installed font has, as human-readable warnings.
  std::vector<std::string> warnings() const;

 private:
  TextPtr finish(PangoLayout* layout, const TextStyle& style, double width);
  void note_missing_glyphs(PangoLayout* layout);
  void check_family(const std::string& family);

  PangoContext* context_;
  std::string mono_family_;
  bool rtl_;
  Rgb link_color_;
  std::vector<std::string> family_warnings_;
  std::set<gunichar> missing_;
};

}  // namespace s2d::pdf
