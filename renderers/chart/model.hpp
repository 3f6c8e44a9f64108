#pragma once
// A chart read from a ```chart block and the generation's data: everything
// every format's writer needs (the PDF and SVG drawers, the OOXML chart
// part, the text table), already validated. Values only, so a Chart can be
// shared between threads and formats.

#include <optional>
#include <string>
#include <vector>

namespace s2d::chart {

enum class Type { column, bar, line, area, pie, doughnut, scatter };
enum class Legend { top, bottom, right, none };

// How values are written on the axis, in labels and in tables.
struct ValueFormat {
  enum class Kind { number, currency, percent };
  Kind kind = Kind::number;
  int decimals = -1;      // -1: as the locale and the values need
  std::string currency;   // ISO 4217 for Kind::currency
};

struct Series {
  std::string field;      // the data field it reads
  std::string name;       // legend text
  std::string color;      // "#rrggbb"; empty: the palette's next colour
  std::vector<std::optional<double>> values;  // one per category (row); empty optional: a gap
};

struct Chart {
  Type type = Type::column;
  bool stacked = false;
  std::string title;
  std::string x_field;
  std::vector<std::string> categories;  // one per row: the x field as text
  std::vector<double> x_values;         // scatter only: the x field as numbers
  std::vector<Series> series;
  ValueFormat format;
  std::string locale = "en-US";
  Legend legend = Legend::bottom;
  bool labels = false;
  std::string x_title, y_title;
  // Size: a width as a share of the text width or in mm; a height in mm or
  // as height / width.
  std::optional<double> width_percent, width_mm;
  std::optional<double> height_mm, aspect;

  bool round() const { return type == Type::pie || type == Type::doughnut; }
  bool horizontal() const { return type == Type::bar; }
};

// Theme colours and fonts the drawers use.
struct Look {
  std::string font = "DejaVu Sans";
  double font_size_pt = 9;
  std::string text = "#1f2328";
  std::string muted = "#5b6472";
  std::string grid = "#dde3ea";
  std::string axis = "#8c96a3";
  std::vector<std::string> palette;  // series colours, in order
  bool right_to_left = false;
};

// The colour of series (or pie slice) `index`: its own, else the palette's.
std::string color_of(const Chart& chart, const Look& look, std::size_t index);

}  // namespace s2d::chart
