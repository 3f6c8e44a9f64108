#include "renderers/template/helpers.hpp"

#include "core/clock.hpp"

#include "renderers/template/escape.hpp"
#include "renderers/template/locale_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

namespace s2d::tmpl::detail {
namespace {

using json = nlohmann::json;

const char* type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::array: return "a list";
    case json::value_t::object: return "an object";
    case json::value_t::null: return "null";
    default: return "a number";
  }
}

bool numeric_text(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exponent = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exponent;
    if (exponent == 0) return false;
  }
  return i == s.size();
}

// Data often carries numbers as strings (CSV, SQL decimals): "12.50" is a number.
bool to_number(const json& v, double* out) {
  if (v.is_number()) {
    *out = v.get<double>();
    return true;
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (!numeric_text(s)) return false;
    *out = std::strtod(s.c_str(), nullptr);
    return std::isfinite(*out);
  }
  return false;
}

bool to_integer(const json& v, std::int64_t* out) {
  if (v.is_number_integer()) {
    *out = v.get<std::int64_t>();
    return true;
  }
  double d;
  if (!to_number(v, &d) || d != std::floor(d) || std::fabs(d) > 9e15) return false;
  *out = static_cast<std::int64_t>(d);
  return true;
}

bool need_number(const HelperArgs& a, const char* helper, std::size_t i, double* out) {
  if (to_number(a.arg(i), out)) return true;
  return a.fail(std::string(helper) + " needs a number, got " + type_name(a.arg(i)));
}

std::string text_of(const json& v) {
  std::string out;
  append_text(out, v);
  return out;
}

bool need_text(const HelperArgs& a, const char* helper, std::size_t i, std::string* out) {
  const json& v = a.arg(i);
  if (v.is_object() || v.is_array()) return a.fail(std::string(helper) + " needs text, got " + type_name(v));
  *out = text_of(v);
  return true;
}

std::string_view locale_of(const HelperArgs& a) {
  const json* l = a.named("locale");
  return l && l->is_string() ? std::string_view(l->get_ref<const std::string&>()) : a.options->locale;
}

std::string_view zone_of(const HelperArgs& a) {
  const json* z = a.named("timezone");
  return z && z->is_string() ? std::string_view(z->get_ref<const std::string&>()) : a.options->timezone;
}

