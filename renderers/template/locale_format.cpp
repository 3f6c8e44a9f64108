#include "renderers/template/locale_format.hpp"

#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/locid.h>
#include <unicode/numberformatter.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>
#include <unordered_map>

namespace s2d::tmpl::detail {
namespace {

// Locale tags, patterns and zone names may come from data: caches stay small.
constexpr std::size_t kMaxCachedFormatters = 256;
constexpr std::size_t kMaxPatternLength = 200;

template <class T>
class BoundedCache {
 public:
  T* find(const std::string& key) {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second.get();
  }
  T* insert(const std::string& key, std::unique_ptr<T> value) {
    if (entries_.size() >= kMaxCachedFormatters) entries_.clear();
    T* raw = value.get();
    entries_[key] = std::move(value);
    return raw;
  }

 private:
  std::unordered_map<std::string, std::unique_ptr<T>> entries_;
};

std::string quoted(std::string_view s) { return "'" + std::string(s.substr(0, 80)) + "'"; }

const icu::Locale* find_locale(std::string_view tag, std::string* error) {
  thread_local BoundedCache<icu::Locale> cache;
  std::string key(tag);
  if (const icu::Locale* hit = cache.find(key)) return hit;
  std::string normalized = key;
  for (char& c : normalized)
    if (c == '_') c = '-';
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(icu::StringPiece(normalized.data(), normalized.size()), status);
  if (normalized.empty() || U_FAILURE(status) || locale.isBogus() || std::string(locale.getLanguage()).empty()) {
    *error = "unknown locale " + quoted(tag) + " (use a BCP 47 tag such as en-US or de-DE)";
    return nullptr;
  }
  return cache.insert(key, std::make_unique<icu::Locale>(locale));
}

bool valid_currency(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

const icu::number::LocalizedNumberFormatter* number_formatter(std::string_view locale_tag, const NumberStyle& style,
                                                              std::string* error) {
  thread_local BoundedCache<icu::number::LocalizedNumberFormatter> cache;
  std::string key = std::string(locale_tag) + '|' + std::to_string(static_cast<int>(style.kind)) + '|' +
                    std::to_string(style.decimals) + '|' + (style.grouping ? 'g' : '-') + '|' + style.currency +
                    '|' + std::to_string(static_cast<int>(style.display));
  if (auto* hit = cache.find(key)) return hit;
  const icu::Locale* locale = find_locale(locale_tag, error);
  if (!locale) return nullptr;

  using namespace icu::number;
  // Half-up, as on invoices: 2.345 -> 2.35 (ICU's default is half-even).
  UnlocalizedNumberFormatter f = NumberFormatter::with().roundingMode(UNUM_ROUND_HALFUP);
  if (!style.grouping) f = f.grouping(UNUM_GROUPING_OFF);
  if (style.decimals >= 0) f = f.precision(Precision::fixedFraction(style.decimals));
  UErrorCode status = U_ZERO_ERROR;
  if (style.kind == NumberStyle::Kind::currency) {
    if (!valid_currency(style.currency)) {
      *error = "currency needs an ISO 4217 code such as \"EUR\", got " + quoted(style.currency);
      return nullptr;
    }
    icu::CurrencyUnit unit(icu::StringPiece(style.currency.data(), style.currency.size()), status);
    if (U_FAILURE(status)) {
      *error = "unknown currency " + quoted(style.currency);
      return nullptr;
    }
    f = f.unit(unit);
    if (style.display == NumberStyle::Display::code) f = f.unitWidth(UNUM_UNIT_WIDTH_ISO_CODE);
    if (style.display == NumberStyle::Display::name) f = f.unitWidth(UNUM_UNIT_WIDTH_FULL_NAME);
  } else if (style.kind == NumberStyle::Kind::percent) {
    f = f.unit(icu::MeasureUnit::getPercent()).scale(Scale::powerOfTen(2));
  }
  return cache.insert(key, std::make_unique<LocalizedNumberFormatter>(f.locale(*locale)));
}

int named_style(std::string_view name) {
  if (name == "short") return icu::DateFormat::kShort;
  if (name == "medium") return icu::DateFormat::kMedium;
  if (name == "long") return icu::DateFormat::kLong;
  if (name == "full") return icu::DateFormat::kFull;
  if (name == "none") return icu::DateFormat::kNone;
  return -2;
}

bool only_letters(std::string_view s) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return !s.empty();
}

icu::DateTimePatternGenerator* pattern_generator(std::string_view locale_tag, const icu::Locale& locale) {
  thread_local BoundedCache<icu::DateTimePatternGenerator> cache;
  std::string key(locale_tag);
  if (auto* hit = cache.find(key)) return hit;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::DateTimePatternGenerator> generator(
      icu::DateTimePatternGenerator::createInstance(locale, status));
  if (U_FAILURE(status) || !generator) return nullptr;
  return cache.insert(key, std::move(generator));
}

std::unique_ptr<icu::DateFormat> build_date_format(std::string_view locale_tag, const icu::Locale& locale,
                                                   const DateStyle& style, std::string* error) {
  int date_style = named_style(style.date);
  int time_style = named_style(style.time);
  if (time_style == -2) {
    *error = "unknown time style " + quoted(style.time) + " (use short, medium, long, full or none)";
    return nullptr;
  }
  if (date_style != -2) {
    if (date_style == icu::DateFormat::kNone && time_style == icu::DateFormat::kNone) {
      *error = "a date format needs a date or a time style";
      return nullptr;
    }
    return std::unique_ptr<icu::DateFormat>(icu::DateFormat::createDateTimeInstance(
        static_cast<icu::DateFormat::EStyle>(date_style), static_cast<icu::DateFormat::EStyle>(time_style), locale));
  }
  if (style.date.size() > kMaxPatternLength) {
    *error = "date pattern longer than " + std::to_string(kMaxPatternLength) + " characters";
    return nullptr;
  }
  if (time_style != icu::DateFormat::kNone) {
    *error = "time= works with the named date styles; put the time fields in the pattern instead";
    return nullptr;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString pattern = icu::UnicodeString::fromUTF8(style.date);
  if (only_letters(style.date)) {
    // A skeleton ("yMMMd"): the locale picks order and punctuation.
    icu::DateTimePatternGenerator* generator = pattern_generator(locale_tag, locale);
    if (!generator) {
      *error = "no date patterns for locale " + quoted(locale_tag);
      return nullptr;
    }
    pattern = generator->getBestPattern(pattern, status);
    if (U_FAILURE(status)) {
      *error = "invalid date skeleton " + quoted(style.date);
      return nullptr;
    }
  }
  auto format = std::make_unique<icu::SimpleDateFormat>(pattern, locale, status);
  if (U_FAILURE(status)) {
    *error = "invalid date pattern " + quoted(style.date);
    return nullptr;
  }
  return format;
}

icu::DateFormat* date_formatter(std::string_view locale_tag, std::string_view zone, const DateStyle& style,
                                std::string* error) {
  thread_local BoundedCache<icu::DateFormat> cache;
  std::string key = std::string(locale_tag) + '|' + std::string(zone) + '|' + style.date + '|' + style.time;
  if (auto* hit = cache.find(key)) return hit;
  const icu::Locale* locale = find_locale(locale_tag, error);
  if (!locale) return nullptr;
  std::unique_ptr<icu::TimeZone> time_zone(icu::TimeZone::createTimeZone(
      icu::UnicodeString::fromUTF8(icu::StringPiece(zone.data(), zone.size()))));
  if (!time_zone || *time_zone == icu::TimeZone::getUnknown()) {
    *error = "unknown time zone " + quoted(zone) + " (use an IANA name such as Europe/Berlin)";
    return nullptr;
  }
  std::unique_ptr<icu::DateFormat> format = build_date_format(locale_tag, *locale, style, error);
  if (!format) {
    if (error->empty()) *error = "cannot format dates for locale " + quoted(locale_tag);
    return nullptr;
  }
  format->adoptTimeZone(time_zone.release());
  return cache.insert(key, std::move(format));
}

bool to_utf8(const icu::UnicodeString& text, std::string* out) {
  out->clear();
  text.toUTF8String(*out);
  return true;
}

bool ascii_only(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace

bool format_number(double number, std::string_view decimal_text, std::string_view locale, const NumberStyle& style,
                   std::string* out, std::string* error) {
  const auto* formatter = number_formatter(locale, style, error);
  if (!formatter) return false;
  UErrorCode status = U_ZERO_ERROR;
  icu::number::FormattedNumber formatted =
      decimal_text.empty() ? formatter->formatDouble(number, status)
                           : formatter->formatDecimal(icu::StringPiece(decimal_text.data(), decimal_text.size()), status);
  icu::UnicodeString text = formatted.toString(status);
  if (U_FAILURE(status)) {
    *error = "cannot format the number";
    return false;
  }
  return to_utf8(text, out);
}

bool format_date(double epoch_ms, bool date_only, std::string_view locale, std::string_view time_zone,
                 const DateStyle& style, std::string* out, std::string* error) {
  icu::DateFormat* format = date_formatter(locale, date_only ? "UTC" : time_zone, style, error);
  if (!format) return false;
  icu::UnicodeString text;
  format->format(epoch_ms, text);
  return to_utf8(text, out);
}

bool change_case(std::string_view text, std::string_view locale, bool upper, std::string* out, std::string* error) {
  const bool special_i = locale.substr(0, 2) == "tr" || locale.substr(0, 2) == "az" || locale.substr(0, 2) == "lt";
  if (ascii_only(text) && !special_i) {
    out->assign(text);
    for (char& c : *out) {
      if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return true;
  }
  const icu::Locale* loc = find_locale(locale, error);
  if (!loc) return false;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  if (upper) u.toUpper(*loc);
  else u.toLower(*loc);
  return to_utf8(u, out);
}

bool capitalize_first(std::string_view text, std::string_view locale, std::string* out, std::string* error) {
  if (text.empty()) {
    out->clear();
    return true;
  }
  std::int32_t i = 0;
  UChar32 c;
  U8_NEXT(text.data(), i, static_cast<std::int32_t>(text.size()), c);
  std::string first;
  if (!change_case(text.substr(0, i), locale, true, &first, error)) return false;
  *out = first;
  out->append(text.substr(i));
  return true;
}

}  // namespace s2d::tmpl::detail
