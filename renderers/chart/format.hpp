#pragma once
// A chart's numbers as text: ICU formatting through the template helpers'
// formatter, so "currency EUR" in a chart reads as {{currency x "EUR"}} does.

#include "renderers/chart/model.hpp"

#include <string>

namespace s2d::chart {

// A value label or table cell: the spec's decimals, else the style's own.
std::string format_value(const Chart& chart, double value);
// An axis tick: as many decimals as the step needs (the spec's, when given).
std::string format_tick(const Chart& chart, double value, double step);
// A number without the chart's style (scatter x values).
std::string format_plain(const Chart& chart, double value, int decimals);
// The same style as an Excel number format code (OOXML charts); on an
// `axis` currencies drop their cents unless the spec asks for decimals.
std::string excel_format_code(const Chart& chart, bool axis);

}  // namespace s2d::chart
