#pragma once
// The ```chart block: a small YAML spec (after the template merge) plus the
// generation's data -> a validated chart::Chart. docs/templates/charts.md
// lists every option.

#include "renderers/chart/model.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace s2d::chart {

struct SpecError {
  std::string code = "invalid_chart";  // invalid_chart | missing_required_field
  std::string message;
  std::string chart;        // the chart's title, or "chart N"
  std::string field;        // the spec key at fault: type, data, x, y, series, format, ...
  std::string placeholder;  // the data path at fault, e.g. quarters[2].revenue
  int line = 0, column = 0; // 1-based, in the template source
};

struct SpecInput {
  std::string_view text;    // the block's YAML
  int first_line = 1;       // source line of the block's first YAML line
  int ordinal = 1;          // 1 for the document's first chart
  std::string locale = "en-US";
  bool strict = true;       // a missing data path or field is an error (else a gap)
};

inline constexpr std::size_t kMaxRows = 10'000;
inline constexpr std::size_t kMaxSeries = 24;

// False with *error when the spec or the data it names is not a chart.
bool parse_chart(const SpecInput& input, const nlohmann::json& data, Chart* chart, SpecError* error);

// Reads "quarters", "account.quarters", "accounts[2].usage" or
// "accounts.2.usage" in `data`; nullptr when a segment is missing.
const nlohmann::json* find_path(const nlohmann::json& data, std::string_view path);

}  // namespace s2d::chart
