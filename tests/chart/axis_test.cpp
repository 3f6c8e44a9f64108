// Axis arithmetic and label planning, and the layout that uses them.
#include "renderers/chart/axis.hpp"
#include "renderers/chart/format.hpp"
#include "renderers/chart/scene.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>

namespace s2d::chart {
namespace {

bool is_nice_step(double step) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(step) + 1e-9));
  const double factor = step / magnitude;
  return std::fabs(factor - 1) < 1e-9 || std::fabs(factor - 2) < 1e-9 || std::fabs(factor - 5) < 1e-9;
}

// The properties every axis keeps, whatever the data.
void check_axis(const Axis& axis, double low, double high, int max_ticks, bool include_zero) {
  BOOST_TEST_INFO("range " << low << " .. " << high << ", max " << max_ticks);
  BOOST_TEST(is_nice_step(axis.step));
  BOOST_TEST(axis.min <= std::min(low, include_zero ? 0.0 : low) + 1e-9 * std::fabs(low));
  BOOST_TEST(axis.max >= std::max(high, include_zero ? 0.0 : high) - 1e-9 * std::fabs(high));
  BOOST_TEST(axis.ticks.size() >= 2u);
  const bool across_zero = std::min(low, include_zero ? 0.0 : low) < 0 && std::max(high, include_zero ? 0.0 : high) > 0;
  BOOST_TEST(static_cast<int>(axis.ticks.size()) <= std::max(across_zero ? 3 : 2, max_ticks));
  BOOST_TEST(axis.ticks.front() == axis.min);
  BOOST_TEST(axis.ticks.back() == axis.max);
  if (include_zero) BOOST_TEST((std::find(axis.ticks.begin(), axis.ticks.end(), 0.0) != axis.ticks.end()));
  for (std::size_t i = 1; i < axis.ticks.size(); ++i)
    BOOST_TEST(std::fabs(axis.ticks[i] - axis.ticks[i - 1] - axis.step) <= axis.step * 1e-9);
}

// Text as wide as 0.55 em per byte: enough to test layout without fonts.
class FixedMeasurer final : public Measurer {
 public:
  double width(std::string_view text, double size, bool) override { return 0.55 * size * text.size(); }
  double line_height(double size) override { return size * 1.2; }
  std::vector<std::string> wrap(std::string_view text, double size, bool bold, double room) override {
    std::vector<std::string> lines{""};
    for (std::size_t at = 0; at < text.size();) {
      std::size_t end = text.find(' ', at);
      if (end == std::string_view::npos) end = text.size();
      std::string word(text.substr(at, end - at));
      at = end + 1;
      std::string joined = lines.back().empty() ? word : lines.back() + " " + word;
      if (width(joined, size, bold) <= room || lines.back().empty()) {
        lines.back() = joined;
      } else {
        lines.push_back(word);
      }
    }
    return lines;
  }
};

Chart column_chart(std::size_t rows, const std::string& label_stem) {
  Chart chart;
  chart.type = Type::column;
  chart.title = "Chart";
  Series series;
  series.name = "value";
  for (std::size_t i = 0; i < rows; ++i) {
    chart.categories.push_back(label_stem + std::to_string(i));
    series.values.push_back(std::sin(static_cast<double>(i)) * 1000);
  }
  chart.series.push_back(series);
  return chart;
}

