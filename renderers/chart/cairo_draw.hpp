#pragma once
// A laid-out chart painted with Cairo: vector shapes, and text through
// Pango so it stays text in the PDF (searchable, extractable).

#include "renderers/chart/scene.hpp"

#include <cairo.h>

namespace s2d::chart {

// Paints `scene` with its top-left corner at (x, y).
void draw(cairo_t* cr, const Scene& scene, double x, double y);

}  // namespace s2d::chart
