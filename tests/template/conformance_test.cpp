// The official Mustache specification test vectors (../shared/conformance/
// mustache). The spec expects lenient lookups (a missing name is empty) and
// HTML escaping. When the folder is absent the run exits with 77, which
// CTest reports as skipped (SKIP_RETURN_CODE); a missing file skips its case.
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API
#include <boost/test/unit_test.hpp>

#include "renderers/template/template.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace {

namespace fs = std::filesystem;
namespace utf = boost::unit_test;

const fs::path kSpecDir = fs::path(S2D_SHARED_DIR) / "conformance" / "mustache";

int g_passed = 0;
int g_total = 0;

struct SpecFilePresent {
  std::string file;
  boost::test_tools::assertion_result operator()(utf::test_unit_id) const {
    if (fs::exists(kSpecDir / file)) return true;
    boost::test_tools::assertion_result missing(false);
    missing.message() << "Mustache spec file not found: " << (kSpecDir / file).string();
    return missing;
  }
};

std::string render_case(const nlohmann::json& test, s2d::tmpl::Error* error) {
  s2d::tmpl::CompileOptions options;
  options.strict = false;
  options.escape = s2d::tmpl::Escape::html;
  if (test.contains("partials"))
    for (const auto& [name, source] : test["partials"].items()) options.partials[name] = source.get<std::string>();
  auto compiled = s2d::tmpl::Template::compile(test["template"].get<std::string>(), options, error);
  if (!compiled) return "<compile error: " + error->message + ">";
  std::string out;
  if (!compiled->render(test["data"], {}, &out, error)) return "<render error: " + error->message + ">";
  return out;
}

void run_spec(const std::string& file) {
  std::ifstream in(kSpecDir / file);
  const nlohmann::json spec = nlohmann::json::parse(in);
  int passed = 0, total = 0;
  for (const auto& test : spec["tests"]) {
    ++total;
    BOOST_TEST_CONTEXT(file << ": " << test["name"].get<std::string>() << "\n  template: "
                            << test["template"].dump()) {
      s2d::tmpl::Error error;
      std::string out = render_case(test, &error);
      const std::string expected = test["expected"].get<std::string>();
      BOOST_TEST(out == expected);
      if (out == expected) ++passed;
    }
  }
  BOOST_TEST(total > 0);
  g_passed += passed;
  g_total += total;
  std::cout << "mustache spec " << file << ": " << passed << "/" << total << " passed" << std::endl;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mustache_spec)

#define S2D_SPEC_CASE(name, file) \
  BOOST_AUTO_TEST_CASE(name, *utf::precondition(SpecFilePresent{file})) { run_spec(file); }

S2D_SPEC_CASE(comments, "comments.json")
S2D_SPEC_CASE(delimiters, "delimiters.json")
S2D_SPEC_CASE(interpolation, "interpolation.json")
S2D_SPEC_CASE(inverted, "inverted.json")
S2D_SPEC_CASE(partials, "partials.json")
S2D_SPEC_CASE(sections, "sections.json")
S2D_SPEC_CASE(inheritance, "~inheritance.json")
S2D_SPEC_CASE(dynamic_names, "~dynamic-names.json")

BOOST_AUTO_TEST_SUITE_END()

bool init_unit_test() {
  utf::framework::master_test_suite().p_name.value = "template_conformance";
  return true;
}

int main(int argc, char* argv[]) {
  if (!fs::is_directory(kSpecDir)) {
    std::cout << "SKIPPED: the Mustache spec folder " << kSpecDir.string() << " is missing" << std::endl;
    return 77;
  }
  int status = utf::unit_test_main(&init_unit_test, argc, argv);
  std::cout << "mustache spec: " << g_passed << "/" << g_total << " tests passed" << std::endl;
  return status;
}
