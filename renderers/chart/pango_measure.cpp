#include "renderers/chart/pango_measure.hpp"

#include <pango/pangocairo.h>

#include <map>

namespace s2d::chart {

std::string family_for(std::string_view text, const std::string& family) {
  if (family.rfind("DejaVu", 0) != 0) return family;
  for (const char* p = text.data(); p < text.data() + text.size(); p = g_utf8_next_char(p)) {
    const gunichar c = g_utf8_get_char(p);
    if ((c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) || (c >= 0x08A0 && c <= 0x08FF) ||
        (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
      return "Noto Sans Arabic, " + family;
  }
  return family;
}

struct PangoMeasurer::Impl {
  PangoContext* context = nullptr;
  PangoLayout* layout = nullptr;
  std::string family;
  std::map<std::pair<double, bool>, double> line_heights;

  void set(std::string_view text, double size, bool bold, double width) {
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, family_for(text, family).c_str());
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_width(layout, width > 0 ? static_cast<int>(width * PANGO_SCALE) : -1);
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
  }
};

PangoMeasurer::PangoMeasurer(const std::string& family) : impl_(std::make_unique<Impl>()) {
  impl_->family = family;
  impl_->context = pango_font_map_create_context(pango_cairo_font_map_get_default());
  pango_cairo_context_set_resolution(impl_->context, 72);
  pango_context_set_round_glyph_positions(impl_->context, FALSE);  // measured as drawn
  impl_->layout = pango_layout_new(impl_->context);
  pango_layout_set_wrap(impl_->layout, PANGO_WRAP_WORD_CHAR);
}

PangoMeasurer::~PangoMeasurer() {
  g_object_unref(impl_->layout);
  g_object_unref(impl_->context);
}

double PangoMeasurer::width(std::string_view text, double size, bool bold) {
  impl_->set(text, size, bold, -1);
  PangoRectangle logical;
  pango_layout_get_extents(impl_->layout, nullptr, &logical);
  return static_cast<double>(logical.width) / PANGO_SCALE;
}

double PangoMeasurer::line_height(double size) {
  auto key = std::make_pair(size, false);
  auto found = impl_->line_heights.find(key);
  if (found != impl_->line_heights.end()) return found->second;
  impl_->set("Ag", size, false, -1);
  PangoRectangle logical;
  pango_layout_get_extents(impl_->layout, nullptr, &logical);
  const double height = static_cast<double>(logical.height) / PANGO_SCALE;
  impl_->line_heights.emplace(key, height);
  return height;
}

std::vector<std::string> PangoMeasurer::wrap(std::string_view text, double size, bool bold, double width) {
  impl_->set(text, size, bold, width);
  std::vector<std::string> lines;
  for (GSList* line = pango_layout_get_lines_readonly(impl_->layout); line; line = line->next) {
    const auto* layout_line = static_cast<PangoLayoutLine*>(line->data);
    std::string piece(text.substr(static_cast<std::size_t>(layout_line->start_index),
                                  static_cast<std::size_t>(layout_line->length)));
    while (!piece.empty() && (piece.back() == ' ' || piece.back() == '\n')) piece.pop_back();
    if (!piece.empty()) lines.push_back(std::move(piece));
  }
  return lines;
}

}  // namespace s2d::chart
