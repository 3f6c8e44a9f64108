#include "renderers/chart/look.hpp"

#include "renderers/text/direction.hpp"

namespace s2d::chart {

// The theme's heading and link colours lead; the rest are chosen to stay
// apart from them and from each other (also in greyscale print).
Look look_for(const doc::Document& document) {
  Look look;
  look.font = document.fonts.body;
  look.font_size_pt = std::max(7.0, document.fonts.size_pt * 0.85);
  look.text = document.theme.text;
  look.right_to_left = text::is_right_to_left(document.locale);
  look.palette = {document.theme.headings, "#e8a33d", "#2a9d8f", "#d1495b", document.theme.links,
                  "#7b5ea7", "#9bc53d", "#6c757d", "#f28482", "#3d5a80"};
  return look;
}

std::string color_of(const Chart& chart, const Look& look, std::size_t index) {
  if (!chart.round() && index < chart.series.size() && !chart.series[index].color.empty())
    return chart.series[index].color;
  static const std::string fallback = "#0b3d91";
  if (look.palette.empty()) return fallback;
  return look.palette[index % look.palette.size()];
}

}  // namespace s2d::chart
