#include "renderers/chart/axis.hpp"

#include <algorithm>
#include <cmath>

namespace s2d::chart {
namespace {

constexpr double kSlotUse = 0.92;       // share of a slot a label may fill
constexpr int kMaxWrappedLines = 3;
constexpr double kSin45 = 0.70710678118654752;

// The smallest step of the form {1, 2, 5} x 10^k that is >= raw.
double nice_step(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double factor : {1.0, 2.0, 5.0, 10.0})
    if (factor * magnitude >= raw * (1 - 1e-9)) return factor * magnitude;
  return 10 * magnitude;
}

double next_nice_step(double step) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(step) + 1e-9));
  const double factor = step / magnitude;
  if (factor < 1.5) return 2 * magnitude;
  if (factor < 3.5) return 5 * magnitude;
  return 10 * magnitude;
}

// Multiples of step, with the float noise of k * step taken out.
double snap(double value, double step) {
  double snapped = std::round(value / step) * step;
  const double digits = std::max(0.0, -std::floor(std::log10(step))) + 1;
  const double scale = std::pow(10.0, digits);
  if (scale < 1e15) snapped = std::round(snapped * scale) / scale;
  return snapped == 0 ? 0.0 : snapped;  // no -0
}

// The multiple of step at or below value (at or above): a quotient within
// float noise of a whole number counts as that number.
double multiple_below(double value, double step) {
  const double quotient = value / step, whole = std::round(quotient);
  return (std::fabs(quotient - whole) < 1e-9 * std::fabs(quotient) ? whole : std::floor(quotient)) * step;
}

double multiple_above(double value, double step) {
  const double quotient = value / step, whole = std::round(quotient);
  return (std::fabs(quotient - whole) < 1e-9 * std::fabs(quotient) ? whole : std::ceil(quotient)) * step;
}

}  // namespace

Axis nice_axis(double low, double high, int max_ticks, bool include_zero) {
  max_ticks = std::max(2, max_ticks);
  if (!std::isfinite(low) || !std::isfinite(high)) low = 0, high = 1;
  if (low > high) std::swap(low, high);
  if (include_zero) {
    low = std::min(low, 0.0);
    high = std::max(high, 0.0);
  }
  if (high == low) {
    if (low == 0) {  // all zeros: a unit range above the axis
      high = 1;
    } else {         // one value, zero not forced (scatter): a range around it
      const double pad = std::fabs(low) * 0.5;
      low -= pad;
      high += pad;
    }
  }
  // Across zero there are at least three ticks: one each side and zero.
  if (low < 0 && high > 0) max_ticks = std::max(max_ticks, 3);
  double step = nice_step((high - low) / (max_ticks - 1));
  double first = multiple_below(low, step), last = multiple_above(high, step);
  while ((last - first) / step + 1 > max_ticks + 1e-9) {
    step = next_nice_step(step);
    first = multiple_below(low, step);
    last = multiple_above(high, step);
  }
  Axis axis;
  axis.step = step;
  axis.min = snap(first, step);
  axis.max = snap(last, step);
  const int count = static_cast<int>(std::llround((axis.max - axis.min) / step));
  for (int i = 0; i <= count; ++i) axis.ticks.push_back(snap(axis.min + i * step, step));
  return axis;
}

Range value_range(const Chart& chart) {
  Range range;
  bool any = false;
  auto take = [&](double value) {
    range.low = any ? std::min(range.low, value) : value;
    range.high = any ? std::max(range.high, value) : value;
    any = true;
  };
  if (chart.stacked) {
    for (std::size_t row = 0; row < chart.categories.size(); ++row) {
      double positive = 0, negative = 0;
      for (const auto& series : chart.series) {
        const auto& value = series.values[row];
        if (!value) continue;
        (*value >= 0 ? positive : negative) += *value;
      }
      take(positive);
      take(negative);
    }
  } else {
    for (const auto& series : chart.series)
      for (const auto& value : series.values)
        if (value) take(*value);
  }
  return range;
}

int decimals_for_step(double step) {
  if (!(step > 0) || step >= 1) return 0;
  int decimals = 0;
  for (double scaled = step; decimals < 10 && std::fabs(scaled - std::round(scaled)) > 1e-6 * scaled; scaled *= 10)
    ++decimals;
  return decimals;
}

LabelPlan plan_labels(double slot, const std::vector<double>& widths, const std::vector<double>& word_widths,
                      double line_height) {
  LabelPlan plan;
  if (widths.empty() || slot <= 0) return plan;
  const double room = slot * kSlotUse;
  const double widest = *std::max_element(widths.begin(), widths.end());
  if (widest <= room) return plan;
  const double widest_word = word_widths.empty() ? widest : *std::max_element(word_widths.begin(), word_widths.end());
  const int lines = static_cast<int>(std::ceil(widest / room * 1.15));  // words seldom break evenly
  if (widest_word <= room && lines <= kMaxWrappedLines) {
    plan.mode = LabelPlan::Mode::wrapped;
    plan.lines = lines;
    return plan;
  }
  plan.mode = LabelPlan::Mode::rotated;
  // Rotated by 45 degrees a label needs line_height / sin 45 across.
  const double across = line_height / kSin45 * 1.15;
  plan.step = std::max(1, static_cast<int>(std::ceil(across / slot)));
  return plan;
}

}  // namespace s2d::chart
