#include "renderers/chart/scene_maker.hpp"

#include "renderers/chart/look.hpp"

namespace s2d::chart {

SceneMaker::SceneMaker(const doc::Document& document) : look_(look_for(document)), measurer_(look_.font) {}

std::shared_ptr<const Scene> SceneMaker::make(const Chart& chart, double text_width, double max_height) {
  const Size size = chart_size(chart, text_width, max_height);
  return std::make_shared<const Scene>(lay_out(chart, look_, size.width, size.height, measurer_));
}

}  // namespace s2d::chart
