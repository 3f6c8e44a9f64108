// Column widths: the CSS 2.1 automatic table layout on given content widths,
// then on cells measured with the installed fonts.
#define BOOST_TEST_MODULE table_layout
#include <boost/test/unit_test.hpp>

#include "renderers/document/markdown.hpp"
#include "renderers/document/table_layout.hpp"
#include "renderers/document/table_measure.hpp"
#include "renderers/document/units.hpp"

#include <numeric>

using namespace s2d;
using doc::ColumnContent;

namespace {

constexpr double kPadding = 12;

double total(const std::vector<double>& widths) { return std::accumulate(widths.begin(), widths.end(), 0.0); }

// A column whose content is one unbreakable piece (a number).
ColumnContent whole(double width) { return ColumnContent{width, width, width}; }

doc::TableFit fit(const std::vector<ColumnContent>& columns, double available,
                  const std::vector<doc::ColumnWidth>& hints = {}) {
  return doc::fit_columns(columns, hints, available, kPadding, {});
}

doc::Block table_of(const std::string& markdown) {
  doc::Document document;
  doc::ParseError error;
  BOOST_TEST_REQUIRE(doc::parse_markdown(markdown, {}, &document, &error), error.message);
  BOOST_TEST_REQUIRE(document.blocks.size() == 1u);
  return document.blocks.front();
}

}  // namespace