std::vector<const Label*> category_labels(const Scene& scene, double below_y) {
  std::vector<const Label*> labels;
  for (const auto& shape : scene.shapes)
    if (const auto* label = std::get_if<Label>(&shape))
      if (label->y >= below_y && label->v_anchor < 1 && label->text.rfind("Region", 0) == 0) labels.push_back(label);
  return labels;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(axis)

BOOST_AUTO_TEST_CASE(revenue_gets_steps_of_fifty_thousand_from_zero) {
  const Axis axis = nice_axis(98000, 151250.5, 6);
  check_axis(axis, 98000, 151250.5, 6, true);
  BOOST_TEST(axis.min == 0);
  BOOST_TEST(axis.step == 50000);
  BOOST_TEST(axis.max == 200000);
}

BOOST_AUTO_TEST_CASE(negative_values_extend_the_axis_below_zero) {
  const Axis axis = nice_axis(-20000, 150000, 8);
  check_axis(axis, -20000, 150000, 8, true);
  BOOST_TEST(axis.min < 0);
  BOOST_TEST(axis.min >= -50000);
  const Axis all_negative = nice_axis(-730, -15, 6);
  check_axis(all_negative, -730, -15, 6, true);
  BOOST_TEST(all_negative.max == 0);
}

BOOST_AUTO_TEST_CASE(a_single_value_and_all_zeros_still_make_an_axis) {
  const Axis single = nice_axis(42, 42, 6);
  check_axis(single, 42, 42, 6, true);
  BOOST_TEST(single.max >= 42);
  const Axis single_negative = nice_axis(-7, -7, 6);
  check_axis(single_negative, -7, -7, 6, true);
  const Axis zeros = nice_axis(0, 0, 6);
  check_axis(zeros, 0, 0, 6, true);
  BOOST_TEST(zeros.max > zeros.min);
  const Axis single_free = nice_axis(3.5, 3.5, 6, false);  // scatter axis: no zero forced
  BOOST_TEST(single_free.min < 3.5);
  BOOST_TEST(single_free.max > 3.5);
  const Axis broken = nice_axis(std::nan(""), INFINITY, 6);
  BOOST_TEST(broken.min == 0);
  BOOST_TEST(broken.max == 1);
}

BOOST_AUTO_TEST_CASE(billions_keep_whole_steps_and_readable_labels) {
  const Axis axis = nice_axis(0, 3.2e9, 6);
  check_axis(axis, 0, 3.2e9, 6, true);
  BOOST_TEST(axis.step == 1e9);
  Chart chart;
  chart.format.kind = ValueFormat::Kind::currency;
  chart.format.currency = "USD";
  BOOST_TEST(format_tick(chart, 3e9, axis.step) == "$3,000,000,000");
  BOOST_TEST(format_value(chart, 1234.5) == "$1,234.50");
}

BOOST_AUTO_TEST_CASE(small_fractions_get_as_many_decimals_as_their_step) {
  const Axis axis = nice_axis(0, 0.037, 5);
  check_axis(axis, 0, 0.037, 5, true);
  BOOST_TEST(axis.step == 0.01);
  BOOST_TEST(decimals_for_step(axis.step) == 2);
  BOOST_TEST(decimals_for_step(0.25) == 2);
  BOOST_TEST(decimals_for_step(5) == 0);
  Chart percent;
  percent.format.kind = ValueFormat::Kind::percent;
  BOOST_TEST(format_tick(percent, 0.25, 0.05) == "25%");
  BOOST_TEST(format_tick(percent, 0.025, 0.005) == "2.5%");
}

BOOST_AUTO_TEST_CASE(every_range_keeps_the_axis_properties) {
  int checked = 0;
  for (double low : {-1e12, -3e6, -1234.5, -1.0, -0.003, 0.0, 0.0007, 1.0, 17.0, 99999.0, 4e9}) {
    for (double span : {0.0, 1e-4, 0.5, 3.0, 77.7, 1e5, 2.5e9}) {
      for (int ticks : {2, 5, 9}) {
        check_axis(nice_axis(low, low + span, ticks), low, low + span, ticks, true);
        ++checked;
      }
    }
  }
  BOOST_TEST(checked == 11 * 7 * 3);
}

BOOST_AUTO_TEST_CASE(stacked_ranges_sum_positive_and_negative_parts) {
  Chart chart;
  chart.stacked = true;
  chart.categories = {"a", "b"};
  chart.series = {Series{"p", "p", "", {10.0, -5.0}}, Series{"q", "q", "", {20.0, -7.0}}};
  const Range stacked = value_range(chart);
  BOOST_TEST(stacked.high == 30);
  BOOST_TEST(stacked.low == -12);
  chart.stacked = false;
  const Range side_by_side = value_range(chart);
  BOOST_TEST(side_by_side.high == 20);
  BOOST_TEST(side_by_side.low == -7);
}

BOOST_AUTO_TEST_CASE(labels_go_straight_wrapped_or_rotated) {
  BOOST_TEST((plan_labels(100, {30, 60}, {}, 12).mode == LabelPlan::Mode::straight));
  const LabelPlan wrapped = plan_labels(100, {150, 60}, {50, 40}, 12);
  BOOST_TEST((wrapped.mode == LabelPlan::Mode::wrapped));
  BOOST_TEST(wrapped.lines == 2);
  // Forty long labels in 450 points: rotated, and thinned so they do not touch.
  const LabelPlan forty = plan_labels(450.0 / 40, std::vector<double>(40, 150), std::vector<double>(40, 60), 12);
  BOOST_TEST((forty.mode == LabelPlan::Mode::rotated));
  BOOST_TEST(forty.step * 450.0 / 40 >= 12 / std::sqrt(0.5));
  // A thousand points: every label would overlap; a few are shown.
  const LabelPlan thousand = plan_labels(450.0 / 1000, std::vector<double>(1000, 20), std::vector<double>(1000, 20), 12);
  BOOST_TEST((thousand.mode == LabelPlan::Mode::rotated));
  BOOST_TEST(thousand.step >= 38);
  BOOST_TEST(1000 / thousand.step <= 30);
}

BOOST_AUTO_TEST_CASE(forty_long_labels_and_a_thousand_points_lay_out_without_overlap) {
  FixedMeasurer measurer;
  Look look;
  look.palette = {"#112233"};
  for (const auto& [rows, stem] : {std::pair<std::size_t, std::string>{40, "Region with a long name number "},
                                   std::pair<std::size_t, std::string>{1000, "Region "}}) {
    const Chart chart = column_chart(rows, stem);
    const Scene scene = lay_out(chart, look, 450, 260, measurer);
    BOOST_TEST_INFO(rows << " rows");
    // Every shape stays inside the chart's box.
    for (const auto& shape : scene.shapes) {
      if (const auto* rect = std::get_if<Rect>(&shape)) {
        BOOST_TEST(rect->x >= 0);
        BOOST_TEST(rect->x + rect->width <= scene.width + 1e-6);
        BOOST_TEST(rect->y >= 0);
        BOOST_TEST(rect->y + rect->height <= scene.height + 1e-6);
      }
    }
    const auto labels = category_labels(scene, 100);
    BOOST_TEST_REQUIRE(labels.size() >= 2u);
    BOOST_TEST(labels.size() <= rows);
    // Rotated labels run parallel: apart by more than a line across their slant.
    for (std::size_t i = 1; i < labels.size(); ++i) {
      BOOST_TEST(labels[i]->angle == -45);
      const double across = (labels[i]->x - labels[i - 1]->x) * std::sqrt(0.5);
      BOOST_TEST(across >= measurer.line_height(labels[i]->size) * 0.99);
    }
    // A label never reaches past the left edge of the chart.
    for (const auto* label : labels) {
      const double reach = measurer.width(label->text, label->size, false) * std::sqrt(0.5);
      BOOST_TEST(label->x - reach >= -1.0);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace s2d::chart
