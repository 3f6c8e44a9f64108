// Chart layout: title, legend, axes with nice ticks and gridlines, category
// labels planned so they never overlap, then the marks of each chart type.
#include "renderers/chart/axis.hpp"
#include "renderers/chart/format.hpp"
#include "renderers/chart/scene.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace s2d::chart {
namespace {

// The span one value of a category covers: from zero, or stacked on the
// category's positive or negative total so far.
struct CategoryStack {
  bool stacked;
  double positive = 0, negative = 0;

  std::pair<double, double> span(double value) {
    if (!stacked) return {0, value};
    double& total = value >= 0 ? positive : negative;
    const double from = total;
    total += value;
    return {from, total};
  }
};

constexpr double kPad = 6;
constexpr double kTickGap = 4;
constexpr double kGroupShare = 0.72;    // of a category slot, the bars' share
constexpr double kSin45 = 0.70710678118654752;
constexpr double kPi = 3.14159265358979323846;
constexpr std::size_t kMaxMarkers = 60;  // more points: a line without dots
constexpr std::string_view kEllipsis = "\u2026";

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
};

std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> words;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    if (end > at) words.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return words;
}

bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

class Layout {
 public:
  Layout(const Chart& chart, const Look& look, double width, double height, Measurer& measurer)
      : chart_(chart), look_(look), measure_(measurer), size_(look.font_size_pt) {
    scene_.width = width;
    scene_.height = height;
    scene_.font = look.font;
    line_ = measure_.line_height(size_);
    box_ = {kPad, kPad, width - kPad, height - kPad};
  }

  Scene run() {
    title();
    legend();
    if (box_.width() < 20 || box_.height() < 20) return std::move(scene_);
    if (chart_.round()) {
      pie();
    } else if (chart_.horizontal()) {
      bars();
    } else {
      vertical();
    }
    return std::move(scene_);
  }

 private:
  // ------------------------------------------------------------- text

  void label(std::string text, double x, double y, double h, double v, const std::string& color,
             double size = 0, bool bold = false, double angle = 0) {
    if (text.empty()) return;
    Label out;
    out.text = std::move(text);
    out.x = x;
    out.y = y;
    out.size = size > 0 ? size : size_;
    out.bold = bold;
    out.color = color;
    out.h_anchor = h;
    out.v_anchor = v;
    out.angle = angle;
    scene_.shapes.emplace_back(std::move(out));
  }

  double width_of(std::string_view text, double size = 0, bool bold = false) {
    return measure_.width(text, size > 0 ? size : size_, bold);
  }

  // The longest start of `text` (whole characters) that fits `room`, with an ellipsis when cut.
  std::string fit(std::string_view text, double room, double size = 0, bool bold = false) {
    if (width_of(text, size, bold) <= room) return std::string(text);
    std::size_t low = 0, high = text.size();
    while (low < high) {
      std::size_t mid = (low + high + 1) / 2;
      while (mid > 0 && mid < text.size() && continuation_byte(text[mid])) --mid;
      if (mid <= low) break;
      if (width_of(std::string(text.substr(0, mid)) + std::string(kEllipsis), size, bold) <= room) {
        low = mid;
      } else {
        high = mid - 1;
        while (high > low && high < text.size() && continuation_byte(text[high])) --high;
      }
    }
    return std::string(text.substr(0, low)) + std::string(kEllipsis);
  }

  std::vector<std::string> wrapped(std::string_view text, double room, int max_lines, double size = 0,
                                   bool bold = false) {
    auto lines = measure_.wrap(text, size > 0 ? size : size_, bold, room);
    if (static_cast<int>(lines.size()) > max_lines) {
      lines.resize(static_cast<std::size_t>(max_lines));
      lines.back() = fit(lines.back() + std::string(kEllipsis), room, size, bold);
    }
    return lines;
  }

  // ------------------------------------------------------------- frame

  void title() {
    if (chart_.title.empty()) return;
    const double size = size_ * 1.3;
    const double pitch = measure_.line_height(size);
    for (const auto& line : wrapped(chart_.title, box_.width(), 2, size, true)) {
      label(line, scene_.width / 2, box_.y0, 0.5, 0, look_.text, size, true);
      box_.y0 += pitch;
    }
    box_.y0 += kPad;
  }

