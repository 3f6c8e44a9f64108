// The floor for PDF speed: raw Cairo + Pango drawing the corpus text with no
// layout engine (no keep rules, no table measurement, no outline): one
// PangoLayout per paragraph or cell, placed top to bottom, a new page when
// the next one does not fit. Prints the same JSON lines as bench_pdf.
//
//   bench_pdf_baseline CORPUS_DIR [N]
#include "bench/pdf/corpus_run.hpp"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <functional>

namespace {

constexpr double kPageWidth = 595.28, kPageHeight = 841.89, kMargin = 56.7;  // A4, 20 mm

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A PDF being written top to bottom.
class Canvas {
 public:
  Canvas() {
    surface_ = cairo_pdf_surface_create_for_stream(append, &bytes_, kPageWidth, kPageHeight);
    cr_ = cairo_create(surface_);
    context_ = pango_cairo_create_context(cr_);
    pango_cairo_context_set_resolution(context_, 72);
  }
  ~Canvas() {
    g_object_unref(context_);
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
  }

  // Text at column `x` of `width`, with the byte range [bold_from, bold_to) in bold.
  PangoLayout* text(const std::string& content, double size, double width, bool all_bold, std::size_t bold_to = 0) {
    PangoLayout* layout = pango_layout_new(context_);
    PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_size(font, static_cast<int>(size * PANGO_SCALE));
    if (all_bold) pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_text(layout, content.data(), static_cast<int>(content.size()));
    if (bold_to > 0) {
      PangoAttrList* attributes = pango_attr_list_new();
      PangoAttribute* bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
      bold->start_index = 0;
      bold->end_index = static_cast<guint>(bold_to);
      pango_attr_list_insert(attributes, bold);
      pango_layout_set_attributes(layout, attributes);
      pango_attr_list_unref(attributes);
    }
    return layout;
  }

  // Places layouts side by side at the current line, then moves down.
  void row(const std::vector<std::pair<PangoLayout*, double>>& cells, double gap) {
    double height = 0;
    for (const auto& cell : cells) {
      int h = 0;
      pango_layout_get_size(cell.first, nullptr, &h);
      height = std::max(height, h / static_cast<double>(PANGO_SCALE));
    }
    if (y_ + height > kPageHeight - kMargin) {
      cairo_show_page(cr_);
      y_ = kMargin;
    }
    for (const auto& cell : cells) {
      cairo_move_to(cr_, cell.second, y_);
      pango_cairo_show_layout(cr_, cell.first);
      g_object_unref(cell.first);
    }
    y_ += height + gap;
  }

  std::string finish() {
    cairo_surface_finish(surface_);
    return bytes_;
  }

 private:
  std::string bytes_;
  cairo_surface_t* surface_;
  cairo_t* cr_;
  PangoContext* context_;
  double y_ = kMargin;
};

std::string report(const nlohmann::json& data) {
  Canvas canvas;
  double width = kPageWidth - 2 * kMargin;
  canvas.row({{canvas.text("Quarterly business review", 21, width, true), kMargin}}, 12);
  for (const auto& para : data["paras"]) {
    std::string account = para["account"].get<std::string>();
    std::string text = account + " — quarterly business review line " + std::to_string(para["line"].get<int>()) +
                       ": revenue grew by " + std::to_string(para["growth"].get<int>()) +
                       " percent versus the prior quarter, with net retention at 112 percent and expansion in EMEA. "
                       "Ünïcödé ✓";
    canvas.row({{canvas.text(text, 10.5, width, false, account.size()), kMargin}}, 8);
  }
  return canvas.finish();
}

std::string invoice(const nlohmann::json& data) {
  Canvas canvas;
  double width = kPageWidth - 2 * kMargin;
  canvas.row({{canvas.text("Invoice " + data["number"].get<std::string>(), 21, width, true), kMargin}}, 10);
  std::string customer = data["customer"]["name"].get<std::string>();
  canvas.row({{canvas.text(customer + ", " + data["customer"]["city"].get<std::string>(), 10.5, width, false,
                           customer.size()),
               kMargin}},
             10);
  auto line = [&](const std::string& item, const std::string& qty, const std::string& price, bool bold) {
    canvas.row({{canvas.text(item, 10, 200, bold), kMargin},
                {canvas.text(qty, 10, 60, bold), kMargin + 300},
                {canvas.text(price, 10, 80, bold), kMargin + 400}},
               5);
  };
  line("Item", "Qty", "Price", true);
  for (const auto& item : data["items"])
    line(item["name"].get<std::string>(), std::to_string(item["qty"].get<int>()), item["price"].get<std::string>(), false);
  canvas.row({{canvas.text("Total: " + data["total"].get<std::string>(), 10.5, width, true), kMargin}}, 0);
  return canvas.finish();
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus;
  int count = 0;
  if (!s2d::bench::parse_arguments(argc, argv, "bench_pdf_baseline", &corpus, &count)) return 64;
  const std::pair<const char*, std::function<std::string(const nlohmann::json&)>> documents[] = {
      {"report", report}, {"invoice", invoice}};
  for (const auto& [name, draw] : documents) {
    nlohmann::json data = nlohmann::json::parse(s2d::bench::read_file(corpus + "/" + name + ".json"));
    s2d::bench::time_renders("cairo-pango-baseline", name, count, [&] { return draw(data).size(); });
  }
  return 0;
}