bool named_int(const HelperArgs& a, const char* key, int low, int high, int* out) {
  const json* v = a.named(key);
  if (!v) return true;
  std::int64_t n;
  if (!to_integer(*v, &n) || n < low || n > high)
    return a.fail(std::string(key) + "= needs a whole number from " + std::to_string(low) + " to " +
                  std::to_string(high));
  *out = static_cast<int>(n);
  return true;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// ---- logic -----------------------------------------------------------------

bool equal_values(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

bool h_eq(const HelperArgs& a) {
  *a.result = equal_values(a.arg(0), a.arg(1));
  return true;
}
bool h_ne(const HelperArgs& a) {
  *a.result = !equal_values(a.arg(0), a.arg(1));
  return true;
}

// Numbers compare as numbers, strings byte-wise (ISO dates order correctly);
// null or a missing field is never greater or smaller than anything.
bool compare(const HelperArgs& a, const char* helper, int* order, bool* comparable) {
  const json& x = a.arg(0);
  const json& y = a.arg(1);
  *comparable = !x.is_null() && !y.is_null();
  if (!*comparable) return true;
  double dx, dy;
  if (x.is_string() && y.is_string()) {
    int c = x.get_ref<const std::string&>().compare(y.get_ref<const std::string&>());
    *order = c < 0 ? -1 : c > 0 ? 1 : 0;
    return true;
  }
  if (to_number(x, &dx) && to_number(y, &dy)) {
    *order = dx < dy ? -1 : dx > dy ? 1 : 0;
    return true;
  }
  return a.fail(std::string(helper) + " compares two numbers or two strings, got " + type_name(x) + " and " +
                type_name(y));
}

bool ordered(const HelperArgs& a, const char* name, bool (*test)(int order)) {
  int order = 0;
  bool comparable = false;
  if (!compare(a, name, &order, &comparable)) return false;
  *a.result = comparable && test(order);
  return true;
}
bool h_gt(const HelperArgs& a) { return ordered(a, "gt", [](int o) { return o > 0; }); }
bool h_gte(const HelperArgs& a) { return ordered(a, "gte", [](int o) { return o >= 0; }); }
bool h_lt(const HelperArgs& a) { return ordered(a, "lt", [](int o) { return o < 0; }); }
bool h_lte(const HelperArgs& a) { return ordered(a, "lte", [](int o) { return o <= 0; }); }

// and/or return one of their arguments, as in JavaScript: {{or nickname name}}.
bool h_and(const HelperArgs& a) {
  for (std::size_t i = 0; i < a.count; ++i) {
    if (!truthy(a.arg(i)) || i + 1 == a.count) {
      *a.borrowed = &a.arg(i);
      return true;
    }
  }
  return true;
}
bool h_or(const HelperArgs& a) {
  for (std::size_t i = 0; i < a.count; ++i) {
    if (truthy(a.arg(i)) || i + 1 == a.count) {
      *a.borrowed = &a.arg(i);
      return true;
    }
  }
  return true;
}
bool h_not(const HelperArgs& a) {
  *a.result = !truthy(a.arg(0));
  return true;
}

bool h_default(const HelperArgs& a) {
  for (std::size_t i = 0; i < a.count; ++i) {
    const json& v = a.arg(i);
    if (!v.is_null() && !(v.is_string() && v.get_ref<const std::string&>().empty())) {
      *a.borrowed = &v;
      return true;
    }
  }
  *a.borrowed = &a.arg(a.count - 1);
  return true;
}

bool h_lookup(const HelperArgs& a) {
  const json& container = a.arg(0);
  const json& key = a.arg(1);
  if (container.is_object() && key.is_string()) {
    auto it = container.find(key.get_ref<const std::string&>());
    if (it != container.end()) *a.borrowed = &*it;
  } else if (container.is_array()) {
    std::int64_t index;
    if (to_integer(key, &index) && index >= 0 && static_cast<std::size_t>(index) < container.size())
      *a.borrowed = &container[static_cast<std::size_t>(index)];
  }
  return true;
}

// ---- text ------------------------------------------------------------------

bool h_case(const HelperArgs& a, bool upper) {
  std::string text, out;
  if (!need_text(a, upper ? "upper" : "lower", 0, &text)) return false;
  if (!change_case(text, locale_of(a), upper, &out, a.error)) return false;
  *a.result = std::move(out);
  return true;
}
bool h_upper(const HelperArgs& a) { return h_case(a, true); }
bool h_lower(const HelperArgs& a) { return h_case(a, false); }

bool h_capitalize(const HelperArgs& a) {
  std::string text, out;
  if (!need_text(a, "capitalize", 0, &text)) return false;
  if (!capitalize_first(text, locale_of(a), &out, a.error)) return false;
  *a.result = std::move(out);
  return true;
}

// Keeps the first n characters (code points) and appends the suffix ("…").
bool h_truncate(const HelperArgs& a) {
  std::string text;
  if (!need_text(a, "truncate", 0, &text)) return false;
  std::int64_t limit;
  if (!to_integer(a.arg(1), &limit) || limit < 0) return a.fail("truncate needs a length of 0 or more");
  std::string suffix = "\u2026";
  const json* named_suffix = a.named("suffix");
  if (a.count > 2 && !need_text(a, "truncate", 2, &suffix)) return false;
  if (named_suffix) suffix = text_of(*named_suffix);
  if (code_points(text) <= static_cast<std::size_t>(limit)) {
    *a.result = std::move(text);
    return true;
  }
  std::size_t kept = 0, bytes = 0;
  while (bytes < text.size()) {
    if ((static_cast<unsigned char>(text[bytes]) & 0xC0) != 0x80) {
      if (kept == static_cast<std::size_t>(limit)) break;
      ++kept;
    }
    ++bytes;
  }
  text.resize(bytes);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
  *a.result = text + suffix;
  return true;
}

bool h_join(const HelperArgs& a) {
  const json& list = a.arg(0);
  std::string separator = ", ";
  if (a.count > 1 && !need_text(a, "join", 1, &separator)) return false;
  if (!list.is_array()) {
    if (list.is_object()) return a.fail("join needs a list, got an object");
    *a.result = text_of(list);
    return true;
  }
  std::string out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += separator;
    if (!append_text(out, list[i]) || list[i].is_array())
      return a.fail("join needs a list of texts or numbers; item " + std::to_string(i) + " is " +
                    type_name(list[i]));
    if (!a.within_limit(out.size())) return false;
  }
  *a.result = std::move(out);
  return true;
}

bool h_length(const HelperArgs& a) {
  const json& v = a.arg(0);
  if (v.is_array() || v.is_object()) *a.result = v.size();
  else if (v.is_string()) *a.result = code_points(v.get_ref<const std::string&>());
  else if (v.is_null()) *a.result = 0;
  else return a.fail(std::string("length needs a list, an object or a text, got ") + type_name(v));
  return true;
}

// ---- arithmetic ------------------------------------------------------------

const json* field_of(const json& item, std::string_view path) {
  const json* current = &item;
  while (!path.empty()) {
    std::size_t dot = path.find('.');
    std::string key(path.substr(0, dot));
    if (!current->is_object()) return nullptr;
    auto it = current->find(key);
    if (it == current->end()) return nullptr;
    current = &*it;
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  }
  return current;
}

bool h_sum(const HelperArgs& a) {
  const json& list = a.arg(0);
  if (list.is_null()) {
    *a.result = 0;
    return true;
  }
  if (!list.is_array()) return a.fail(std::string("sum needs a list, got ") + type_name(list));
  std::string field;
  if (a.count > 1 && !need_text(a, "sum", 1, &field)) return false;
  std::int64_t integer_total = 0;
  double total = 0;
  bool all_integers = true;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json* v = field.empty() ? &list[i] : field_of(list[i], field);
    if (!v || v->is_null()) continue;
    double d;
    if (!to_number(*v, &d))
      return a.fail("sum: item " + std::to_string(i) + (field.empty() ? "" : "." + field) + " is " + type_name(*v) +
                    ", not a number");
    total += d;
    if (all_integers && v->is_number_integer() &&
        !__builtin_add_overflow(integer_total, v->get<std::int64_t>(), &integer_total))
      continue;
    all_integers = false;
  }
  if (all_integers) *a.result = integer_total;
  else *a.result = total;
  return true;
}