  std::vector<std::string> legend_names() const {
    std::vector<std::string> names;
    if (chart_.round()) return chart_.categories;
    for (const auto& series : chart_.series) names.push_back(series.name);
    return names;
  }

  void legend() {
    const bool wanted = chart_.legend != Legend::none && (chart_.round() || chart_.series.size() > 1 ||
                                                          chart_.legend != Legend::bottom);
    if (!wanted) return;
    const auto names = legend_names();
    const double swatch = size_ * 0.9, gap = 4, spacing = 12, pitch = line_ * 1.25;
    if (chart_.legend == Legend::right) {
      double widest = 0;
      for (const auto& name : names) widest = std::max(widest, width_of(name));
      const double column = std::min(widest + swatch + gap, scene_.width * 0.32);
      const std::size_t fits = static_cast<std::size_t>(std::max(1.0, std::floor(box_.height() / pitch)));
      const std::size_t shown = std::min(names.size(), fits);
      double y = box_.y0 + (box_.height() - pitch * static_cast<double>(shown)) / 2;
      const double x = box_.x1 - column;
      for (std::size_t i = 0; i < shown; ++i, y += pitch) entry(names[i], i, x, y + pitch / 2, column - swatch - gap);
      box_.x1 = x - spacing;
      return;
    }
    // Rows of entries, centered; as many rows as the names need (at most 3).
    std::vector<std::vector<std::size_t>> rows(1);
    std::vector<double> row_widths(1, 0);
    const double room = box_.width();
    for (std::size_t i = 0; i < names.size(); ++i) {
      const double w = std::min(width_of(names[i]), room - swatch - gap) + swatch + gap;
      if (!rows.back().empty() && row_widths.back() + spacing + w > room) {
        if (rows.size() == 3) break;
        rows.emplace_back();
        row_widths.push_back(0);
      }
      row_widths.back() += (rows.back().empty() ? 0 : spacing) + w;
      rows.back().push_back(i);
    }
    const double height = pitch * static_cast<double>(rows.size());
    double y = chart_.legend == Legend::top ? box_.y0 : box_.y1 - height;
    for (std::size_t r = 0; r < rows.size(); ++r, y += pitch) {
      double x = box_.x0 + (room - row_widths[r]) / 2;
      for (std::size_t i : rows[r]) {
        const double text = std::min(width_of(names[i]), room - swatch - gap);
        entry(names[i], i, x, y + pitch / 2, text);
        x += swatch + gap + text + spacing;
      }
    }
    if (chart_.legend == Legend::top) {
      box_.y0 += height + kPad;
    } else {
      box_.y1 -= height + kPad;
    }
  }

  void entry(const std::string& name, std::size_t index, double x, double middle, double text_room) {
    const double swatch = size_ * 0.9;
    scene_.shapes.emplace_back(Rect{x, middle - swatch / 2, swatch, swatch, color_of(chart_, look_, index)});
    label(fit(name, text_room), x + swatch + 4, middle, 0, 0.5, look_.text);
  }

  void axis_titles(bool value_axis_vertical) {
    const std::string& left = value_axis_vertical ? chart_.y_title : chart_.x_title;
    const std::string& below = value_axis_vertical ? chart_.x_title : chart_.y_title;
    if (!below.empty()) {
      label(fit(below, box_.width()), (box_.x0 + box_.x1) / 2, box_.y1, 0.5, 1, look_.muted);
      box_.y1 -= line_ + 2;
    }
    if (!left.empty()) {
      label(fit(left, box_.height()), box_.x0, (box_.y0 + box_.y1) / 2, 0.5, 0, look_.muted, 0, false, -90);
      box_.x0 += line_ + 4;
    }
  }

  Axis value_axis(double length, double label_extent, double low, double high, bool include_zero) {
    const int ticks = std::clamp(static_cast<int>(length / std::max(label_extent, 1.0)), 2, 9);
    return nice_axis(low, high, ticks, include_zero);
  }

  std::vector<std::string> tick_texts(const Axis& axis, bool plain) {
    std::vector<std::string> texts;
    for (double tick : axis.ticks)
      texts.push_back(plain ? format_plain(chart_, tick, decimals_for_step(axis.step))
                            : format_tick(chart_, tick, axis.step));
    return texts;
  }

