#include <boost/test/unit_test.hpp>

#include "policies/idempotency.hpp"

using namespace s2d;

BOOST_AUTO_TEST_SUITE(idempotency_rules)

BOOST_AUTO_TEST_CASE(keys_are_1_to_255_printable_ascii) {
  BOOST_TEST(valid_idempotency_key("account-42-qbr-q3-2026"));
  BOOST_TEST(valid_idempotency_key(std::string(255, 'k')));
  BOOST_TEST(!valid_idempotency_key(""));
  BOOST_TEST(!valid_idempotency_key(std::string(256, 'k')));
  BOOST_TEST(!valid_idempotency_key("tab\tkey"));
  BOOST_TEST(!valid_idempotency_key("caf\xc3\xa9"));
}

BOOST_AUTO_TEST_CASE(fingerprint_ignores_key_order_and_whitespace_but_not_values) {
  ApiCall a, b, c;
  a.method = b.method = c.method = "POST";
  a.route = b.route = c.route = "generations.create";
  a.path = b.path = c.path = "/v1/generations";
  a.body = nlohmann::json::parse(R"({"template_id":"tpl_1","outputs":["pdf"]})");
  b.body = nlohmann::json::parse(R"({ "outputs" : ["pdf"], "template_id" : "tpl_1" })");
  c.body = nlohmann::json::parse(R"({"template_id":"tpl_1","outputs":["docx"]})");
  BOOST_TEST(request_fingerprint(a) == request_fingerprint(b));
  BOOST_TEST(request_fingerprint(a) != request_fingerprint(c));
  b.path = "/v1/templates";
  BOOST_TEST(request_fingerprint(a) != request_fingerprint(b));
}

BOOST_AUTO_TEST_SUITE_END()
