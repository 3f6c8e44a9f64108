#include "renderers/document/table_layout.hpp"

#include "renderers/document/units.hpp"
#include "renderers/text/sanitize.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

namespace s2d::doc {
namespace {

constexpr double kFontSteps[] = {1.0, 0.95, 0.9, 0.85, kSmallestFontScale};
constexpr double kSmallestSqueezedScale = 0.5;  // below this a table is unreadable: columns are squeezed instead
constexpr std::size_t kNamedHeaderCells = 3;
constexpr std::size_t kNamedCellLength = 24;

double sum(const std::vector<double>& values) { return std::accumulate(values.begin(), values.end(), 0.0); }

// The width each hint asks for in points, or 0 for a column sized by its content.
std::vector<double> hinted_widths(const std::vector<ColumnWidth>& hints, std::size_t columns, double available) {
  std::vector<double> widths(columns, 0.0);
  for (std::size_t c = 0; c < columns && c < hints.size(); ++c) {
    if (hints[c].percent) widths[c] = available * std::clamp(*hints[c].percent, 0.0, 100.0) / 100.0;
    if (hints[c].mm) widths[c] = std::max(0.0, *hints[c].mm) * kPointsPerMm;
  }
  return widths;
}

// The widths at one font scale (the padding scales with the text), or
// nothing when the minimums do not fit.
std::vector<double> distribute(const std::vector<ColumnContent>& columns, const std::vector<double>& hinted,
                               double available, double padding, double scale, bool hyphenate) {
  const std::size_t count = columns.size();
  std::vector<double> low(count), high(count);
  std::vector<bool> fixed(count, false);
  for (std::size_t c = 0; c < count; ++c) {
    low[c] = ((hyphenate ? columns[c].min_hyphenated : columns[c].min) + padding) * scale;
    high[c] = std::max(low[c], (columns[c].max + padding) * scale);
    if (hinted[c] > 0) {
      low[c] = high[c] = std::max(hinted[c], low[c]);
      fixed[c] = true;
    }
  }
  const double low_total = sum(low), high_total = sum(high);
  if (low_total > available * (1 + 1e-9)) return {};
  std::vector<double> widths(count);
  if (high_total <= available) {
    // Everything fits on one line: the spare width goes to the columns sized
    // by content, in proportion to their width (to all when every column has a hint).
    const bool any_free = std::find(fixed.begin(), fixed.end(), false) != fixed.end();
    double sharing = 0;
    for (std::size_t c = 0; c < count; ++c)
      if (!fixed[c] || !any_free) sharing += high[c];
    for (std::size_t c = 0; c < count; ++c) {
      const bool shares = (!fixed[c] || !any_free) && sharing > 0;
      widths[c] = high[c] + (shares ? (available - high_total) * high[c] / sharing : 0.0);
    }
    return widths;
  }
  const double wanted = high_total - low_total;  // > 0 here: the maximums do not fit but the minimums do
  for (std::size_t c = 0; c < count; ++c) widths[c] = low[c] + (available - low_total) * (high[c] - low[c]) / wanted;
  return widths;
}

bool needs_minimums(const std::vector<ColumnContent>& columns, const std::vector<double>& hinted, double available,
                    double padding) {
  double total = 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const double natural = columns[c].max + padding;
    if (hinted[c] > 0 && hinted[c] < natural) return true;
    total += hinted[c] > 0 ? hinted[c] : natural;
  }
  return total > available;
}

// Stages for a table whose minimums do not fit: a smaller font, then long
// words hyphenated, then a font as small as it takes, then squeezing.
TableFit fit_smaller(const std::vector<ColumnContent>& columns, const std::vector<double>& no_hints, double available,
                     double padding) {
  TableFit fit;
  for (const double scale : kFontSteps) {
    fit.widths = distribute(columns, no_hints, available, padding, scale, false);
    fit.font_scale = scale;
    if (!fit.widths.empty()) return fit;
  }
  double needs = 0, needs_whole = 0;
  for (const auto& column : columns) {
    needs += column.min_hyphenated + padding;
    needs_whole += column.min + padding;
  }
  fit.hyphenate = needs < needs_whole;  // only when the table has long words to break
  fit.font_scale = std::min(kSmallestFontScale, needs > 0 ? available / needs : 0.0);
  if (fit.font_scale >= kSmallestSqueezedScale) {
    fit.widths = distribute(columns, no_hints, available, padding, fit.font_scale * (1 - 1e-9), fit.hyphenate);
    if (!fit.widths.empty()) return fit;
  }
  // Nothing fits: every column in proportion to what it needs at the smallest size.
  fit.overfull = true;
  fit.hyphenate = true;
  fit.font_scale = kSmallestSqueezedScale;
  fit.widths.clear();
  for (const auto& column : columns)
    fit.widths.push_back(needs > 0 ? (column.min_hyphenated + padding) * available / needs : available / columns.size());
  return fit;
}

}  // namespace

