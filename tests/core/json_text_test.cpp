#include <boost/test/unit_test.hpp>

#include "core/json_text.hpp"
#include "core/redact.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace s2d;

namespace {

std::string nested_arrays(int depth) { return std::string(std::size_t(depth), '[') + std::string(std::size_t(depth), ']'); }

}  // namespace

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(nesting_up_to_the_bound_parses_and_one_more_level_is_refused_with_its_position) {
  nlohmann::json value;
  BOOST_TEST(!parse_json(nested_arrays(64), &value, 64));
  BOOST_TEST(value.is_array());
  auto problem = parse_json(R"({"data":)" + nested_arrays(65) + "}", &value, 64);
  BOOST_REQUIRE(problem);
  BOOST_TEST(problem->max_depth == 64);
  BOOST_REQUIRE(problem->position);
  BOOST_TEST(*problem->position == 8u + 63u);  // the 65th container opens at the 64th '['
  BOOST_TEST(problem->message.find("64") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(eighty_thousand_levels_are_refused_without_touching_the_stack) {
  nlohmann::json value;
  auto problem = parse_json(nested_arrays(80'000), &value, 64);
  BOOST_REQUIRE(problem);
  BOOST_TEST(problem->max_depth == 64);
  auto error = invalid_json(*problem);
  BOOST_TEST(error.status == 400);
  BOOST_TEST(error.code == "invalid_json");
  BOOST_TEST(error.extra["max_depth"] == 64);
  BOOST_TEST(error.extra["position"] == 64);
}

BOOST_AUTO_TEST_CASE(brackets_inside_strings_do_not_count) {
  nlohmann::json value;
  BOOST_TEST(!parse_json(R"(["[[[[[\"[[[["])", &value, 2));
  BOOST_TEST(value[0] == "[[[[[\"[[[[");
}

BOOST_AUTO_TEST_CASE(numbers_out_of_range_are_errors_not_exceptions) {
  nlohmann::json value;
  for (const std::string& text : std::vector<std::string>{"1e400", "-1e400", std::string(401, '9'), R"({"options":{"url_ttl_seconds":1e400}})"}) {
    auto problem = parse_json(text, &value, 64);
    BOOST_REQUIRE_MESSAGE(problem, text);
    BOOST_TEST(problem->message.find("number overflow") != std::string::npos, problem->message);
    BOOST_TEST(problem->message.find("[json.exception") == std::string::npos);
  }
  BOOST_TEST(!parse_json("18446744073709551615", &value, 64));
  BOOST_TEST(value.is_number_unsigned());
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_refused_and_the_message_is_valid_utf8) {
  nlohmann::json value;
  auto problem = parse_json("{\"name\":\"\xff\xfe\"}", &value, 64);
  BOOST_REQUIRE(problem);
  BOOST_TEST(problem->position.has_value());
  // The message quotes the bytes it read; it must still dump as JSON.
  BOOST_CHECK_NO_THROW(error_envelope(invalid_json(*problem), "req_1").dump());
}

BOOST_AUTO_TEST_CASE(a_repeated_key_is_named) {
  nlohmann::json value;
  auto problem = parse_json(R"({"outputs":["pdf"],"nested":{"a":1,"a":2}})", &value, 64);
  BOOST_REQUIRE(problem);
  BOOST_TEST(problem->key == "a");
  BOOST_TEST(invalid_json(*problem).extra["key"] == "a");
  BOOST_TEST(!parse_json(R"([{"a":1},{"a":2}])", &value, 64));  // the same key in two objects is fine
}

BOOST_AUTO_TEST_CASE(only_whitespace_may_follow_the_value) {
  nlohmann::json value;
  BOOST_TEST(!parse_json(" {\"a\":1} \r\n\t", &value, 64));
  auto nul = parse_json(std::string("{\"a\":1}\0{\"b\":2}", 15), &value, 64);
  BOOST_REQUIRE(nul);
  BOOST_TEST(*nul->position == 7u);
  BOOST_TEST(parse_json(R"({"a":1} {"b":2})", &value, 64).has_value());
  BOOST_TEST(parse_json(R"({"a":1}x)", &value, 64).has_value());
}

BOOST_AUTO_TEST_CASE(the_process_bound_applies_by_default_and_stored_records_get_a_margin) {
  set_json_max_depth(8);
  nlohmann::json value;
  BOOST_TEST(parse_json(nested_arrays(9), &value).has_value());
  BOOST_TEST(!parse_stored_json(nested_arrays(8 + kStoredJsonMargin), &value));
  BOOST_TEST(parse_stored_json(nested_arrays(9 + kStoredJsonMargin), &value).has_value());
  set_json_max_depth(kDefaultJsonDepth);
}

BOOST_AUTO_TEST_CASE(redaction_of_a_deep_body_masks_it_as_text_instead_of_recursing) {
  const auto body = R"({"password":"hunter2","data":)" + nested_arrays(200'000) + "}";
  const auto logged = redact_body(body, 256);
  BOOST_TEST(logged.size() <= 256u + 32u);
}

BOOST_AUTO_TEST_SUITE_END()