  void grid_line(double x0, double y0, double x1, double y1, bool axis) {
    scene_.shapes.emplace_back(Polyline{{{x0, y0}, {x1, y1}}, axis ? look_.axis : look_.grid, axis ? 0.8 : 0.5});
  }

  // ------------------------------------------------------------- column, line, area, scatter

  void vertical() {
    axis_titles(true);
    const bool scatter = chart_.type == Type::scatter;
    const Range range = value_range(chart_);
    Axis axis = value_axis(box_.height() - line_ * 2, line_ * 2.2, range.low, range.high, !scatter);
    const auto ticks = tick_texts(axis, false);
    double widest = 0;
    for (const auto& text : ticks) widest = std::max(widest, width_of(text));
    box_.x0 += widest + kTickGap;

    double label_height = 0;
    std::vector<std::string> under;  // category or x tick texts
    Axis x_axis;
    LabelPlan plan;
    const std::size_t n = chart_.categories.size();
    const double slot = box_.width() / static_cast<double>(n);
    double rotated_room = 0;
    if (scatter) {
      double low = *std::min_element(chart_.x_values.begin(), chart_.x_values.end());
      double high = *std::max_element(chart_.x_values.begin(), chart_.x_values.end());
      double sample = std::max(width_of(format_plain(chart_, low, -1)), width_of(format_plain(chart_, high, -1)));
      box_.x1 -= sample / 2;  // the last tick's label is centered on the plot's right edge
      x_axis = value_axis(box_.width(), sample * 1.8 + 8, low, high, false);
      under = tick_texts(x_axis, true);
      label_height = line_;
    } else {
      std::vector<double> widths, word_widths;
      widths.reserve(n);
      for (const auto& category : chart_.categories) {
        widths.push_back(width_of(category));
        double word = 0;
        if (widths.back() > slot * 0.9)
          for (auto piece : words_of(category)) word = std::max(word, width_of(piece));
        word_widths.push_back(word);
      }
      plan = plan_labels(slot, widths, word_widths, line_);
      const double widest_label = widths.empty() ? 0 : *std::max_element(widths.begin(), widths.end());
      if (plan.mode == LabelPlan::Mode::rotated) {
        label_height = std::min(widest_label * kSin45 + line_, box_.height() * 0.35);
        rotated_room = (label_height - line_ * kSin45) / kSin45;
      } else {
        label_height = line_ * plan.lines;
      }
    }
    box_.y1 -= label_height + kTickGap;
    if (box_.height() < 10) return;
    const Box plot = box_;

    auto y_of = [&](double value) { return plot.y1 - (value - axis.min) / (axis.max - axis.min) * plot.height(); };
    for (std::size_t i = 0; i < axis.ticks.size(); ++i) {
      const double y = y_of(axis.ticks[i]);
      grid_line(plot.x0, y, plot.x1, y, false);
      label(ticks[i], plot.x0 - kTickGap, y, 1, 0.5, look_.muted);
    }
    if (scatter) {
      auto x_of = [&](double value) {
        return plot.x0 + (value - x_axis.min) / (x_axis.max - x_axis.min) * plot.width();
      };
      for (std::size_t i = 0; i < x_axis.ticks.size(); ++i) {
        const double x = x_of(x_axis.ticks[i]);
        grid_line(x, plot.y0, x, plot.y1, false);
        label(under[i], x, plot.y1 + kTickGap, 0.5, 0, look_.muted);
      }
      grid_line(plot.x0, plot.y1, plot.x1, plot.y1, true);
      scatter_marks(x_of, y_of);
      return;
    }
    const double base = y_of(std::clamp(0.0, axis.min, axis.max));
    category_labels(plot, slot, plan, rotated_room);
    if (chart_.type == Type::column) {
      columns(plot, slot, y_of);
    } else {
      lines(plot, slot, y_of);
    }
    grid_line(plot.x0, base, plot.x1, base, true);
  }