std::size_t column_count(const Block& table) {
  std::size_t columns = table.align.size();
  for (const auto& row : table.rows) columns = std::max(columns, row.size());
  return columns;
}

void include_cell(ColumnContent* column, const ColumnContent& cell) {
  column->min = std::max(column->min, cell.min);
  column->min_hyphenated = std::max(column->min_hyphenated, cell.min_hyphenated);
  column->max = std::max(column->max, cell.max);
}

TableFit fit_columns(std::vector<ColumnContent> columns, const std::vector<ColumnWidth>& hints, double available,
                     double padding, const MeasureMinimums& measure_minimums) {
  if (columns.empty()) return {};
  const std::vector<double> hinted = hinted_widths(hints, columns.size(), available);
  const std::vector<double> no_hints(columns.size(), 0.0);
  TableFit fit;
  if (!needs_minimums(columns, hinted, available, padding)) {
    fit.widths = distribute(columns, hinted, available, padding, 1, false);  // minimums are unused here
    return fit;
  }
  if (measure_minimums) measure_minimums(&columns);
  fit.widths = distribute(columns, hinted, available, padding, 1, false);
  if (fit.widths.empty()) fit.widths = distribute(columns, no_hints, available, padding, 1, false);
  if (!fit.widths.empty()) return fit;
  return fit_smaller(columns, no_hints, available, padding);
}

std::vector<long long> in_units(const std::vector<double>& widths, long long total) {
  const double sum_of_widths = sum(widths);
  std::vector<long long> units;
  long long used = 0;
  for (std::size_t c = 0; c + 1 < widths.size(); ++c) {
    units.push_back(sum_of_widths > 0 ? std::llround(widths[c] * static_cast<double>(total) / sum_of_widths) : 0);
    used += units.back();
  }
  if (!widths.empty()) units.push_back(total - used);
  return units;
}

bool never_broken(std::string_view word) {
  std::size_t characters = 0;
  const auto length = static_cast<int32_t>(std::min<std::size_t>(word.size(), INT32_MAX));
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(word.data(), i, length, c);
    if (c >= 0 && u_isdigit(c)) return true;  // any script's digits: 123, ١٢٣, १२३
    ++characters;
  }
  return characters < kShortestHyphenatedWord;
}

std::string table_name(const Block& table, int index) {
  std::string name = "table " + std::to_string(index);
  if (table.rows.empty() || table.rows.front().empty()) return name;
  std::string cells;
  const auto& header = table.rows.front();
  for (std::size_t c = 0; c < header.size() && c < kNamedHeaderCells; ++c) {
    std::string cell = text::clean(text::plain_text(header[c].inlines));
    if (cell.size() > kNamedCellLength) {
      std::size_t cut = kNamedCellLength;
      while (cut > 0 && (static_cast<unsigned char>(cell[cut]) & 0xC0) == 0x80) --cut;  // keep characters whole
      cell = cell.substr(0, cut) + "\u2026";
    }
    cells += (c ? " | " : "") + cell;
  }
  if (header.size() > kNamedHeaderCells) cells += " | \u2026";
  return name + " (" + cells + ")";
}

std::string fit_warning(const Block& table, int index, const TableFit& fit) {
  if (!fit.needs_warning()) return "";
  std::string warning = table_name(table, index) + " is too wide for the page";
  if (fit.overfull) return warning + ": its columns are squeezed and words break anywhere";
  warning += ": set at " + std::to_string(static_cast<int>(fit.font_scale * 100 + 0.5)) + "% of its size";
  if (fit.hyphenate) warning += ", long words hyphenated";
  return warning;
}

}  // namespace s2d::doc
