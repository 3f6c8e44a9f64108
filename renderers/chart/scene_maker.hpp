#pragma once
// Charts of one document laid out at their size on the page, measured with
// the document's body font: what the PDF and the HTML writers call.

#include "renderers/chart/pango_measure.hpp"
#include "renderers/chart/scene.hpp"
#include "renderers/document/model.hpp"

#include <memory>

namespace s2d::chart {

class SceneMaker {
 public:
  explicit SceneMaker(const doc::Document& document);

  // The chart at the width its spec asks of `text_width` points, at most `max_height` tall.
  std::shared_ptr<const Scene> make(const Chart& chart, double text_width, double max_height);

 private:
  Look look_;
  PangoMeasurer measurer_;
};

}  // namespace s2d::chart
