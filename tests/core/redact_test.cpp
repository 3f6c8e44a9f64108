#include <boost/test/unit_test.hpp>

#include "core/redact.hpp"

#include <nlohmann/json.hpp>

using namespace s2d;

BOOST_AUTO_TEST_SUITE(redaction)

BOOST_AUTO_TEST_CASE(secret_fields_are_replaced_at_any_depth) {
  auto out = nlohmann::json::parse(redact_body(
      R"({"name":"pg","connection_string":"postgres://u:pw@h/db","headers":{"X-Token":"abc"},
          "nested":[{"password":"hunter2","keep":"yes"}],"api_key":{"id":"key_1","secret":"s2d_live_x"}})",
      16384));
  BOOST_TEST(out["connection_string"] == kRedacted);
  BOOST_TEST(out["headers"] == kRedacted);
  BOOST_TEST(out["nested"][0]["password"] == kRedacted);
  BOOST_TEST(out["nested"][0]["keep"] == "yes");
  BOOST_TEST(out["api_key"]["id"] == "key_1");
  BOOST_TEST(out["api_key"]["secret"] == kRedacted);
  BOOST_TEST(out["name"] == "pg");
}

BOOST_AUTO_TEST_CASE(key_shaped_tokens_are_replaced_anywhere) {
  auto text = redact_body("key=s2d_live_AbC123 and whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw= end", 1000);
  BOOST_TEST(text == "key=[REDACTED] and [REDACTED] end");
  auto json = nlohmann::json::parse(redact_body(R"({"note":"use s2d_live_AbC123 please"})", 1000));
  BOOST_TEST(json["note"] == "use [REDACTED] please");
}

BOOST_AUTO_TEST_CASE(bodies_are_cut_on_a_utf8_boundary) {
  std::string body(20, 'a');
  body += "\xc3\xa9\xc3\xa9";  // two 2-byte characters
  auto out = redact_body(body, 21);
  BOOST_TEST(out.rfind(std::string(20, 'a') + "...[truncated, 24 bytes]", 0) == 0u);
  BOOST_TEST(redact_body("", 10).empty());
  BOOST_TEST(redact_body(std::string("\x89PNG\r\n\x1a\n", 8), 100) == "[binary body, 8 bytes]");
  BOOST_TEST(redact_body(R"({"a":1})", 100) == R"({"a":1})");
}

BOOST_AUTO_TEST_SUITE_END()
