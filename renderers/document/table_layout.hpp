#pragma once
// Column widths of a table from what its cells hold: the automatic table
// layout of CSS 2.1 (section 17.5.2.2), as browsers do it, shared by the PDF,
// DOCX, PPTX and HTML renderers so a table has the same columns in each.
//
// Each column has a minimum content width (its widest piece that must stay
// whole: a number, a date, a word) and a maximum content width (its widest
// cell set on one line). When the maximum widths fit, every column gets its
// maximum and the spare width is shared in proportion; otherwise every
// column gets its minimum and the rest is shared in proportion to
// (maximum - minimum). Only when even the minimums do not fit is the table
// set smaller (down to kSmallestFontScale, its cell padding with it), then
// its long words hyphenated, then, as numbers and short words never break,
// smaller still.

#include "renderers/document/model.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::doc {

inline constexpr double kSmallestFontScale = 0.8;  // the smallest a table is set before words break
inline constexpr std::size_t kShortestHyphenatedWord = 12;  // characters: shorter words never break

// Widths of one column's content in points at the table's own font size,
// cell padding excluded.
struct ColumnContent {
  double min = 0;             // widest piece that is never broken
  double min_hyphenated = 0;  // the same once long words may break with a hyphen
  double max = 0;             // widest cell unwrapped
};

// The number of columns of a table: its alignments, or its widest row.
std::size_t column_count(const Block& table);

// Widens `column` to hold one cell.
void include_cell(ColumnContent* column, const ColumnContent& cell);

struct TableFit {
  std::vector<double> widths;  // cell widths in points, padding included; they sum to the available width
  double font_scale = 1;       // below 1: the table's text and cell padding are set smaller than usual to fit
  bool hyphenate = false;      // long words break (with a hyphen); numbers and short words still do not
  bool overfull = false;       // even that did not fit: the columns were squeezed and words may break anywhere
  bool needs_warning() const { return font_scale < 1 || hyphenate || overfull; }
};

// Fills in the minimum widths of `columns` (their maximums are already set).
// Measuring minimums costs a second layout of every cell, so fit_columns
// asks only when the maximums do not fit.
using MeasureMinimums = std::function<void(std::vector<ColumnContent>* columns)>;

// The widths for `columns` in `available` points with `padding` points per
// cell; `hints` (possibly fewer than the columns) are the author's widths.
// A hint gives its column that width (never less than its minimum); hints
// that leave the other columns too little room are ignored.
TableFit fit_columns(std::vector<ColumnContent> columns, const std::vector<ColumnWidth>& hints, double available,
                     double padding, const MeasureMinimums& measure_minimums);

// `widths` scaled to whole units (twips, EMU) that sum to exactly `total`.
std::vector<long long> in_units(const std::vector<double>& widths, long long total);

// Whether a piece of text (no spaces) must never be broken across lines:
// anything with a digit (numbers, amounts, dates, percentages, codes) and
// every word shorter than kShortestHyphenatedWord characters.
bool never_broken(std::string_view word);

// How a table is named in warnings: its position and its first header cells.
std::string table_name(const Block& table, int index);

// The warning for a table that did not fit at its usual size, or "".
std::string fit_warning(const Block& table, int index, const TableFit& fit);

}  // namespace s2d::doc
