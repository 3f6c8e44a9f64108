#pragma once
// Table cells measured with Pango in the document's fonts: the content
// widths (table_layout.hpp) every renderer sizes its columns from. The PDF
// measures the layouts it draws; DOCX, PPTX and HTML measure the same text
// in the same fonts here, so their columns match the PDF's.

#include "renderers/document/model.hpp"
#include "renderers/document/table_layout.hpp"

#include <pango/pango.h>

#include <string_view>
#include <vector>

namespace s2d::doc {

// Pango rounds a wrapping width down to its unit; content widths carry this
// much room so a piece measured to fit is never wrapped.
inline constexpr double kMeasureSlack = 0.5;

// Marks the pieces of a cell's `text` that must stay whole as places where
// Pango may not break a line: every word of a header cell, and in other
// cells what never_broken() names. Lines then break only at spaces there.
void keep_pieces_whole(PangoAttrList* attributes, std::string_view text, bool header);

// The width of the text of `layout` on one line (font and runs set), slack included.
double unwrapped_width(PangoLayout* layout);

// The content widths of one cell already laid out in `layout` (font and runs
// set). A header cell keeps every word whole. The layout's wrapping is left
// unlimited; the caller sets it again.
ColumnContent measure_cell(PangoLayout* layout, bool header);

// Measures whole tables for the writers that draw no Pango layouts of their own.
class TableMeasurer {
 public:
  TableMeasurer(const Fonts& fonts, const std::string& locale);
  ~TableMeasurer();
  TableMeasurer(const TableMeasurer&) = delete;
  TableMeasurer& operator=(const TableMeasurer&) = delete;

  // One entry per column of `table`, its text set at `size_pt` in the body
  // font (the header row bold): only the maximum widths, one layout per cell.
  std::vector<ColumnContent> maximums(const Block& table, double size_pt);
  // Every width of every column (a second layout per cell), for fit_columns's MeasureMinimums.
  void measure(const Block& table, double size_pt, std::vector<ColumnContent>* columns);

 private:
  template <typename Visit>
  void each_cell(const Block& table, double size_pt, Visit visit);

  PangoContext* context_;
  std::string body_family_, mono_family_;
};

// Cell widths in points for `table` in `available` points, `padding` per cell,
// text at `size_pt`: measure, then fit_columns.
TableFit fit_table(TableMeasurer& measurer, const Block& table, double size_pt, double available, double padding);

}  // namespace s2d::doc