enum class Op { add, sub, mul, div };

bool arithmetic(const HelperArgs& a, Op op, const char* name) {
  const json& x = a.arg(0);
  const json& y = a.arg(1);
  if (op != Op::div && x.is_number_integer() && y.is_number_integer()) {
    std::int64_t l = x.get<std::int64_t>(), r = y.get<std::int64_t>(), out;
    bool overflow = op == Op::add ? __builtin_add_overflow(l, r, &out)
                    : op == Op::sub ? __builtin_sub_overflow(l, r, &out)
                                    : __builtin_mul_overflow(l, r, &out);
    if (!overflow) {
      *a.result = out;
      return true;
    }
  }
  double l, r;
  if (!need_number(a, name, 0, &l) || !need_number(a, name, 1, &r)) return false;
  double out = 0;
  switch (op) {
    case Op::add: out = l + r; break;
    case Op::sub: out = l - r; break;
    case Op::mul: out = l * r; break;
    case Op::div:
      if (r == 0) return a.fail("div: division by zero");
      out = l / r;
      break;
  }
  if (!std::isfinite(out)) return a.fail(std::string(name) + ": the result is too large");
  *a.result = out;
  return true;
}
bool h_add(const HelperArgs& a) { return arithmetic(a, Op::add, "add"); }
bool h_sub(const HelperArgs& a) { return arithmetic(a, Op::sub, "sub"); }
bool h_mul(const HelperArgs& a) { return arithmetic(a, Op::mul, "mul"); }
bool h_div(const HelperArgs& a) { return arithmetic(a, Op::div, "div"); }