  void category_labels(const Box& plot, double slot, const LabelPlan& plan, double rotated_room) {
    const std::size_t n = chart_.categories.size();
    for (std::size_t i = 0; i < n; i += static_cast<std::size_t>(plan.step)) {
      const double x = plot.x0 + slot * (static_cast<double>(i) + 0.5);
      const double y = plot.y1 + kTickGap;
      const std::string& text = chart_.categories[i];
      switch (plan.mode) {
        case LabelPlan::Mode::straight: label(text, x, y, 0.5, 0, look_.muted); break;
        case LabelPlan::Mode::wrapped: {
          double line_y = y;
          for (const auto& line : wrapped(text, slot * 0.92, plan.lines)) {
            label(line, x, line_y, 0.5, 0, look_.muted);
            line_y += line_;
          }
          break;
        }
        case LabelPlan::Mode::rotated: {
          // Slanting down to the left, a label may not run past the chart's left edge either.
          const double room = std::min(rotated_room, (x + line_ * 0.35) / kSin45 - line_);
          label(fit(text, std::max(room, 0.0)), x + line_ * 0.35, y, 1, 0.5, look_.muted, 0, false, -45);
          break;
        }
      }
    }
  }

  template <typename YOf>
  void columns(const Box& plot, double slot, YOf y_of) {
    const std::size_t n = chart_.categories.size(), count = chart_.series.size();
    const double group = slot * kGroupShare;
    const double bar = chart_.stacked ? group : group / static_cast<double>(count);
    for (std::size_t i = 0; i < n; ++i) {
      const double left = plot.x0 + slot * static_cast<double>(i) + (slot - group) / 2;
      CategoryStack stack{chart_.stacked};
      for (std::size_t s = 0; s < count; ++s) {
        const auto& value = chart_.series[s].values[i];
        if (!value) continue;
        const auto [from, to] = stack.span(*value);
        const double x = chart_.stacked ? left : left + bar * static_cast<double>(s);
        const double top = y_of(std::max(from, to)), bottom = y_of(std::min(from, to));
        scene_.shapes.emplace_back(Rect{x, top, bar, std::max(bottom - top, 0.0), color_of(chart_, look_, s)});
        if (chart_.labels) value_label(*value, x + bar / 2, top, bottom, count > 1 ? bar * 1.05 : slot, *value < 0);
      }
    }
  }

  // Above a bar (below a negative one), or inside a stacked segment when it fits.
  void value_label(double value, double x, double top, double bottom, double room, bool below) {
    std::string text = format_value(chart_, value);
    const double w = width_of(text, size_ * 0.9);
    if (chart_.stacked) {
      if (w <= room * 0.95 && bottom - top >= line_)
        label(std::move(text), x, (top + bottom) / 2, 0.5, 0.5, "#ffffff", size_ * 0.9);
      return;
    }
    if (w > room * 0.95) return;
    if (below) {
      label(std::move(text), x, bottom + 2, 0.5, 0, look_.text, size_ * 0.9);
    } else {
      label(std::move(text), x, top - 2, 0.5, 1, look_.text, size_ * 0.9);
    }
  }

  template <typename YOf>
  void lines(const Box& plot, double slot, YOf y_of) {
    const std::size_t n = chart_.categories.size();
    std::vector<double> below(n, 0.0);  // stacked areas: the top of the series beneath
    for (std::size_t s = 0; s < chart_.series.size(); ++s) {
      const auto& series = chart_.series[s];
      const std::string color = color_of(chart_, look_, s);
      auto x_of = [&](std::size_t i) { return plot.x0 + slot * (static_cast<double>(i) + 0.5); };
      if (chart_.type == Type::area) {
        Polygon area{{}, color, chart_.stacked ? 0.85 : 0.35};
        std::vector<Point> top;
        for (std::size_t i = 0; i < n; ++i) {
          const double from = chart_.stacked ? below[i] : 0.0;
          const double to = from + series.values[i].value_or(0.0);
          top.push_back({x_of(i), y_of(to)});
          area.points.push_back({x_of(i), y_of(from)});
          below[i] = chart_.stacked ? to : below[i];
        }
        std::reverse(area.points.begin(), area.points.end());
        area.points.insert(area.points.begin(), top.begin(), top.end());
        scene_.shapes.emplace_back(std::move(area));
        scene_.shapes.emplace_back(Polyline{top, color, 1.5});
        if (chart_.labels) point_labels(series, top, slot);
        continue;
      }
      std::vector<Point> points(n);
      Polyline run{{}, color, 2};
      for (std::size_t i = 0; i < n; ++i) {
        if (!series.values[i]) {  // a gap ends the line
          if (run.points.size() > 1) scene_.shapes.emplace_back(run);
          run.points.clear();
          continue;
        }
        points[i] = {x_of(i), y_of(*series.values[i])};
        run.points.push_back(points[i]);
      }
      if (run.points.size() > 1) scene_.shapes.emplace_back(std::move(run));
      for (std::size_t i = 0; i < n; ++i)
        if (series.values[i] && (n <= kMaxMarkers || (i > 0 && !series.values[i - 1])))
          scene_.shapes.emplace_back(Dot{points[i].x, points[i].y, 2.6, color});
      if (chart_.labels) point_labels(series, points, slot);
    }
  }

