// The console's routes: which paths it answers, with which headers; the
// rest falls through to the API's route table.
#include <boost/test/unit_test.hpp>

#include "http/console.hpp"

using namespace s2d::http;

namespace {
std::string header(const Outgoing& out, const std::string& name) {
  for (const auto& [key, value] : out.headers)
    if (key == name) return value;
  return "";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(console_routes)

BOOST_AUTO_TEST_CASE(root_and_bare_console_redirect_to_the_page) {
  for (const char* path : {"/", "/console"}) {
    auto out = console_response("GET", path);
    BOOST_REQUIRE(out);
    BOOST_TEST(out->status == 302);
    BOOST_TEST(header(*out, "Location") == "/console/");
  }
}

BOOST_AUTO_TEST_CASE(the_page_and_assets_carry_the_security_headers) {
  for (const auto& [path, type] : {std::pair{"/console/", "text/html; charset=utf-8"},
                                   std::pair{"/console/app.js", "text/javascript; charset=utf-8"},
                                   std::pair{"/console/app.css", "text/css; charset=utf-8"}}) {
    auto out = console_response("GET", path);
    BOOST_REQUIRE_MESSAGE(out, path);
    BOOST_TEST(out->status == 200);
    BOOST_TEST(out->content_type == type);
    BOOST_TEST(!out->body.empty());
    BOOST_TEST(header(*out, "X-Content-Type-Options") == "nosniff");
    const auto csp = header(*out, "Content-Security-Policy");
    BOOST_TEST(csp.find("frame-ancestors 'none'") != std::string::npos);
    BOOST_TEST(csp.find("script-src 'self'") != std::string::npos);
    BOOST_TEST(csp.find("unsafe") == std::string::npos);
  }
  BOOST_TEST(console_response("GET", "/console/")->body.find("/console/app.js") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(other_paths_and_methods_are_left_to_the_api) {
  for (const char* path : {"/console/nope.js", "/console/../v1/templates", "/consolex", "/console//app.js", "/v1/templates",
                           "/console/app.js/", "/CONSOLE/"})
    BOOST_TEST(!console_response("GET", path), path);
  for (const char* method : {"POST", "PUT", "DELETE", "HEAD", "get"})
    BOOST_TEST(!console_response(method, "/console/"), method);
}

BOOST_AUTO_TEST_SUITE_END()