// Rounds half away from zero on the number's shortest decimal form, so 2.345
// rounds to 2.35 even though the double is slightly below 2.345.
double round_decimal(double value, int decimals) {
  double magnitude = std::fabs(value);
  if (magnitude >= 1e15) return value;
  char buffer[64];
  auto r = std::to_chars(buffer, buffer + sizeof buffer, magnitude, std::chars_format::fixed);
  std::string digits(buffer, r.ptr);
  std::size_t dot = digits.find('.');
  if (dot == std::string::npos || digits.size() - dot - 1 <= static_cast<std::size_t>(decimals)) return value;
  bool up = digits[dot + 1 + decimals] >= '5';
  std::string kept = digits.substr(0, dot) + digits.substr(dot + 1, decimals);
  if (up) {
    std::size_t i = kept.size();
    while (i > 0) {
      --i;
      if (kept[i] == '9') {
        kept[i] = '0';
      } else {
        ++kept[i];
        break;
      }
      if (i == 0) kept.insert(kept.begin(), '1');
    }
  }
  std::string text = kept.substr(0, kept.size() - decimals) + "." + kept.substr(kept.size() - decimals);
  double rounded = std::strtod(text.c_str(), nullptr);
  return value < 0 ? -rounded : rounded;
}

bool h_round(const HelperArgs& a) {
  double value;
  if (!need_number(a, "round", 0, &value)) return false;
  std::int64_t decimals = 0;
  if (a.count > 1 && (!to_integer(a.arg(1), &decimals) || decimals < 0 || decimals > 15))
    return a.fail("round: decimals must be a whole number from 0 to 15");
  double rounded = round_decimal(value, static_cast<int>(decimals));
  if (decimals == 0 && std::fabs(rounded) < 9e15) *a.result = static_cast<std::int64_t>(rounded);
  else *a.result = rounded;
  return true;
}

// ---- locale formatting -------------------------------------------------------

// Formats a number-like argument; null (or a missing field in lenient mode) prints nothing.
bool format_with(const HelperArgs& a, const char* helper, NumberStyle style) {
  const json& v = a.arg(0);
  if (v.is_null()) {
    *a.result = "";
    return true;
  }
  if (!named_int(a, "decimals", 0, 20, &style.decimals)) return false;
  if (const json* grouping = a.named("grouping")) style.grouping = truthy(*grouping);
  std::string decimal_text;
  double number = 0;
  // Plain decimal text stays exact; with an exponent ("1e999999999") it goes
  // through a double, so a short text cannot ask for a billion digits.
  const bool plain_decimal = v.is_string() && numeric_text(v.get_ref<const std::string&>()) &&
                             v.get_ref<const std::string&>().find_first_of("eE") == std::string::npos;
  if (plain_decimal) {
    decimal_text = v.get_ref<const std::string&>();
  } else if (v.is_number_integer()) {
    decimal_text = v.dump();
  } else if (!need_number(a, helper, 0, &number)) {
    return false;
  }
  std::string out;
  if (!format_number(number, decimal_text, locale_of(a), style, &out, a.error)) return false;
  *a.result = std::move(out);
  return true;
}

bool h_number(const HelperArgs& a) { return format_with(a, "number", {}); }

bool h_percent(const HelperArgs& a) {
  NumberStyle style;
  style.kind = NumberStyle::Kind::percent;
  return format_with(a, "percent", style);
}

bool h_currency(const HelperArgs& a) {
  NumberStyle style;
  style.kind = NumberStyle::Kind::currency;
  const json& code = a.arg(1);
  if (!code.is_string()) return a.fail("currency needs a currency code such as \"EUR\" as its second argument");
  style.currency = code.get<std::string>();
  for (char& c : style.currency)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (const json* display = a.named("display")) {
    std::string d = text_of(*display);
    if (d == "code") style.display = NumberStyle::Display::code;
    else if (d == "name") style.display = NumberStyle::Display::name;
    else if (d != "symbol") return a.fail("currency display= is symbol, code or name");
  }
  return format_with(a, "currency", style);
}

bool timestamp_of(const HelperArgs& a, const char* helper, double* epoch_ms, bool* floating) {
  const json& v = a.arg(0);
  *floating = false;
  if (v.is_number()) {
    *epoch_ms = v.get<double>() * 1000.0;  // Unix seconds
    return true;
  }
  if (v.is_string()) {
    if (auto parsed = clock::parse_datetime(v.get_ref<const std::string&>())) {
      *epoch_ms = parsed->unix_ms;
      *floating = !parsed->has_zone;
      return true;
    }
  }
  if (v.is_string())
    return a.fail(std::string(helper) + " needs an RFC 3339 date such as 2026-05-13T10:00:00Z, got '" +
                  v.get<std::string>().substr(0, 60) + "'");
  return a.fail(std::string(helper) + " needs a date (RFC 3339 text or Unix seconds), got " + type_name(v));
}

