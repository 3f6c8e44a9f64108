#pragma once
// A chart in the XLSX output: its data on a sheet of its own and the native
// chart beside the data (a drawing anchored to the cells right of it).
// Internal to the XLSX writer.

#include "renderers/chart/model.hpp"
#include "renderers/ooxml/package.hpp"

#include <string>

namespace s2d::office::xlsx {

// Adds the drawing and chart parts of sheet `sheet_number` (chart
// `chart_number` of the workbook) and returns the sheet's XML.
std::string add_chart_sheet(Package& package, const chart::Chart& chart, const chart::Look& look,
                            const std::string& sheet_name, std::size_t sheet_number, std::size_t chart_number);

}  // namespace s2d::office::xlsx