  void point_labels(const Series& series, const std::vector<Point>& points, double slot) {
    for (std::size_t i = 0; i < points.size(); ++i) {
      if (!series.values[i]) continue;
      std::string text = format_value(chart_, *series.values[i]);
      if (width_of(text, size_ * 0.9) > slot * 1.1) continue;
      label(std::move(text), points[i].x, points[i].y - 4, 0.5, 1, look_.text, size_ * 0.9);
    }
  }

  template <typename XOf, typename YOf>
  void scatter_marks(XOf x_of, YOf y_of) {
    for (std::size_t s = 0; s < chart_.series.size(); ++s) {
      const auto& series = chart_.series[s];
      for (std::size_t i = 0; i < series.values.size(); ++i) {
        if (!series.values[i]) continue;
        const double x = x_of(chart_.x_values[i]), y = y_of(*series.values[i]);
        scene_.shapes.emplace_back(Dot{x, y, 3, color_of(chart_, look_, s)});
        if (chart_.labels) label(format_value(chart_, *series.values[i]), x, y - 4, 0.5, 1, look_.text, size_ * 0.9);
      }
    }
  }

  // ------------------------------------------------------------- horizontal bars

  void bars() {
    axis_titles(false);
    const std::size_t n = chart_.categories.size(), count = chart_.series.size();
    // Category labels on the left, up to 30 % of the width, on up to two lines.
    double widest = 0;
    for (const auto& category : chart_.categories) widest = std::max(widest, width_of(category));
    const double label_room = std::min(widest, scene_.width * 0.3);
    box_.x0 += label_room + kTickGap;
    box_.y1 -= line_ + kTickGap;  // value ticks below
    if (box_.height() < 10 || box_.width() < 10) return;
    const Range range = value_range(chart_);
    const Axis probe = nice_axis(range.low, range.high, 6, true);
    double tick_width = 0;
    for (const auto& text : tick_texts(probe, false)) tick_width = std::max(tick_width, width_of(text));
    box_.x1 -= tick_width / 2;  // the last tick's label is centered on the plot's right edge
    const Axis axis = value_axis(box_.width(), tick_width * 1.5 + 8, range.low, range.high, true);
    const auto ticks = tick_texts(axis, false);
    const Box plot = box_;
    auto x_of = [&](double value) { return plot.x0 + (value - axis.min) / (axis.max - axis.min) * plot.width(); };
    for (std::size_t i = 0; i < axis.ticks.size(); ++i) {
      const double x = x_of(axis.ticks[i]);
      grid_line(x, plot.y0, x, plot.y1, false);
      label(ticks[i], x, plot.y1 + kTickGap, 0.5, 0, look_.muted);
    }
    const double slot = plot.height() / static_cast<double>(n);
    const int lines = slot >= line_ * 2.2 ? 2 : 1;
    const std::size_t step = static_cast<std::size_t>(std::max(1.0, std::ceil(line_ * 1.1 / slot)));
    for (std::size_t i = 0; i < n; i += step) {
      const double middle = plot.y0 + slot * (static_cast<double>(i) + 0.5);
      auto parts = wrapped(chart_.categories[i], label_room, lines);
      double y = middle - line_ * static_cast<double>(parts.size()) / 2;
      for (auto& part : parts) {
        label(fit(part, label_room), plot.x0 - kTickGap, y, 1, 0, look_.muted);
        y += line_;
      }
    }
    const double group = slot * kGroupShare;
    const double bar = chart_.stacked ? group : group / static_cast<double>(count);
    for (std::size_t i = 0; i < n; ++i) {
      const double top = plot.y0 + slot * static_cast<double>(i) + (slot - group) / 2;
      CategoryStack stack{chart_.stacked};
      for (std::size_t s = 0; s < count; ++s) {
        const auto& value = chart_.series[s].values[i];
        if (!value) continue;
        const auto [from, to] = stack.span(*value);
        const double y = chart_.stacked ? top : top + bar * static_cast<double>(s);
        const double left = x_of(std::min(from, to)), right = x_of(std::max(from, to));
        scene_.shapes.emplace_back(Rect{left, y, std::max(right - left, 0.0), bar, color_of(chart_, look_, s)});
        if (chart_.labels) bar_label(*value, left, right, y + bar / 2, bar);
      }
    }
    const double zero = x_of(std::clamp(0.0, axis.min, axis.max));
    grid_line(zero, plot.y0, zero, plot.y1, true);
  }

