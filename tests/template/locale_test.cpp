// Locale-aware formatting through ICU/CLDR for en-US, de-DE, fr-FR and ja-JP.
// CLDR separators are kept as ICU gives them: U+00A0 (no-break space) before
// "€" and "%" in German and French, U+202F (narrow no-break space) as the
// French thousands separator and before AM/PM in English times.
#include "tests/template/template_fixture.hpp"

#include <boost/test/unit_test.hpp>

using s2d::tmpl::test::json;
using s2d::tmpl::test::Options;
using s2d::tmpl::test::render;
using s2d::tmpl::test::render_error;

namespace {

const json kData = {{"amount", 1234.5}, {"rate", 0.125}, {"when", "2026-05-13T10:00:00Z"}};

std::string in_locale(const std::string& source, const std::string& locale, const json& data = kData) {
  Options o;
  o.locale = locale;
  return render(source, data, o);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(numbers)

BOOST_AUTO_TEST_CASE(number_with_decimals) {
  const std::string tpl = "{{number amount decimals=2}}|{{number amount}}|{{number 1234567 grouping=false}}";
  BOOST_TEST(in_locale(tpl, "en-US") == "1,234.50|1,234.5|1234567");
  BOOST_TEST(in_locale(tpl, "de-DE") == "1.234,50|1.234,5|1234567");
  BOOST_TEST(in_locale(tpl, "fr-FR") == "1\u202f234,50|1\u202f234,5|1234567");
  BOOST_TEST(in_locale(tpl, "ja-JP") == "1,234.50|1,234.5|1234567");
}

BOOST_AUTO_TEST_CASE(currency) {
  const std::string tpl = "{{currency amount \"EUR\"}}|{{currency amount \"USD\"}}|{{currency amount \"JPY\"}}";
  BOOST_TEST(in_locale(tpl, "en-US") == "€1,234.50|$1,234.50|¥1,235");
  BOOST_TEST(in_locale(tpl, "de-DE") == "1.234,50\u00a0€|1.234,50\u00a0$|1.235\u00a0¥");
  BOOST_TEST(in_locale(tpl, "fr-FR") == "1\u202f234,50\u00a0€|1\u202f234,50\u00a0$US|1\u202f235\u00a0JPY");
  BOOST_TEST(in_locale(tpl, "ja-JP") == "€1,234.50|$1,234.50|￥1,235");
}

BOOST_AUTO_TEST_CASE(currency_examples_from_the_reference) {
  BOOST_TEST(render("{{currency 1234.5 \"EUR\" locale=\"de-DE\"}}") == "1.234,50\u00a0€");
  BOOST_TEST(render("{{currency 1234.5 \"USD\"}}") == "$1,234.50");
}

BOOST_AUTO_TEST_CASE(currency_options) {
  BOOST_TEST(render("{{currency 1234.5 \"eur\" display=\"code\"}}") == "EUR\u00a01,234.50");
  BOOST_TEST(render("{{currency 2 \"USD\" display=\"name\"}}") == "2.00 US dollars");
  BOOST_TEST(render("{{currency 1234.5 \"EUR\" decimals=0}}") == "€1,235");
}

BOOST_AUTO_TEST_CASE(percent) {
  BOOST_TEST(in_locale("{{percent rate}}", "en-US") == "12.5%");
  BOOST_TEST(in_locale("{{percent rate}}", "de-DE") == "12,5\u00a0%");
  BOOST_TEST(in_locale("{{percent rate}}", "fr-FR") == "12,5\u00a0%");
  BOOST_TEST(in_locale("{{percent rate}}", "ja-JP") == "12.5%");
  BOOST_TEST(render("{{percent 0.5 decimals=1}}") == "50.0%");
}

BOOST_AUTO_TEST_CASE(rounding_is_half_up_and_decimal_strings_stay_exact) {
  BOOST_TEST(render("{{number 2.345 decimals=2}} {{number 0.125 decimals=2}}") == "2.35 0.13");
  BOOST_TEST(render("{{number big decimals=2}}", {{"big", "12345678901234567.891"}}) ==
             "12,345,678,901,234,567.89");
  BOOST_TEST(render("{{currency price \"EUR\"}}", {{"price", "19.99"}}) == "€19.99");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dates)

BOOST_AUTO_TEST_CASE(named_styles) {
  const std::string tpl = "{{date when \"short\"}}|{{date when \"medium\"}}|{{date when \"long\"}}|{{date when \"full\"}}";
  BOOST_TEST(in_locale(tpl, "en-US") == "5/13/26|May 13, 2026|May 13, 2026|Wednesday, May 13, 2026");
  BOOST_TEST(in_locale(tpl, "de-DE") == "13.05.26|13.05.2026|13. Mai 2026|Mittwoch, 13. Mai 2026");
  BOOST_TEST(in_locale(tpl, "fr-FR") == "13/05/2026|13 mai 2026|13 mai 2026|mercredi 13 mai 2026");
  BOOST_TEST(in_locale(tpl, "ja-JP") == "2026/05/13|2026/05/13|2026年5月13日|2026年5月13日水曜日");
  BOOST_TEST(render("{{date \"2026-05-13T10:00:00Z\" \"long\"}}") == "May 13, 2026");
  BOOST_TEST(render("{{date when}}", kData) == "May 13, 2026");  // medium by default
}

BOOST_AUTO_TEST_CASE(skeletons_and_patterns) {
  BOOST_TEST(in_locale("{{date when \"yMMMd\"}}", "de-DE") == "13. Mai 2026");
  BOOST_TEST(in_locale("{{date when \"yMMMd\"}}", "ja-JP") == "2026年5月13日");
  BOOST_TEST(render("{{date when \"yyyy-MM-dd\"}} {{date when \"EEEE, d. MMMM\" locale=\"de-DE\"}}", kData) ==
             "2026-05-13 Mittwoch, 13. Mai");
}

BOOST_AUTO_TEST_CASE(times_and_time_zones) {
  BOOST_TEST(render("{{time when}}|{{time when \"short\" locale=\"de-DE\"}}", kData) == "10:00\u202fAM|10:00");
  BOOST_TEST(render("{{date when \"long\" time=\"short\"}}", kData) == "May 13, 2026 at 10:00\u202fAM");
  BOOST_TEST(render("{{date when \"yyyy-MM-dd HH:mm zzz\" timezone=\"Europe/Berlin\"}}", kData) ==
             "2026-05-13 12:00 GMT+2");
  json late = {{"when", "2026-05-13T23:30:00Z"}};
  BOOST_TEST(render("{{date when \"long\" timezone=\"Asia/Tokyo\"}}", late) == "May 14, 2026");
  Options o;
  o.timezone = "America/Los_Angeles";
  BOOST_TEST(render("{{date when \"long\"}} {{time when}}", late, o) == "May 13, 2026 4:30\u202fPM");
  BOOST_TEST(render("{{date \"2026-05-13T01:00:00+02:00\" \"yyyy-MM-dd HH:mm\"}}") == "2026-05-12 23:00");
}

BOOST_AUTO_TEST_CASE(calendar_dates_and_wall_times_never_shift) {
  Options o;
  o.timezone = "America/Los_Angeles";
  BOOST_TEST(render("{{date \"2026-05-13\" \"long\"}}", json::object(), o) == "May 13, 2026");
  BOOST_TEST(render("{{date \"2026-05-13T09:15:00\" \"HH:mm\"}}", json::object(), o) == "09:15");
}

BOOST_AUTO_TEST_CASE(unix_seconds) {
  BOOST_TEST(render("{{date 0 \"yyyy-MM-dd HH:mm\"}} {{date ts \"long\"}}", {{"ts", 1778666400}}) ==
             "1970-01-01 00:00 May 13, 2026");
}

BOOST_AUTO_TEST_CASE(locale_comes_from_render_options_unless_given) {
  Options o;
  o.locale = "de-DE";
  BOOST_TEST(render("{{number 1.5}} {{number 1.5 locale=\"en-US\"}}", json::object(), o) == "1,5 1.5");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(formatting_errors)

BOOST_AUTO_TEST_CASE(bad_locale_zone_date_and_currency) {
  BOOST_TEST(render_error("{{number 1 locale=\"!!\"}}").message ==
             "number: unknown locale '!!' (use a BCP 47 tag such as en-US or de-DE)");
  BOOST_TEST(render_error("{{date when timezone=\"Mars/Base\"}}", kData).message ==
             "date: unknown time zone 'Mars/Base' (use an IANA name such as Europe/Berlin)");
  auto e = render_error("{{date when}}", {{"when", "13/05/2026"}});
  BOOST_TEST(e.code == "helper_error");
  BOOST_TEST(e.message == "date needs an RFC 3339 date such as 2026-05-13T10:00:00Z, got '13/05/2026'");
  BOOST_TEST(render_error("{{date when}}", {{"when", "2026-02-30"}}).code == "helper_error");
  BOOST_TEST(render_error("{{currency 1 \"EURO\"}}").message ==
             "currency needs an ISO 4217 code such as \"EUR\", got 'EURO'");
  BOOST_TEST(render_error("{{number \"abc\"}}").message == "number needs a number, got a string");
  BOOST_TEST(render_error("{{number 1 decimals=99}}").message == "number: decimals= needs a whole number from 0 to 20");
}

BOOST_AUTO_TEST_CASE(null_values_format_as_empty) {
  BOOST_TEST(render("[{{currency price \"EUR\"}}{{date when}}{{number n}}]", {{"price", nullptr}, {"when", nullptr},
                                                                           {"n", nullptr}}) == "[]");
}

BOOST_AUTO_TEST_SUITE_END()
