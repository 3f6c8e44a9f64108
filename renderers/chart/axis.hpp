#pragma once
// Axis arithmetic, shared by every drawer: "nice" value ticks (steps of
// 1, 2 or 5 times a power of ten, zero included where bars grow from it)
// and how category labels fit their slots (straight, wrapped, rotated,
// every n-th).

#include "renderers/chart/model.hpp"

#include <vector>

namespace s2d::chart {

struct Axis {
  double min = 0, max = 1, step = 1;
  std::vector<double> ticks;  // min, min + step, ..., max
};

// At most `max_ticks` ticks (at least 2, or 3 across zero) covering [low, high]; with
// `include_zero` the range is widened to reach 0. Equal ends get a range
// around them; non-finite input gives 0..1.
Axis nice_axis(double low, double high, int max_ticks, bool include_zero = true);

// The smallest and largest value the value axis must show: stacked charts
// sum their positive and negative parts per category.
struct Range {
  double low = 0, high = 0;
};
Range value_range(const Chart& chart);

// Fraction digits that tell ticks `step` apart (0 for whole steps).
int decimals_for_step(double step);

struct LabelPlan {
  enum class Mode { straight, wrapped, rotated };
  Mode mode = Mode::straight;
  int step = 1;        // every step-th label is drawn
  int lines = 1;       // wrapped: lines per label
};

// Category labels of natural widths `widths` (widest word: `word_widths`)
// in slots `slot` wide with text `line_height` tall: straight when they fit,
// else wrapped onto up to three lines when no word is wider than its slot,
// else rotated 45 degrees, thinned to every n-th label when even that
// overlaps.
LabelPlan plan_labels(double slot, const std::vector<double>& widths, const std::vector<double>& word_widths,
                      double line_height);

}  // namespace s2d::chart
