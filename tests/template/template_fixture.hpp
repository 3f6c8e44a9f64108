#pragma once
// Small helpers for the template tests: compile + render in one call, and
// the error of a template that must fail.

#include "renderers/template/template.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace s2d::tmpl::test {

using nlohmann::json;

struct Options {
  Escape escape = Escape::html;
  bool strict = true;
  std::map<std::string, std::string> partials;
  std::string locale = "en-US";
  std::string timezone = "UTC";
  Limits limits;
  int first_line = 1;
};

inline CompileOptions compile_options(const Options& o) {
  CompileOptions c;
  c.escape = o.escape;
  c.strict = o.strict;
  c.partials = o.partials;
  c.first_line = o.first_line;
  return c;
}

inline RenderOptions render_options(const Options& o) {
  RenderOptions r;
  r.locale = o.locale;
  r.timezone = o.timezone;
  r.limits = o.limits;
  return r;
}

// Renders and requires success; returns the output.
inline std::string render(const std::string& source, const json& data = json::object(), const Options& o = {}) {
  Error error;
  auto compiled = Template::compile(source, compile_options(o), &error);
  BOOST_TEST_REQUIRE(compiled != nullptr, "compile failed: " << error.message << " at " << error.line << ":"
                                                             << error.column << " in " << source);
  std::string out;
  bool ok = compiled->render(data, render_options(o), &out, &error);
  BOOST_TEST_REQUIRE(ok, "render failed: " << error.code << ": " << error.message << " in " << source);
  return out;
}

// The compile error of a template that must not compile.
inline Error compile_error(const std::string& source, const Options& o = {}) {
  Error error;
  auto compiled = Template::compile(source, compile_options(o), &error);
  BOOST_TEST_REQUIRE(compiled == nullptr, "expected a compile error for " << source);
  return error;
}

// The render error of a template that compiles but must fail to render.
inline Error render_error(const std::string& source, const json& data = json::object(), const Options& o = {}) {
  Error error;
  auto compiled = Template::compile(source, compile_options(o), &error);
  BOOST_TEST_REQUIRE(compiled != nullptr, "compile failed: " << error.message);
  std::string out;
  bool ok = compiled->render(data, render_options(o), &out, &error);
  BOOST_TEST_REQUIRE(!ok, "expected a render error for " << source << ", got: " << out);
  BOOST_TEST(out.empty());
  return error;
}

}  // namespace s2d::tmpl::test
