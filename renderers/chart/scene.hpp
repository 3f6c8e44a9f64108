#pragma once
// A chart laid out: plain shapes in points (y down), the same for the PDF
// (cairo_draw.hpp) and the HTML (svg.hpp), so both show the same picture.
// Text is measured while laying out (Pango), so labels never overlap;
// drawers only place what the layout decided.

#include "renderers/chart/model.hpp"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace s2d::chart {

struct Point {
  double x = 0, y = 0;
};

struct Rect {
  double x = 0, y = 0, width = 0, height = 0;
  std::string fill;
};

struct Polyline {
  std::vector<Point> points;
  std::string stroke;
  double width = 1;
};

struct Polygon {  // closed and filled
  std::vector<Point> points;
  std::string fill;
  double opacity = 1;
};

// A pie slice or doughnut segment; angles in radians, clockwise from twelve o'clock.
struct Wedge {
  double cx = 0, cy = 0, outer = 0, inner = 0, start = 0, end = 0;
  std::string fill;
};

struct Dot {
  double cx = 0, cy = 0, radius = 2;
  std::string fill;
};

// One line of text. (x, y) is the anchor; h_anchor 0 puts the text's left
// edge there, 0.5 its middle, 1 its right edge; v_anchor likewise from top
// to bottom. The text turns by `angle` degrees around the anchor
// (negative: counter-clockwise, as on the page).
struct Label {
  std::string text;
  double x = 0, y = 0;
  double size = 9;
  bool bold = false;
  std::string color;
  double h_anchor = 0, v_anchor = 0;
  double angle = 0;
};

using Shape = std::variant<Rect, Polyline, Polygon, Wedge, Dot, Label>;

struct Scene {
  double width = 0, height = 0;
  std::string font;  // the family every label uses
  std::vector<Shape> shapes;  // in painting order
};

// Text measurement for the layout (pango_measure.hpp implements it).
class Measurer {
 public:
  virtual ~Measurer() = default;
  virtual double width(std::string_view text, double size, bool bold) = 0;
  virtual double line_height(double size) = 0;
  // `text` broken into lines at most `width` wide (words longer than that
  // are broken too).
  virtual std::vector<std::string> wrap(std::string_view text, double size, bool bold, double width) = 0;
};

// Lays `chart` out in a box `width` x `height` points.
Scene lay_out(const Chart& chart, const Look& look, double width, double height, Measurer& measurer);

// The chart's box on a page whose text is `text_width` points wide, at most
// `max_height` tall: the spec's width and height, else the full width at 55 %.
struct Size {
  double width = 0, height = 0;
};
Size chart_size(const Chart& chart, double text_width, double max_height);

}  // namespace s2d::chart
