#include "datasources/values.hpp"

#include "core/crypto.hpp"
#include "core/json_text.hpp"

#include <charconv>
#include <cstdint>

namespace s2d::datasources {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A decimal as sign, significant digits and exponent (value =
// 0.d1d2d3... * 10^exponent), so two spellings of one value compare equal.
struct Decimal {
  bool negative = false;
  std::string digits;  // no leading or trailing zeros; empty for zero
  long exponent = 0;

  bool operator==(const Decimal& other) const {
    if (digits.empty() || other.digits.empty()) return digits.empty() && other.digits.empty();
    return negative == other.negative && digits == other.digits && exponent == other.exponent;
  }
};

// Reads [+-]digits[.digits][(e|E)[+-]digits]; false for anything else.
bool parse_decimal(std::string_view text, Decimal* out) {
  std::size_t i = 0;
  Decimal d;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) d.negative = text[i++] == '-';
  long point_shift = 0;
  bool any_digit = false, seen_point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !seen_point) {
      seen_point = true;
    } else if (is_digit(c)) {
      any_digit = true;
      if (d.digits.empty() && c == '0') {
        if (seen_point) --point_shift;  // leading zeros after the point
        continue;
      }
      d.digits += c;
      if (!seen_point) ++point_shift;
    } else {
      break;
    }
  }
  if (!any_digit) return false;
  long written_exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t start = i + 1 + (i + 1 < text.size() && text[i + 1] == '+');
    auto [end, ec] = std::from_chars(text.data() + start, text.data() + text.size(), written_exponent);
    if (ec != std::errc() || end != text.data() + text.size()) return false;
    i = text.size();
  }
  if (i != text.size()) return false;
  while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back();
  d.exponent = d.digits.empty() ? 0 : point_shift + written_exponent;
  *out = d;
  return true;
}

template <typename Integer>
bool parse_integer(std::string_view text, Integer* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string base64_of_hex_bytea(std::string_view text) {
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2) return {};
  std::string bytes;
  for (std::size_t i = 2; i < text.size(); i += 2) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + i + 2, value, 16);
    if (ec != std::errc() || end != text.data() + i + 2) return {};
    bytes += static_cast<char>(value);
  }
  return crypto::base64_encode(bytes);
}

// Length of the valid UTF-8 sequence at `i`, 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length;
  unsigned min_second = 0x80, max_second = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min_second = 0xA0;  // overlong
    if (lead == 0xED) max_second = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min_second = 0x90;  // overlong
    if (lead == 0xF4) max_second = 0x8F;  // beyond U+10FFFF
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return length;
}

}  // namespace

nlohmann::json decimal_value(std::string_view text) {
  Decimal exact;
  if (!parse_decimal(text, &exact)) return std::string(text);  // NaN, Infinity
  std::int64_t integer;
  if (parse_integer(text, &integer)) return integer;
  std::uint64_t unsigned_integer;
  if (parse_integer(text, &unsigned_integer)) return unsigned_integer;
  double number;
  std::string_view unsigned_text = text[0] == '+' ? text.substr(1) : text;
  auto [end, ec] = std::from_chars(unsigned_text.data(), unsigned_text.data() + unsigned_text.size(), number);
  if (ec != std::errc()) return std::string(text);
  nlohmann::json value = number;
  Decimal written;
  if (parse_decimal(value.dump(), &written) && written == exact) return value;
  return std::string(text);
}

std::string iso_timestamp(std::string_view text) {
  // YYYY-MM-DD HH:MM:SS is the fixed part of DateStyle ISO output.
  static constexpr std::string_view shape = "dddd-dd-dd dd:dd:dd";
  if (text.size() < shape.size()) return std::string(text);
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 'd' ? !is_digit(text[i]) : text[i] != shape[i]) return std::string(text);
  }
  std::size_t end = shape.size();
  if (end < text.size() && text[end] == '.') {
    ++end;
    while (end < text.size() && is_digit(text[end])) ++end;
  }
  std::string out(text.substr(0, end));
  out[10] = 'T';
  std::string_view offset = text.substr(end);
  if (offset.empty()) return out;
  if (offset == "+00" || offset == "+00:00" || offset == "-00") return out + "Z";
  bool hours_only = offset.size() == 3 && (offset[0] == '+' || offset[0] == '-') &&
                    is_digit(offset[1]) && is_digit(offset[2]);
  if (hours_only) return out + std::string(offset) + ":00";
  bool hours_minutes = offset.size() == 6 && (offset[0] == '+' || offset[0] == '-') && offset[3] == ':';
  return hours_minutes ? out + std::string(offset) : std::string(text);
}

std::string valid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t length = utf8_sequence_length(bytes, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(bytes.substr(i, length));
      i += length;
    }
  }
  return out;
}

nlohmann::json postgres_value(unsigned type_oid, std::string_view text) {
  switch (type_oid) {
    case pg_type::kBool:
      return text == "t";
    case pg_type::kInt2:
    case pg_type::kInt4:
    case pg_type::kInt8:
    case pg_type::kOid:
    case pg_type::kFloat4:
    case pg_type::kFloat8:
    case pg_type::kNumeric:
      return decimal_value(text);
    case pg_type::kJson:
    case pg_type::kJsonb: {
      // Too deep for api.max_json_depth (or not JSON): the text itself.
      nlohmann::json parsed;
      return parse_json(text, &parsed) ? nlohmann::json(valid_utf8(text)) : parsed;
    }
    case pg_type::kTimestamp:
    case pg_type::kTimestampTz:
      return iso_timestamp(text);
    case pg_type::kBytea: {
      std::string encoded = base64_of_hex_bytea(text);
      return encoded.empty() && text != "\\x" ? valid_utf8(text) : encoded;
    }
    default:
      return valid_utf8(text);
  }
}

}  // namespace s2d::datasources
