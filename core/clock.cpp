#include "core/clock.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace s2d::clock {
namespace {

// Days from 1970-01-01 to a civil date (proleptic Gregorian), after H. Hinnant.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + std::int64_t(doe) - 719468;
}

int days_in_month(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool digits(std::string_view text, std::size_t pos, std::size_t count, int* value) {
  if (pos + count > text.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *value = v;
  return true;
}

}  // namespace

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t now_seconds() { return now_ms() / 1000; }

std::string rfc3339(std::int64_t unix_ms) {
  std::time_t seconds = std::time_t(unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return buffer;
}

std::optional<DateTime> parse_datetime(std::string_view s) {
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!digits(s, 0, 4, &year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, &month) || s[7] != '-' ||
      !digits(s, 8, 2, &day))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  DateTime result;
  double fraction_ms = 0;
  int offset_minutes = 0;
  std::size_t p = 10;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return std::nullopt;
    if (!digits(s, p + 1, 2, &hour) || p + 3 >= s.size() || s[p + 3] != ':' || !digits(s, p + 4, 2, &minute))
      return std::nullopt;
    result.has_time = true;
    p += 6;
    if (p < s.size() && s[p] == ':') {
      if (!digits(s, p + 1, 2, &second)) return std::nullopt;
      p += 3;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        double scale = 100;
        std::size_t q = p + 1;
        for (; q < s.size() && s[q] >= '0' && s[q] <= '9'; ++q, scale /= 10) fraction_ms += (s[q] - '0') * scale;
        if (q == p + 1) return std::nullopt;
        p = q;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) {
      result.has_zone = true;
      ++p;
    } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
      int oh, om;
      if (!digits(s, p + 1, 2, &oh) || p + 3 >= s.size() || s[p + 3] != ':' || !digits(s, p + 4, 2, &om) ||
          oh > 23 || om > 59)
        return std::nullopt;
      offset_minutes = (oh * 60 + om) * (s[p] == '-' ? -1 : 1);
      result.has_zone = true;
      p += 6;
    }
    if (p != s.size()) return std::nullopt;
  }
  double seconds = double(days_from_civil(year, unsigned(month), unsigned(day))) * 86400.0 + hour * 3600.0 +
                   minute * 60.0 + second - offset_minutes * 60.0;
  result.unix_ms = seconds * 1000.0 + fraction_ms;
  return result;
}

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  auto parsed = parse_datetime(text);
  if (!parsed || !parsed->has_time || !parsed->has_zone || text[10] == ' ') return std::nullopt;
  return std::int64_t(parsed->unix_ms);
}

}  // namespace s2d::clock

namespace s2d {

nlohmann::json time_or_null(std::int64_t ms) {
  return ms ? nlohmann::json(clock::rfc3339(ms)) : nlohmann::json(nullptr);
}

}  // namespace s2d
