#include <boost/test/unit_test.hpp>

#include "http/openapi.hpp"
#include "http/routes.hpp"

#include <algorithm>
#include <cctype>
#include <set>

using namespace s2d;

namespace {
// "/v1/generations/:id" -> "/v1/generations/{id}"
std::string openapi_path(std::string path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != ':') {
      out += path[i];
      continue;
    }
    std::size_t end = path.find('/', i);
    if (end == std::string::npos) end = path.size();
    out += "{" + path.substr(i + 1, end - i - 1) + "}";
    i = end - 1;
  }
  return out;
}
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(openapi_document)

BOOST_AUTO_TEST_CASE(every_route_is_documented_with_its_operation_id) {
  const auto& doc = http::openapi_document();
  BOOST_TEST(doc["openapi"] == "3.1.0");
  for (const auto& route : http::routes()) {
    BOOST_TEST_CONTEXT(route.method << " " << route.path) {
      auto pointer = nlohmann::json::json_pointer("/paths") / openapi_path(route.path) / lower(route.method);
      BOOST_REQUIRE(doc.contains(pointer));
      BOOST_TEST(doc[pointer]["operationId"] == route.name);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_documented_operation_is_routed) {
  std::set<std::string> routed;
  for (const auto& route : http::routes()) routed.insert(route.name);
  for (const auto& [path, item] : http::openapi_document()["paths"].items())
    for (const auto& [method, operation] : item.items())
      if (operation.contains("operationId"))
        BOOST_TEST_CONTEXT(method << " " << path) { BOOST_TEST(routed.count(operation["operationId"].get<std::string>()) == 1u); }
}

// What the front gives any authenticated call before its handler runs: 431
// for an oversized header section, 415 for a body of another media type,
// 507 for a state-changing request below the free-space floor.
BOOST_AUTO_TEST_CASE(authenticated_operations_document_the_edge_answers) {
  for (const auto& [path, item] : http::openapi_document()["paths"].items())
    for (const auto& [method, operation] : item.items()) {
      if (!operation.contains("responses") || !operation["responses"].contains("401")) continue;
      const auto& responses = operation["responses"];
      BOOST_TEST_CONTEXT(method << " " << path) {
        BOOST_TEST(responses.contains("431"));
        if (operation.contains("requestBody")) BOOST_TEST(responses.contains("415"));
        if (method != "get") BOOST_TEST(responses.contains("507"));
      }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(route_matching)

BOOST_AUTO_TEST_CASE(literal_and_parameter_segments) {
  auto m = http::match_route("GET", "/v1/generations/gen_123");
  BOOST_REQUIRE(m.route);
  BOOST_TEST(std::string(m.route->name) == "generations.get");
  BOOST_TEST(m.params.at("id") == "gen_123");
  m = http::match_route("POST", "/v1/generations/gen_123/cancel");
  BOOST_REQUIRE(m.route);
  BOOST_TEST(std::string(m.route->name) == "generations.cancel");
  BOOST_TEST(std::string(http::match_route("GET", "/v1/generations").route->name) == "generations.list");
}

BOOST_AUTO_TEST_CASE(unknown_paths_methods_and_empty_segments_do_not_match) {
  BOOST_TEST(!http::match_route("GET", "/v1/generations/").route);
  BOOST_TEST(!http::match_route("DELETE", "/v1/generations/gen_1").route);
  BOOST_TEST(!http::match_route("GET", "/v2/generations").route);
  BOOST_TEST(!http::match_route("GET", "/v1/generations/gen_1/extra").route);
  BOOST_TEST(!http::match_route("GET", "").route);
}

BOOST_AUTO_TEST_SUITE_END()
