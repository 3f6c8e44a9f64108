#include "renderers/chart/cairo_draw.hpp"

#include "renderers/chart/pango_measure.hpp"

#include <pango/pangocairo.h>

#include <cmath>
#include <cstdlib>

namespace s2d::chart {
namespace {

constexpr double kPi = 3.14159265358979323846;

void set_color(cairo_t* cr, const std::string& hex, double alpha = 1) {
  unsigned long value = hex.size() == 7 && hex[0] == '#' ? std::strtoul(hex.c_str() + 1, nullptr, 16) : 0;
  cairo_set_source_rgba(cr, ((value >> 16) & 0xFF) / 255.0, ((value >> 8) & 0xFF) / 255.0, (value & 0xFF) / 255.0,
                        alpha);
}

struct Painter {
  cairo_t* cr;
  PangoLayout* layout;
  const std::string& font;

  void operator()(const Rect& rect) const {
    set_color(cr, rect.fill);
    cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height);
    cairo_fill(cr);
  }

  void operator()(const Polyline& line) const {
    if (line.points.size() < 2) return;
    set_color(cr, line.stroke);
    cairo_set_line_width(cr, line.width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_move_to(cr, line.points[0].x, line.points[0].y);
    for (std::size_t i = 1; i < line.points.size(); ++i) cairo_line_to(cr, line.points[i].x, line.points[i].y);
    cairo_stroke(cr);
  }

  void operator()(const Polygon& polygon) const {
    if (polygon.points.size() < 3) return;
    set_color(cr, polygon.fill, polygon.opacity);
    cairo_move_to(cr, polygon.points[0].x, polygon.points[0].y);
    for (std::size_t i = 1; i < polygon.points.size(); ++i) cairo_line_to(cr, polygon.points[i].x, polygon.points[i].y);
    cairo_close_path(cr);
    cairo_fill(cr);
  }

  // Cairo's angles run clockwise from three o'clock; the scene's from twelve.
  void operator()(const Wedge& wedge) const {
    const double start = wedge.start - kPi / 2, end = wedge.end - kPi / 2;
    cairo_new_path(cr);
    cairo_arc(cr, wedge.cx, wedge.cy, wedge.outer, start, end);
    if (wedge.inner > 0) {
      cairo_arc_negative(cr, wedge.cx, wedge.cy, wedge.inner, end, start);
    } else {
      cairo_line_to(cr, wedge.cx, wedge.cy);
    }
    cairo_close_path(cr);
    set_color(cr, wedge.fill);
    cairo_fill_preserve(cr);
    set_color(cr, "#ffffff");
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
  }

  void operator()(const Dot& dot) const {
    cairo_new_path(cr);
    cairo_arc(cr, dot.cx, dot.cy, dot.radius, 0, 2 * kPi);
    set_color(cr, dot.fill);
    cairo_fill_preserve(cr);
    set_color(cr, "#ffffff");
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
  }

  void operator()(const Label& label) const {
    PangoFontDescription* description = pango_font_description_new();
    pango_font_description_set_family(description, family_for(label.text, font).c_str());
    pango_font_description_set_absolute_size(description, label.size * PANGO_SCALE);
    pango_font_description_set_weight(description, label.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, description);
    pango_font_description_free(description);
    pango_layout_set_text(layout, label.text.data(), static_cast<int>(label.text.size()));
    PangoRectangle logical;
    pango_layout_get_extents(layout, nullptr, &logical);
    const double width = static_cast<double>(logical.width) / PANGO_SCALE;
    const double height = static_cast<double>(logical.height) / PANGO_SCALE;
    cairo_save(cr);
    cairo_translate(cr, label.x, label.y);
    if (label.angle != 0) cairo_rotate(cr, label.angle * kPi / 180);
    cairo_move_to(cr, -width * label.h_anchor, -height * label.v_anchor);
    set_color(cr, label.color);
    pango_cairo_show_layout(cr, layout);
    cairo_restore(cr);
  }
};

}  // namespace

void draw(cairo_t* cr, const Scene& scene, double x, double y) {
  cairo_save(cr);
  cairo_translate(cr, x, y);
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoContext* context = pango_layout_get_context(layout);
  pango_cairo_context_set_resolution(context, 72);
  // Unrounded positions, as the body text: rounding at small sizes spreads
  // joined scripts (Arabic) apart in the PDF's text layer.
  pango_context_set_round_glyph_positions(context, FALSE);
  pango_layout_context_changed(layout);
  Painter painter{cr, layout, scene.font};
  for (const auto& shape : scene.shapes) std::visit(painter, shape);
  g_object_unref(layout);
  cairo_restore(cr);
}

}  // namespace s2d::chart
