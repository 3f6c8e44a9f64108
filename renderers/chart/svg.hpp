#pragma once
// A laid-out chart as inline SVG for the HTML output: the same shapes and
// labels as the PDF; it scales with the page (viewBox in points).

#include "renderers/chart/scene.hpp"

#include <string>

namespace s2d::chart {

// <svg ...>...</svg> with `title` as its accessible name.
std::string to_svg(const Scene& scene, const std::string& title);

}  // namespace s2d::chart
