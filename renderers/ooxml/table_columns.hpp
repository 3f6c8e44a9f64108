#pragma once
// Column widths for DOCX and PPTX tables, from what the cells hold.

#include "renderers/document/model.hpp"

#include <string_view>
#include <vector>

namespace s2d::office {

// Widths (in the unit of `total`) for the columns of `table`, text set in a
// font whose em is `em` long, with `padding` per cell. Every column gets at
// least its longest word when that fits; what is left goes to the columns
// by how much more their longest cell needs. Sums to `total`.
std::vector<long long> column_widths(const doc::Block& table, long long total, double em, long long padding);

// Estimated advance of a text in ems for a sans-serif font such as DejaVu
// Sans: digits and capitals run wider than the average letter.
double text_ems(std::string_view utf8);

}  // namespace s2d::office
