#pragma once
// Locale-aware numbers, money, percentages and dates through ICU (CLDR data).
//
// ICU's LocalizedNumberFormatter is immutable and thread-safe, but DateFormat
// and DateTimePatternGenerator are not safe to share for formatting, so every
// formatter is cached per thread, keyed by everything that shaped it. The
// caches are bounded: locale and pattern strings may come from data.

#include <cstdint>
#include <string>
#include <string_view>

namespace s2d::tmpl::detail {

struct NumberStyle {
  enum class Kind { decimal, currency, percent };
  Kind kind = Kind::decimal;
  int decimals = -1;              // fixed number of fraction digits; -1: the locale's/currency's default
  bool grouping = true;           // 1,234 vs 1234
  std::string currency;           // ISO 4217 code for Kind::currency
  enum class Display { symbol, code, name } display = Display::symbol;
};

// `number` is either a JSON number's double or, when `decimal_text` is not
// empty, an exact decimal string (kept exact: no binary rounding).
bool format_number(double number, std::string_view decimal_text, std::string_view locale, const NumberStyle& style,
                   std::string* out, std::string* error);

struct DateStyle {
  std::string date = "medium";    // short | medium | long | full | none | an ICU skeleton or pattern
  std::string time = "none";      // short | medium | long | full | none
};

// Dates are parsed with clock::parse_datetime (core/clock.hpp). A value
// without a zone (a calendar day, or a wall-clock time) is formatted as
// written (`date_only`), so it never shifts to the day before.
bool format_date(double epoch_ms, bool date_only, std::string_view locale, std::string_view time_zone,
                 const DateStyle& style, std::string* out, std::string* error);

// Locale-aware case mapping (Turkish dotted i, German sharp s).
bool change_case(std::string_view text, std::string_view locale, bool upper, std::string* out, std::string* error);
bool capitalize_first(std::string_view text, std::string_view locale, std::string* out, std::string* error);

}  // namespace s2d::tmpl::detail