bool date_with(const HelperArgs& a, const char* helper, DateStyle style) {
  if (a.arg(0).is_null()) {
    *a.result = "";
    return true;
  }
  double epoch_ms;
  bool floating;
  if (!timestamp_of(a, helper, &epoch_ms, &floating)) return false;
  std::string out;
  if (!format_date(epoch_ms, floating, locale_of(a), zone_of(a), style, &out, a.error)) return false;
  *a.result = std::move(out);
  return true;
}

bool h_date(const HelperArgs& a) {
  DateStyle style;
  if (a.count > 1 && !need_text(a, "date", 1, &style.date)) return false;
  if (const json* time = a.named("time")) style.time = text_of(*time);
  return date_with(a, "date", style);
}

bool h_time(const HelperArgs& a) {
  DateStyle style;
  style.date = "none";
  style.time = "short";
  if (a.count > 1 && !need_text(a, "time", 1, &style.time)) return false;
  return date_with(a, "time", style);
}

const std::vector<HelperDef>& registry() {
  static const std::vector<HelperDef> helpers = {
      {"eq", 2, 2, true, h_eq, "(eq a b)"},
      {"ne", 2, 2, true, h_ne, "(ne a b)"},
      {"gt", 2, 2, true, h_gt, "(gt a b)"},
      {"gte", 2, 2, true, h_gte, "(gte a b)"},
      {"lt", 2, 2, true, h_lt, "(lt a b)"},
      {"lte", 2, 2, true, h_lte, "(lte a b)"},
      {"and", 2, -1, true, h_and, "(and a b ...)"},
      {"or", 2, -1, true, h_or, "(or a b ...)"},
      {"not", 1, 1, true, h_not, "(not a)"},
      {"default", 2, -1, true, h_default, "{{default value fallback}}"},
      {"lookup", 2, 2, true, h_lookup, "{{lookup object key}}"},
      {"upper", 1, 1, false, h_upper, "{{upper text}}"},
      {"lower", 1, 1, false, h_lower, "{{lower text}}"},
      {"capitalize", 1, 1, false, h_capitalize, "{{capitalize text}}"},
      {"truncate", 2, 3, false, h_truncate, "{{truncate text length [suffix]}}"},
      {"join", 1, 2, false, h_join, "{{join list separator}}"},
      {"length", 1, 1, false, h_length, "{{length list}}"},
      {"sum", 1, 2, false, h_sum, "{{sum list \"field\"}}"},
      {"add", 2, 2, false, h_add, "{{add a b}}"},
      {"sub", 2, 2, false, h_sub, "{{sub a b}}"},
      {"mul", 2, 2, false, h_mul, "{{mul a b}}"},
      {"div", 2, 2, false, h_div, "{{div a b}}"},
      {"round", 1, 2, false, h_round, "{{round value [decimals]}}"},
      {"number", 1, 1, false, h_number, "{{number value decimals=2}}"},
      {"currency", 2, 2, false, h_currency, "{{currency value \"EUR\"}}"},
      {"percent", 1, 1, false, h_percent, "{{percent value}}"},
      {"date", 1, 2, false, h_date, "{{date value \"long\"}}"},
      {"time", 1, 2, false, h_time, "{{time value \"short\"}}"},
  };
  return helpers;
}

}  // namespace

bool truthy(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
    case json::value_t::discarded: return false;
    case json::value_t::boolean: return value.get<bool>();
    case json::value_t::string: return !value.get_ref<const std::string&>().empty();
    case json::value_t::array: return !value.empty();
    case json::value_t::object: return true;
    case json::value_t::number_integer: return value.get<std::int64_t>() != 0;
    case json::value_t::number_unsigned: return value.get<std::uint64_t>() != 0;
    case json::value_t::number_float: {
      double d = value.get<double>();
      return d != 0 && !std::isnan(d);
    }
    default: return true;
  }
}

const HelperDef* find_helper(std::string_view name) {
  for (const HelperDef& h : registry())
    if (name == h.name) return &h;
  return nullptr;
}

const std::vector<HelperDef>& all_helpers() { return registry(); }

}  // namespace s2d::tmpl::detail
