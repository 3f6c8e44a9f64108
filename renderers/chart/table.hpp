#pragma once
// A chart's data as a table, for the formats that cannot draw (md, txt):
// the category column, then one column per series, values formatted as on
// the chart.

#include "renderers/chart/model.hpp"
#include "renderers/document/model.hpp"

#include <string>
#include <string_view>

namespace s2d::chart {

// A table block: header row, then one row per category.
doc::Block data_table(const Chart& chart);

// The merged Markdown with every chart fence replaced by its title (bold)
// and its data as a GFM table; `document` holds the resolved charts.
std::string replace_chart_fences(std::string_view markdown, const doc::Document& document);

}  // namespace s2d::chart
