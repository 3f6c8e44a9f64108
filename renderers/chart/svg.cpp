#include "renderers/chart/svg.hpp"

#include "renderers/text/sanitize.hpp"

#include <cmath>
#include <cstdio>

namespace s2d::chart {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  std::string text = buffer;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text::clean(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string points_of(const std::vector<Point>& points) {
  std::string out;
  for (const auto& point : points) out += (out.empty() ? "" : " ") + number(point.x) + "," + number(point.y);
  return out;
}

struct Writer {
  std::string& out;

  void operator()(const Rect& rect) const {
    out += "<rect x=\"" + number(rect.x) + "\" y=\"" + number(rect.y) + "\" width=\"" + number(rect.width) +
           "\" height=\"" + number(rect.height) + "\" fill=\"" + rect.fill + "\"/>";
  }
  void operator()(const Polyline& line) const {
    out += "<polyline points=\"" + points_of(line.points) + "\" fill=\"none\" stroke=\"" + line.stroke +
           "\" stroke-width=\"" + number(line.width) + "\" stroke-linejoin=\"round\"/>";
  }
  void operator()(const Polygon& polygon) const {
    out += "<polygon points=\"" + points_of(polygon.points) + "\" fill=\"" + polygon.fill + "\" fill-opacity=\"" +
           number(polygon.opacity) + "\"/>";
  }
  void operator()(const Wedge& wedge) const {
    auto at = [&](double radius, double angle) {
      return number(wedge.cx + std::sin(angle) * radius) + " " + number(wedge.cy - std::cos(angle) * radius);
    };
    const double sweep = wedge.end - wedge.start;
    if (sweep >= 2 * kPi - 1e-9) {  // a full ring: two half arcs (one arc cannot close on itself)
      out += "<circle cx=\"" + number(wedge.cx) + "\" cy=\"" + number(wedge.cy) + "\" r=\"" +
             number((wedge.outer + wedge.inner) / 2) + "\" fill=\"none\" stroke=\"" + wedge.fill +
             "\" stroke-width=\"" + number(std::max(wedge.outer - wedge.inner, 0.1)) + "\"/>";
      return;
    }
    const std::string large = sweep > kPi ? "1" : "0";
    std::string path = "M" + at(wedge.outer, wedge.start) + " A" + number(wedge.outer) + " " + number(wedge.outer) +
                       " 0 " + large + " 1 " + at(wedge.outer, wedge.end);
    if (wedge.inner > 0) {
      path += " L" + at(wedge.inner, wedge.end) + " A" + number(wedge.inner) + " " + number(wedge.inner) + " 0 " +
              large + " 0 " + at(wedge.inner, wedge.start);
    } else {
      path += " L" + number(wedge.cx) + " " + number(wedge.cy);
    }
    out += "<path d=\"" + path + " Z\" fill=\"" + wedge.fill + "\" stroke=\"#ffffff\" stroke-width=\"1\"/>";
  }
  void operator()(const Dot& dot) const {
    out += "<circle cx=\"" + number(dot.cx) + "\" cy=\"" + number(dot.cy) + "\" r=\"" + number(dot.radius) +
           "\" fill=\"" + dot.fill + "\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>";
  }
  void operator()(const Label& label) const {
    const char* anchor = label.h_anchor < 0.25 ? "start" : label.h_anchor > 0.75 ? "end" : "middle";
    const char* baseline = label.v_anchor < 0.25 ? "text-before-edge" : label.v_anchor > 0.75 ? "text-after-edge" : "central";
    out += "<text x=\"" + number(label.x) + "\" y=\"" + number(label.y) + "\" font-size=\"" + number(label.size) +
           "\" fill=\"" + label.color + "\" text-anchor=\"" + anchor + "\" dominant-baseline=\"" + baseline + "\"";
    if (label.bold) out += " font-weight=\"bold\"";
    if (label.angle != 0)
      out += " transform=\"rotate(" + number(label.angle) + " " + number(label.x) + " " + number(label.y) + ")\"";
    out += ">" + escaped(label.text) + "</text>";
  }
};

}  // namespace

std::string to_svg(const Scene& scene, const std::string& title) {
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 " +
                    number(scene.width) + " " + number(scene.height) + "\" width=\"" + number(scene.width) +
                    "pt\" height=\"" + number(scene.height) + "pt\" font-family=\"" + escaped(scene.font) +
                    ", sans-serif\" direction=\"ltr\">";
  if (!title.empty()) out += "<title>" + escaped(title) + "</title>";
  Writer writer{out};
  for (const auto& shape : scene.shapes) {
    std::visit(writer, shape);
    out += '\n';
  }
  return out + "</svg>";
}

}  // namespace s2d::chart