BOOST_AUTO_TEST_CASE(columns_that_fit_get_their_widest_cell_and_share_the_rest) {
  const std::vector<ColumnContent> columns = {{20, 20, 60}, whole(40), {30, 30, 100}};
  doc::TableFit result = fit(columns, 400);
  BOOST_TEST_REQUIRE(result.widths.size() == 3u);
  BOOST_TEST(total(result.widths) == 400, boost::test_tools::tolerance(1e-9));
  // The spare 164 points go in proportion to each column's width (72 : 52 : 112).
  BOOST_TEST(result.widths[0] == 72 + 164.0 * 72 / 236, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(result.widths[2] == 112 + 164.0 * 112 / 236, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(!result.needs_warning());
}

BOOST_AUTO_TEST_CASE(minimums_are_measured_only_when_the_maximums_do_not_fit) {
  int calls = 0;
  auto count = [&calls](std::vector<ColumnContent>*) { ++calls; };
  doc::fit_columns({ColumnContent{0, 0, 50}}, {}, 300, kPadding, count);
  BOOST_TEST(calls == 0);
  doc::fit_columns({ColumnContent{0, 0, 500}}, {}, 300, kPadding, [&calls](std::vector<ColumnContent>* columns) {
    ++calls;
    (*columns)[0].min = (*columns)[0].min_hyphenated = 40;
  });
  BOOST_TEST(calls == 1);
}

BOOST_AUTO_TEST_CASE(one_long_text_column_wraps_and_the_others_stay_whole) {
  // Region, two amounts and a date beside notes that would need 900 points on one line.
  const std::vector<ColumnContent> columns = {whole(45), whole(50), whole(50), whole(55), {70, 40, 900}};
  doc::TableFit result = fit(columns, 480);
  BOOST_TEST(total(result.widths) == 480, boost::test_tools::tolerance(1e-9));
  for (std::size_t c = 0; c < 4; ++c) BOOST_TEST(result.widths[c] == columns[c].max + kPadding, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(result.widths[4] == 480 - 45 - 50 - 50 - 55 - 4 * kPadding, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(!result.needs_warning());
}

BOOST_AUTO_TEST_CASE(wrapping_columns_share_the_room_by_how_much_more_they_want) {
  const std::vector<ColumnContent> columns = {{50, 30, 250}, {30, 30, 130}, whole(40)};
  doc::TableFit result = fit(columns, 300);
  // Minimums 62 + 42 + 52 = 156; the 144 left go 200 : 100 : 0.
  BOOST_TEST(result.widths[0] == 62 + 96, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(result.widths[1] == 42 + 48, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(result.widths[2] == 52, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(an_all_numeric_table_that_fits_breaks_nothing) {
  std::vector<ColumnContent> columns(8, whole(38));
  doc::TableFit result = fit(columns, 480);
  for (double width : result.widths) BOOST_TEST(width >= 38 + kPadding);
  BOOST_TEST(!result.needs_warning());
}

BOOST_AUTO_TEST_CASE(an_all_numeric_table_too_wide_is_set_smaller_never_broken) {
  // 10 numbers of 40 points and their padding need 520 points in 480.
  std::vector<ColumnContent> columns(10, whole(40));
  doc::TableFit result = fit(columns, 480);
  BOOST_TEST(result.font_scale < 1.0);
  BOOST_TEST(result.font_scale >= doc::kSmallestFontScale);
  BOOST_TEST(!result.hyphenate);
  for (double width : result.widths) BOOST_TEST(width >= (40 + kPadding) * result.font_scale - 1e-9);
  BOOST_TEST(total(result.widths) == 480, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(a_table_that_cannot_fit_steps_the_font_then_hyphenates_then_warns) {
  // Eight columns of a long word each (100 points whole, 50 once hyphenated) in 480 points.
  std::vector<ColumnContent> columns(8, ColumnContent{100, 50, 100});
  doc::TableFit result = fit(columns, 480);
  BOOST_TEST(result.font_scale == doc::kSmallestFontScale);
  BOOST_TEST(result.hyphenate);
  BOOST_TEST(!result.overfull);
  for (double width : result.widths) BOOST_TEST(width >= (50 + kPadding) * doc::kSmallestFontScale - 1e-9);

  doc::Block table = table_of("| Region | Q1 | Q2 | Q3 |\n|--|--|--|--|\n| a | b | c | d |\n");
  const std::string warning = doc::fit_warning(table, 2, result);
  BOOST_TEST(warning.find("table 2 (Region | Q1 | Q2 | \u2026)") == 0u, warning);
  BOOST_TEST(warning.find("80%") != std::string::npos, warning);
  BOOST_TEST(warning.find("hyphenated") != std::string::npos, warning);
}

BOOST_AUTO_TEST_CASE(a_table_just_too_wide_only_steps_the_font) {
  std::vector<ColumnContent> columns(6, ColumnContent{70, 30, 70});  // 6 x 82 = 492 in 480
  doc::TableFit result = fit(columns, 480);
  BOOST_TEST(result.font_scale == 0.95);
  BOOST_TEST(!result.hyphenate);
}

BOOST_AUTO_TEST_CASE(numbers_that_fit_at_no_size_are_set_as_small_as_needed) {
  std::vector<ColumnContent> columns(12, whole(45));  // 12 x 57 = 684 in 480
  doc::TableFit result = fit(columns, 480);
  BOOST_TEST(result.font_scale == 480.0 / 684, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(!result.overfull);
  BOOST_TEST(!result.hyphenate);  // there is nothing to hyphenate
  for (double width : result.widths) BOOST_TEST(width >= (45 + kPadding) * result.font_scale - 1e-6);
  BOOST_TEST(doc::fit_warning(doc::Block{}, 1, result) == "table 1 is too wide for the page: set at 70% of its size");
  // Forty such columns do not fit at half size either: squeezed, and the warning says so.
  doc::TableFit squeezed = fit(std::vector<ColumnContent>(40, whole(45)), 480);
  BOOST_TEST(squeezed.overfull);
  BOOST_TEST(total(squeezed.widths) == 480, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(hints_in_percent_and_mm_fix_their_columns) {
  const std::vector<ColumnContent> columns = {whole(40), {60, 40, 400}, whole(30)};
  std::vector<doc::ColumnWidth> hints(3);
  hints[1].percent = 50;
  doc::TableFit result = fit(columns, 480, hints);
  BOOST_TEST(result.widths[1] == 240, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(total(result.widths) == 480, boost::test_tools::tolerance(1e-9));

  hints[1] = {};
  hints[0].mm = 40;
  result = fit(columns, 480, hints);
  BOOST_TEST(result.widths[0] == 40 * doc::kPointsPerMm, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(total(result.widths) == 480, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(a_hint_narrower_than_the_content_gives_way_and_one_too_wide_is_ignored) {
  const std::vector<ColumnContent> columns = {whole(80), {60, 40, 400}};
  std::vector<doc::ColumnWidth> hints(2);
  hints[0].mm = 5;  // 14 points: less than the 92 its number needs
  BOOST_TEST(fit(columns, 480, hints).widths[0] == 92, boost::test_tools::tolerance(1e-9));
  hints[0] = {};
  hints[0].percent = 95;  // leaves the notes less than their longest word
  doc::TableFit result = fit(columns, 480, hints);
  BOOST_TEST(result.widths[1] >= 72);
  BOOST_TEST(!result.needs_warning());
}

BOOST_AUTO_TEST_CASE(header_hints_are_read_from_the_markdown) {
  doc::Block table = table_of("| Region | Notes {width=35%} | Due {width=40mm} |\n|--|--|--|\n| EU | ok | 2026-01-15 |\n");
  BOOST_TEST_REQUIRE(table.column_widths.size() == 3u);
  BOOST_TEST(!table.column_widths[0].percent);
  BOOST_TEST(table.column_widths[1].percent.value_or(0) == 35);
  BOOST_TEST(table.column_widths[2].mm.value_or(0) == 40);
  BOOST_TEST(table.rows[0][1].inlines.back().text == "Notes");
  BOOST_TEST(table.rows[0][2].inlines.back().text == "Due");
  BOOST_TEST(table_of("| A {width=wide} |\n|--|\n| x |\n").rows[0][0].inlines.back().text == "A {width=wide}");
}

BOOST_AUTO_TEST_CASE(landscape_comment_marks_the_next_table) {
  doc::Document document;
  doc::ParseError error;
  BOOST_TEST_REQUIRE(doc::parse_markdown("Intro\n\n<!-- landscape -->\n\n| A |\n|--|\n| 1 |\n\n| B |\n|--|\n| 2 |\n", {},
                                         &document, &error));
  BOOST_TEST_REQUIRE(document.blocks.size() == 3u);
  BOOST_TEST(document.blocks[1].landscape);
  BOOST_TEST(!document.blocks[2].landscape);
}

BOOST_AUTO_TEST_CASE(numbers_dates_and_short_words_are_never_broken) {
  for (const char* word : {"1,234,567.89", "$10,000", "2026-01-15", "12.5%", "SKU-000123", "Region", "Medium",
                           "Verantwortlich", "١٢٣٬٤٥٦", "٢٠٢٦/٠١/١٥"})
    BOOST_TEST(doc::never_broken(word) == (std::string(word) != "Verantwortlich"), word);
  BOOST_TEST(!doc::never_broken("Internationalisation"));
  BOOST_TEST(doc::never_broken("مرحبا"));
  BOOST_TEST(!doc::never_broken("الاستراتيجيات"));  // 13 letters
}

BOOST_AUTO_TEST_CASE(cells_measured_with_the_real_fonts) {
  doc::Fonts fonts;
  doc::TableMeasurer measurer(fonts, "en-US");
  doc::Block table = table_of(
      "| Next step | Amount | Notes |\n|--|--:|--|\n"
      "| Call | 1,234,567.89 | Internationalisation of our shop |\n");
  std::vector<ColumnContent> columns;
  measurer.measure(table, 10, &columns);
  BOOST_TEST_REQUIRE(columns.size() == 3u);
  // The maximums alone come out the same.
  const std::vector<ColumnContent> maximums = measurer.maximums(table, 10);
  for (std::size_t c = 0; c < 3; ++c) BOOST_TEST(maximums[c].max == columns[c].max);
  // A header wraps at its space: its minimum is its longer word, below its one-line width.
  BOOST_TEST(columns[0].min < columns[0].max * 0.8);
  BOOST_TEST(columns[0].min_hyphenated == columns[0].min);
  // An amount is one piece: its minimum is its whole width, hyphenated or not.
  BOOST_TEST(columns[1].min == columns[1].max, boost::test_tools::tolerance(0.6));
  BOOST_TEST(columns[1].min_hyphenated == columns[1].min);
  BOOST_TEST(columns[1].max > 50);
  BOOST_TEST(columns[1].max < 80);
  // A long word may lose up to half its width once hyphenation is allowed.
  BOOST_TEST(columns[2].min_hyphenated < columns[2].min * 0.6);
  // At twice the size, everything is twice as wide.
  BOOST_TEST(measurer.maximums(table, 20)[1].max == 2 * columns[1].max, boost::test_tools::tolerance(0.02));
}

BOOST_AUTO_TEST_CASE(right_to_left_cells_are_measured_like_any_other) {
  doc::Fonts fonts;
  doc::TableMeasurer measurer(fonts, "ar");
  doc::Block table = table_of("| المنطقة | المبلغ |\n|--|--:|\n| الشرق الأوسط وشمال أفريقيا | ١٬٢٣٤٬٥٦٧ |\n");
  std::vector<ColumnContent> columns;
  measurer.measure(table, 10, &columns);
  BOOST_TEST_REQUIRE(columns.size() == 2u);
  BOOST_TEST(columns[0].min > 0);
  BOOST_TEST(columns[0].min < columns[0].max * 0.5);  // the region wraps between its words
  BOOST_TEST(columns[1].min == columns[1].max, boost::test_tools::tolerance(0.6));  // the amount stays whole
  doc::TableFit result = doc::fit_columns(columns, {}, 200, kPadding, {});
  BOOST_TEST(result.widths[1] >= columns[1].max + kPadding - 1e-9);
}

BOOST_AUTO_TEST_CASE(headers_wrap_only_at_spaces_and_dates_never_at_their_hyphens) {
  doc::Fonts fonts;
  doc::TableMeasurer measurer(fonts, "en-US");
  doc::Block table = table_of(
      "| Year-to-date | Due | Notes |\n|--|--|--|\n| x | 2026-01-15 | follow-up-with-the-customer-team |\n");
  std::vector<ColumnContent> columns;
  measurer.measure(table, 10, &columns);
  BOOST_TEST_REQUIRE(columns.size() == 3u);
  BOOST_TEST(columns[0].min == columns[0].max, boost::test_tools::tolerance(1e-9));  // the header word stays whole
  BOOST_TEST(columns[1].min == columns[1].max, boost::test_tools::tolerance(1e-9));  // so does the date
  BOOST_TEST(columns[2].min < columns[2].max * 0.5);  // a long text may break after its hyphens
}
