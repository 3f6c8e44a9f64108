// The value helpers: logic, defaults, text, lists and arithmetic, and the
// errors they give for wrong input.
#include "tests/template/template_fixture.hpp"

#include <boost/test/unit_test.hpp>

using s2d::tmpl::test::json;
using s2d::tmpl::test::render;
using s2d::tmpl::test::render_error;

BOOST_AUTO_TEST_SUITE(logic)

BOOST_AUTO_TEST_CASE(comparisons) {
  json d = {{"n", 5}, {"f", 5.0}, {"s", "b"}, {"date", "2026-05-13"}};
  BOOST_TEST(render("{{eq n 5}} {{eq n f}} {{eq s \"b\"}} {{eq n \"5\"}} {{ne n 4}} {{ne s \"b\"}}", d) ==
             "true true true false true false");
  BOOST_TEST(render("{{gt n 4}} {{gt n 5}} {{gte n 5}} {{lt n 6}} {{lt n 5}} {{lte n 5}}", d) ==
             "true false true true false true");
  BOOST_TEST(render("{{gt s \"a\"}} {{lt date \"2026-06-01\"}} {{gt \"10\" 9}}", d) == "true true true");
  BOOST_TEST(render("{{gt missing 1}} {{lt missing 1}} {{eq missing null}}", d) == "false false true");
}

BOOST_AUTO_TEST_CASE(and_or_not_return_values_like_javascript) {
  json d = {{"a", "x"}, {"b", ""}, {"c", 0}};
  BOOST_TEST(render("{{and a c}}|{{and a a}}|{{or b c a}}|{{or b c}}|{{not b}}|{{not a}}", d) ==
             "0|x|x|0|true|false");
  BOOST_TEST(render("{{or nickname a}}", d) == "x");
}

BOOST_AUTO_TEST_CASE(default_fills_missing_null_and_empty) {
  json d = {{"n", nullptr}, {"e", ""}, {"z", 0}, {"f", false}};
  BOOST_TEST(render("{{default n \"a\"}} {{default e \"b\"}} {{default missing \"c\"}} {{default z 1}} "
                    "{{default f true}} {{default missing n \"d\"}}",
                    d) == "a b c 0 false d");
}

BOOST_AUTO_TEST_CASE(lookup) {
  json d = {{"rates", {{"EUR", 1.1}}}, {"code", "EUR"}, {"list", {"a", "b"}}};
  BOOST_TEST(render("{{lookup rates code}} {{lookup list 1}} [{{lookup rates \"USD\"}}]", d) == "1.1 b []");
}

