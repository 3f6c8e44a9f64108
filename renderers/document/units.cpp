// Numbers, lengths, page sizes and colors as templates write them.
#include "renderers/document/units.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace s2d::doc {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool parse_number(std::string_view text, double* value) {
  text = trim(text);
  if (text.empty()) return false;
  std::string_view digits = text.front() == '-' || text.front() == '+' ? text.substr(1) : text;
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }))
    return false;
  if (std::count(digits.begin(), digits.end(), '.') > 1 || digits == ".") return false;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), *value, std::chars_format::fixed);
  if (error != std::errc() || end != digits.data() + digits.size()) return false;
  if (text.front() == '-') *value = -*value;
  return true;
}

bool parse_length_mm(std::string_view text, double* mm) {
  text = trim(text);
  struct Unit {
    std::string_view suffix;
    double mm;
  };
  static constexpr Unit units[] = {{"mm", 1.0}, {"cm", 10.0}, {"in", 25.4}, {"pt", 25.4 / 72.0}};
  std::string unit_text = lower(text);
  for (const auto& unit : units) {
    if (unit_text.size() > unit.suffix.size() &&
        unit_text.compare(unit_text.size() - unit.suffix.size(), unit.suffix.size(), unit.suffix) == 0) {
      double value = 0;
      if (!parse_number(text.substr(0, text.size() - unit.suffix.size()), &value)) return false;
      *mm = value * unit.mm;
      return true;
    }
  }
  return parse_number(text, mm);
}

bool parse_page_size_mm(std::string_view text, double* width_mm, double* height_mm) {
  struct Named {
    std::string_view name;
    double width, height;
  };
  static constexpr Named sizes[] = {
      {"a3", 297, 420}, {"a4", 210, 297}, {"a5", 148, 210}, {"letter", 215.9, 279.4}, {"legal", 215.9, 355.6}};
  std::string name = lower(trim(text));
  for (const auto& size : sizes) {
    if (name == size.name) {
      *width_mm = size.width;
      *height_mm = size.height;
      return true;
    }
  }
  std::size_t cross = name.find('x');
  if (cross == std::string::npos) return false;
  return parse_length_mm(std::string_view(name).substr(0, cross), width_mm) &&
         parse_length_mm(std::string_view(name).substr(cross + 1), height_mm);
}

bool normalize_color(std::string_view text, std::string* color) {
  text = trim(text);
  if (text.empty() || text.front() != '#') return false;
  std::string_view hex = text.substr(1);
  if ((hex.size() != 3 && hex.size() != 6) || !std::all_of(hex.begin(), hex.end(), is_hex)) return false;
  std::string out = "#";
  for (char c : hex) {
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (hex.size() == 3) out += out.back();
  }
  *color = out;
  return true;
}

}  // namespace s2d::doc
