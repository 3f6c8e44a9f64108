#include "renderers/chart/format.hpp"

#include "renderers/chart/axis.hpp"
#include "renderers/template/locale_format.hpp"

#include <cmath>
#include <cstdio>

namespace s2d::chart {
namespace {

using tmpl::detail::NumberStyle;

NumberStyle style_of(const ValueFormat& format, int decimals) {
  NumberStyle style;
  style.decimals = decimals;
  switch (format.kind) {
    case ValueFormat::Kind::number: style.kind = NumberStyle::Kind::decimal; break;
    case ValueFormat::Kind::percent: style.kind = NumberStyle::Kind::percent; break;
    case ValueFormat::Kind::currency:
      style.kind = NumberStyle::Kind::currency;
      style.currency = format.currency;
      break;
  }
  return style;
}

std::string format(const Chart& chart, double value, const NumberStyle& style) {
  std::string out, error;
  if (tmpl::detail::format_number(value, {}, chart.locale, style, &out, &error)) return out;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::string quoted(const std::string& text) {
  if (text.empty()) return {};
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string format_value(const Chart& chart, double value) {
  int decimals = chart.format.decimals;
  if (decimals < 0 && chart.format.kind == ValueFormat::Kind::percent) decimals = 0;
  return format(chart, value, style_of(chart.format, decimals));
}

std::string format_tick(const Chart& chart, double value, double step) {
  int decimals = chart.format.decimals;
  if (decimals < 0) {
    const double scale = chart.format.kind == ValueFormat::Kind::percent ? 100 : 1;
    decimals = decimals_for_step(step * scale);
  }
  return format(chart, value, style_of(chart.format, decimals));
}

std::string format_plain(const Chart& chart, double value, int decimals) {
  return format(chart, value, style_of(ValueFormat{}, decimals));
}

// The currency's symbol and where it goes come from ICU: "€1.00" in en-US,
// "1,00 €" in de-DE; Excel's code then puts the same text around #,##0.
std::string excel_format_code(const Chart& chart, bool axis) {
  const int decimals = chart.format.decimals;
  const std::string fraction = decimals > 0 ? "." + std::string(static_cast<std::size_t>(decimals), '0') : "";
  switch (chart.format.kind) {
    case ValueFormat::Kind::percent: return "0" + (decimals > 0 ? fraction : std::string()) + "%";
    case ValueFormat::Kind::number: return decimals < 0 ? "General" : "#,##0" + fraction;
    case ValueFormat::Kind::currency: break;
  }
  NumberStyle style = style_of(chart.format, 0);
  std::string sample = format(chart, 1, style);
  const auto first = sample.find('1');
  if (first == std::string::npos) return "#,##0" + fraction;
  const std::string currency_fraction = decimals < 0 && !axis ? ".00" : fraction;
  return quoted(sample.substr(0, first)) + "#,##0" + currency_fraction + quoted(sample.substr(first + 1));
}

}  // namespace s2d::chart
