#pragma once
// The document's theme and fonts as a chart's look.

#include "renderers/chart/model.hpp"
#include "renderers/document/model.hpp"

namespace s2d::chart {

Look look_for(const doc::Document& document);

}  // namespace s2d::chart
