#define BOOST_TEST_MODULE http
#include <boost/test/unit_test.hpp>

#include "http/openapi.hpp"

using namespace s2d;
using nlohmann::json;

namespace {
std::optional<ApiError> check_generation(const char* body) {
  return http::validate_request_body("generations.create", json::parse(body));
}
}  // namespace

BOOST_AUTO_TEST_SUITE(body_validation)

BOOST_AUTO_TEST_CASE(a_valid_body_passes) {
  BOOST_TEST(!check_generation(R"({"template_id":"tpl_1","data":{"a":1},"outputs":["pdf","html"],
                                   "metadata":{"crm":"x"},"options":{"locale":"de-DE","url_ttl_seconds":60}})"));
}

BOOST_AUTO_TEST_CASE(missing_fields_are_named) {
  auto e = check_generation(R"({"outputs":["pdf"]})");
  BOOST_REQUIRE(e);
  BOOST_TEST(e->code == "parameter_missing");
  BOOST_TEST(e->param == "template_id");
  BOOST_TEST(e->status == 400);
}

BOOST_AUTO_TEST_CASE(unknown_fields_are_named_with_their_path) {
  auto e = check_generation(R"({"template_id":"t","outputs":["pdf"],"colour":"red"})");
  BOOST_REQUIRE(e);
  BOOST_TEST(e->code == "parameter_unknown");
  BOOST_TEST(e->param == "colour");
  e = check_generation(R"({"template_id":"t","outputs":["pdf"],"options":{"lang":"de"}})");
  BOOST_REQUIRE(e);
  BOOST_TEST(e->param == "options.lang");
}

BOOST_AUTO_TEST_CASE(wrong_types_and_bounds_are_invalid_parameters) {
  auto e = check_generation(R"({"template_id":7,"outputs":["pdf"]})");
  BOOST_REQUIRE(e);
  BOOST_TEST(e->code == "parameter_invalid");
  BOOST_TEST(e->param == "template_id");
  e = check_generation(R"({"template_id":"t","outputs":[]})");
  BOOST_REQUIRE(e);
  BOOST_TEST(e->param == "outputs");
  e = check_generation(R"({"template_id":"t","outputs":["pdf", 3]})");
  BOOST_REQUIRE(e);
  BOOST_TEST(e->param == "outputs[1]");
  e = check_generation(R"({"template_id":"t","outputs":["pdf"],"metadata":{"n":1}})");
  BOOST_REQUIRE(e);
  BOOST_TEST(e->param == "metadata.n");
  e = check_generation(R"({"template_id":"t","outputs":["pdf"],"options":{"url_ttl_seconds":0}})");
  BOOST_REQUIRE(e);
  BOOST_TEST(e->param == "options.url_ttl_seconds");
  e = check_generation(R"([1,2])");
  BOOST_REQUIRE(e);
  BOOST_TEST(e->message == "The body must be object.");
}

BOOST_AUTO_TEST_CASE(an_empty_patch_is_refused) {
  auto e = http::validate_request_body("workspace.update", json::object());
  BOOST_REQUIRE(e);
  BOOST_TEST(e->code == "parameter_invalid");
  BOOST_TEST(!http::validate_request_body("workspace.update", json{{"retention_days", 30}}));
}

BOOST_AUTO_TEST_SUITE_END()