BOOST_AUTO_TEST_CASE(helpers_returning_an_argument_compose) {
  json d = json::parse(R"({"a":{"b":{"c":"deep","list":[1,2]}},"items":[{"n":"x"}]})");
  BOOST_TEST(render("{{lookup (lookup a \"b\") \"c\"}}", d) == "deep");
  BOOST_TEST(render("{{#with (lookup a \"b\")}}{{c}}{{/with}}", d) == "deep");
  BOOST_TEST(render("{{#each (or missing items)}}{{n}}{{/each}}", d) == "x");
  BOOST_TEST(render("{{default (lookup (lookup a \"b\") \"zz\") (upper \"fallback\")}}", d) == "FALLBACK");
  BOOST_TEST(render("{{join (lookup a.b \"list\") \"+\"}}", d) == "1+2");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(case_mapping_is_unicode_and_locale_aware) {
  BOOST_TEST(render("{{upper s}} {{lower s}} {{capitalize w}}", {{"s", "Straße Ü"}, {"w", "élan vital"}}) ==
             "STRASSE Ü straße ü Élan vital");
  s2d::tmpl::test::Options turkish;
  turkish.locale = "tr-TR";
  BOOST_TEST(render("{{upper \"istanbul\"}} {{upper \"istanbul\" locale=\"en-US\"}}", json::object(), turkish) ==
             "İSTANBUL ISTANBUL");
  BOOST_TEST(render("{{upper 12}}") == "12");
}

BOOST_AUTO_TEST_CASE(truncate_counts_characters_not_bytes) {
  json d = {{"t", "Hello wonderful world"}, {"u", "ÄÖÜäöü"}};
  BOOST_TEST(render("{{truncate t 5}}|{{truncate t 6}}|{{truncate t 50}}|{{truncate u 3}}|{{truncate t 5 \"...\"}}|"
                    "{{truncate t 5 suffix=\"\"}}",
                    d) == "Hello\u2026|Hello\u2026|Hello wonderful world|ÄÖÜ\u2026|Hello...|Hello");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lists)

BOOST_AUTO_TEST_CASE(join_and_length) {
  json d = {{"tags", {"a", "b", 3}}, {"people", {{{"n", 1}}, {{"n", 2}}}}, {"word", "Grüße"}, {"obj", {{"k", 1}}}};
  BOOST_TEST(render("{{join tags \", \"}}|{{join tags}}|{{join tags \"/\"}}", d) == "a, b, 3|a, b, 3|a/b/3");
  BOOST_TEST(render("{{length tags}} {{length people}} {{length word}} {{length obj}}", d) == "3 2 5 1");
}

BOOST_AUTO_TEST_CASE(sum_of_a_field_or_of_numbers) {
  json d = json::parse(R"({"items":[{"p":{"net":1.5}},{"p":{"net":"2.25"}},{"p":{"net":null}}],
                           "counts":[1,2,3], "lines":[{"q":2},{"q":3}]})");
  BOOST_TEST(render("{{sum items \"p.net\"}} {{sum counts}} {{sum lines \"q\"}}", d) == "3.75 6 5");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(arithmetic)

BOOST_AUTO_TEST_CASE(add_sub_mul_div) {
  json d = {{"a", 7}, {"b", 2}, {"s", "1.5"}};
  BOOST_TEST(render("{{add a b}} {{sub a b}} {{mul a b}} {{div a b}} {{add s 1}} {{mul s s}}", d) ==
             "9 5 14 3.5 2.5 2.25");
  BOOST_TEST(render("{{add 9223372036854775807 1}}") == "9223372036854775808");
}

BOOST_AUTO_TEST_CASE(round_half_away_from_zero_on_the_decimal_value) {
  BOOST_TEST(render("{{round 2.345 2}} {{round 2.5}} {{round -2.5}} {{round 1.005 2}} {{round 9.995 2}} {{round 12}}") ==
             "2.35 3 -3 1.01 10 12");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(helper_errors)

BOOST_AUTO_TEST_CASE(bad_input_is_a_helper_error_with_position) {
  auto e = render_error("total:\n  {{div a 0}}", {{"a", 1}});
  BOOST_TEST(e.code == "helper_error");
  BOOST_TEST(e.message == "div: division by zero");
  BOOST_TEST(e.line == 2);
  BOOST_TEST(e.column == 5);
  BOOST_TEST(e.tag == "{{div a 0}}");

  BOOST_TEST(render_error("{{add a 1}}", {{"a", "abc"}}).message == "add needs a number, got a string");
  BOOST_TEST(render_error("{{gt a 1}}", {{"a", json::array()}}).code == "helper_error");
  BOOST_TEST(render_error("{{sum items \"p\"}}", json::parse(R"({"items":[{"p":"x"}]})")).message ==
             "sum: item 0.p is a string, not a number");
  BOOST_TEST(render_error("{{join x}}", {{"x", {{"k", 1}}}}).code == "helper_error");
  BOOST_TEST(render_error("{{#each s}}x{{/each}}", {{"s", "text"}}).message ==
             "each needs a list or an object, got a string");
  // An exponent cannot ask for a billion digits: it goes through a double.
  BOOST_TEST(render_error("{{number \"1e999999999\"}}").message == "number needs a number, got a string");
  BOOST_TEST(render("{{number \"1e3\"}}") == "1,000");
}

BOOST_AUTO_TEST_CASE(results_that_grow_with_input_respect_the_output_limit) {
  s2d::tmpl::test::Options o;
  o.limits.max_output_bytes = 1000;
  json d = {{"list", json::array()}};
  for (int i = 0; i < 100; ++i) d["list"].push_back("item");
  // join of join multiplies: stopped while building, before it reaches the output.
  auto e = render_error("{{join list (join list (join list \"-\"))}}", d, o);
  BOOST_TEST(e.code == "limit_exceeded");
  BOOST_TEST(e.message == "join: result larger than 1000 bytes");
}

BOOST_AUTO_TEST_SUITE_END()
