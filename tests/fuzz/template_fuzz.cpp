// libFuzzer entry for the template engine: compile + render of arbitrary
// templates, partials and data, in every escape mode, strict and lenient.
// Rendered with Markdown escaping, the merged text is also read as a chart
// spec (the body of a ```chart block) against the same data, and a chart it
// accepts is laid out.
//
// Input layout: byte 0 selects the options; the rest is split at NUL bytes
// into the template, partial "a", partial "b" and JSON data. When the data
// part is absent or not JSON, a fixed document with every JSON type is used.
#include "renderers/chart/scene.hpp"
#include "renderers/chart/spec.hpp"
#include "renderers/template/template.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

const nlohmann::json& fixed_data() {
  static const nlohmann::json data = nlohmann::json::parse(R"({
    "title": "Invoice <1> & \"more\"", "n": 42, "f": -1.5, "big": 1e300, "yes": true, "no": false, "nothing": null,
    "when": "2026-05-13T10:00:00Z", "day": "2026-05-13", "code": "EUR", "loc": "de-DE", "empty": [], "blank": "",
    "items": [{"name": "a*b", "price": 1.25, "qty": 2, "tags": ["x", "y"], "children": [{"name": "c"}]},
              {"name": "#h", "price": "3.5", "qty": 0, "tags": [], "when": 0},
              {"name": "", "price": null}],
    "customer": {"name": "Ann", "address": {"city": "Köln", "lines": ["l1", "l2"]}},
    "map": {"k1": {"v": 1}, "k2": {"v": 2}}, "partial": "a"
  })");
  return data;
}

std::vector<std::string_view> split_parts(std::string_view input) {
  std::vector<std::string_view> parts;
  while (parts.size() < 3) {
    std::size_t nul = input.find('\0');
    if (nul == std::string_view::npos) break;
    parts.push_back(input.substr(0, nul));
    input.remove_prefix(nul + 1);
  }
  parts.push_back(input);
  return parts;
}

// Text measured without fonts (0.6 em a byte): the layout's arithmetic, not Pango, is under test.
class ByteMeasurer final : public s2d::chart::Measurer {
 public:
  double width(std::string_view text, double size, bool) override { return 0.6 * size * text.size(); }
  double line_height(double size) override { return size * 1.2; }
  std::vector<std::string> wrap(std::string_view text, double size, bool, double room) override {
    std::vector<std::string> lines;
    const std::size_t per_line = std::max<std::size_t>(1, static_cast<std::size_t>(room / (0.6 * size)));
    for (std::size_t at = 0; at < text.size() && lines.size() < 64; at += per_line)
      lines.emplace_back(text.substr(at, per_line));
    return lines;
  }
};

bool finite(double value) { return std::isfinite(value); }

void check_chart(std::string_view spec, const nlohmann::json& data, bool strict, std::uint8_t flags) {
  s2d::chart::SpecInput input;
  input.text = spec;
  input.first_line = 3;
  input.strict = strict;
  s2d::chart::Chart chart;
  s2d::chart::SpecError error;
  if (!s2d::chart::parse_chart(input, data, &chart, &error)) {
    if ((error.code != "invalid_chart" && error.code != "missing_required_field") || error.message.empty() ||
        error.chart.empty() || error.line < 3)
      __builtin_trap();
    return;
  }
  for (const auto& series : chart.series)
    if (series.values.size() != chart.categories.size()) __builtin_trap();
  if (chart.type == s2d::chart::Type::scatter && chart.x_values.size() != chart.categories.size()) __builtin_trap();
  ByteMeasurer measurer;
  s2d::chart::Look look;
  look.palette = {"#0b3d91", "#e8a33d"};
  const double width = 60 + (flags & 0x3F) * 8, height = 40 + (flags >> 2) * 2;
  const s2d::chart::Scene scene = s2d::chart::lay_out(chart, look, width, height, measurer);
  for (const auto& shape : scene.shapes) {
    if (const auto* rect = std::get_if<s2d::chart::Rect>(&shape)) {
      if (!finite(rect->x) || !finite(rect->y) || !finite(rect->width) || !finite(rect->height)) __builtin_trap();
    } else if (const auto* label = std::get_if<s2d::chart::Label>(&shape)) {
      if (!finite(label->x) || !finite(label->y)) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t flags = bytes[0];
  const std::vector<std::string_view> parts =
      split_parts(std::string_view(reinterpret_cast<const char*>(bytes + 1), size - 1));

  s2d::tmpl::CompileOptions options;
  static const s2d::tmpl::Escape kEscapes[] = {s2d::tmpl::Escape::html, s2d::tmpl::Escape::markdown,
                                               s2d::tmpl::Escape::xml, s2d::tmpl::Escape::none};
  options.escape = kEscapes[flags & 3];
  options.strict = (flags & 4) != 0;
  options.first_line = 1 + (flags >> 6);
  if (parts.size() > 1) options.partials["a"] = std::string(parts[1]);
  if (parts.size() > 2) options.partials["b"] = std::string(parts[2]);

  nlohmann::json data;
  if (parts.size() > 3) data = nlohmann::json::parse(parts[3], nullptr, /*allow_exceptions=*/false);
  const nlohmann::json& input = (parts.size() > 3 && !data.is_discarded()) ? data : fixed_data();

  s2d::tmpl::Error error;
  auto compiled = s2d::tmpl::Template::compile(parts[0], options, &error);
  if (!compiled) {
    if (error.code != "template_syntax_error" || error.line < 1 || error.column < 1) __builtin_trap();
    return 0;
  }
  (void)compiled->fields_json();

  static const char* kLocales[] = {"en-US", "de-DE", "fr-FR", "ja-JP", "tr-TR", "ar-EG", "zz", "!!"};
  static const char* kZones[] = {"UTC", "Europe/Berlin", "Asia/Kolkata", "Mars/Base"};
  s2d::tmpl::RenderOptions render;
  render.locale = kLocales[(flags >> 3) & 7];
  render.timezone = kZones[(flags >> 6) & 3];
  render.limits.max_depth = 24;
  render.limits.max_output_bytes = 1u << 20;
  render.limits.max_iterations = 20000;
  std::string out;
  if (compiled->render(input, render, &out, &error)) {
    if (out.size() > render.limits.max_output_bytes) __builtin_trap();
    if (options.escape == s2d::tmpl::Escape::markdown && out.size() <= 1u << 16) check_chart(out, input, options.strict, flags);
  } else if (error.code.empty() || !out.empty()) {
    __builtin_trap();
  }
  return 0;
}