  void bar_label(double value, double left, double right, double middle, double thickness) {
    std::string text = format_value(chart_, value);
    const double w = width_of(text, size_ * 0.9);
    if (thickness < line_ * 0.8) return;
    if (chart_.stacked) {
      if (w <= (right - left) * 0.95) label(std::move(text), (left + right) / 2, middle, 0.5, 0.5, "#ffffff", size_ * 0.9);
      return;
    }
    if (value < 0) {
      label(std::move(text), left - 2, middle, 1, 0.5, look_.text, size_ * 0.9);
    } else {
      label(std::move(text), right + 2, middle, 0, 0.5, look_.text, size_ * 0.9);
    }
  }

  // ------------------------------------------------------------- pie, doughnut

  void pie() {
    const auto& values = chart_.series[0].values;
    const double radius = std::max(0.0, std::min(box_.width(), box_.height()) / 2);
    const double cx = (box_.x0 + box_.x1) / 2, cy = (box_.y0 + box_.y1) / 2;
    const double inner = chart_.type == Type::doughnut ? radius * 0.55 : 0;
    double total = 0;
    for (const auto& value : values) total += value.value_or(0.0);
    if (total <= 0) {  // nothing to share out: an empty ring
      scene_.shapes.emplace_back(Wedge{cx, cy, radius, inner, 0, 2 * kPi, look_.grid});
      return;
    }
    double angle = 0;
    std::vector<Label> labels;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double share = values[i].value_or(0.0) / total;
      if (share <= 0) continue;
      const double end = angle + share * 2 * kPi;
      scene_.shapes.emplace_back(Wedge{cx, cy, radius, inner, angle, end, color_of(chart_, look_, i)});
      const double at = inner > 0 ? (radius + inner) / 2 : radius * 0.65;
      std::string value = chart_.labels ? format_value(chart_, *values[i]) : std::string();
      // Inside its slice only: the chord across the slice at the label's radius must hold it.
      const double chord = 2 * at * std::sin(std::min(share * kPi, kPi / 2));
      if (!value.empty() && width_of(value, size_ * 0.9) <= chord * 0.85) {
        const double middle = (angle + end) / 2;
        Label text;
        text.text = std::move(value);
        text.x = cx + std::sin(middle) * at;
        text.y = cy - std::cos(middle) * at;
        text.size = size_ * 0.9;
        text.color = "#ffffff";
        text.h_anchor = text.v_anchor = 0.5;
        labels.push_back(std::move(text));
      }
      angle = end;
    }
    for (auto& text : labels) scene_.shapes.emplace_back(std::move(text));
    if (chart_.labels && inner > 0) label(format_value(chart_, total), cx, cy, 0.5, 0.5, look_.text, size_ * 1.2, true);
  }

  const Chart& chart_;
  const Look& look_;
  Measurer& measure_;
  double size_;
  double line_ = 12;
  Scene scene_;
  Box box_;
};

}  // namespace

Scene lay_out(const Chart& chart, const Look& look, double width, double height, Measurer& measurer) {
  return Layout(chart, look, width, height, measurer).run();
}

Size chart_size(const Chart& chart, double text_width, double max_height) {
  constexpr double kPointsPerMm = 72.0 / 25.4;
  Size size;
  size.width = text_width;
  if (chart.width_percent) size.width = text_width * *chart.width_percent / 100;
  if (chart.width_mm) size.width = std::min(text_width, *chart.width_mm * kPointsPerMm);
  size.height = chart.height_mm ? *chart.height_mm * kPointsPerMm : size.width * chart.aspect.value_or(0.55);
  size.height = std::min(size.height, max_height);
  return size;
}

}  // namespace s2d::chart
