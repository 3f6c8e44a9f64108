#include "http/range.hpp"

#include <algorithm>
#include <limits>

namespace s2d::http {
namespace {

enum class Number { invalid, too_large, ok };

Number parse_number(std::string_view digits, std::uint64_t* out) {
  if (digits.empty()) return Number::invalid;
  std::uint64_t value = 0;
  bool too_large = false;
  for (char c : digits) {
    if (c < '0' || c > '9') return Number::invalid;
    const auto digit = std::uint64_t(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) too_large = true;
    else value = value * 10 + digit;
  }
  *out = value;
  return too_large ? Number::too_large : Number::ok;
}

ByteRange unsatisfiable() { return {RangeResult::unsatisfiable, 0, 0}; }

}  // namespace

ByteRange parse_range(std::string_view header, std::uint64_t size) {
  constexpr std::string_view prefix = "bytes=";
  if (header.substr(0, prefix.size()) != prefix || header.find(',') != std::string_view::npos) return {};
  const auto spec = header.substr(prefix.size());
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  const auto first = spec.substr(0, dash), last = spec.substr(dash + 1);
  std::uint64_t begin = 0, end = 0;
  if (first.empty()) {  // the last n bytes
    const auto n = parse_number(last, &end);
    if (n == Number::invalid) return {};
    if (n == Number::too_large || end == 0 || size == 0) return unsatisfiable();
    const auto length = std::min(end, size);
    return {RangeResult::ok, size - length, length};
  }
  const auto b = parse_number(first, &begin);
  const auto e = last.empty() ? Number::ok : parse_number(last, &end);
  if (b == Number::invalid || e == Number::invalid) return {};
  if (b == Number::too_large || e == Number::too_large || begin >= size) return unsatisfiable();
  end = last.empty() ? size - 1 : std::min(end, size - 1);
  if (end < begin) return unsatisfiable();
  return {RangeResult::ok, begin, end - begin + 1};
}

}  // namespace s2d::http
