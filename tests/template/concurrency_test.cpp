// One compiled template shared by many threads, and the compile cache.
#include "tests/template/template_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>
#include <vector>

using s2d::tmpl::test::json;

BOOST_AUTO_TEST_CASE(compile_cached_shares_one_tree_per_source_and_options) {
  s2d::tmpl::Error error;
  s2d::tmpl::CompileOptions html;
  auto a = s2d::tmpl::compile_cached("{{x}} cached", html, &error);
  auto b = s2d::tmpl::compile_cached("{{x}} cached", html, &error);
  BOOST_TEST_REQUIRE(a != nullptr);
  BOOST_TEST(a.get() == b.get());
  s2d::tmpl::CompileOptions markdown;
  markdown.escape = s2d::tmpl::Escape::markdown;
  BOOST_TEST(s2d::tmpl::compile_cached("{{x}} cached", markdown, &error).get() != a.get());
  s2d::tmpl::CompileOptions with_partial;
  with_partial.partials = {{"p", "x"}};
  BOOST_TEST(s2d::tmpl::compile_cached("{{x}} cached", with_partial, &error).get() != a.get());
  BOOST_TEST(s2d::tmpl::compile_cached("{{#x}}", html, &error) == nullptr);
  BOOST_TEST(error.code == "template_syntax_error");
}

BOOST_AUTO_TEST_CASE(many_threads_render_one_template) {
  s2d::tmpl::Error error;
  auto compiled = s2d::tmpl::Template::compile(
      "{{#each items}}{{@index}} {{upper name}} {{currency price \"EUR\"}} {{date when \"full\"}} "
      "{{percent rate}}\n{{/each}}",
      {}, &error);
  BOOST_TEST_REQUIRE(compiled != nullptr);
  json data = {{"items", json::array()}};
  for (int i = 0; i < 50; ++i)
    data["items"].push_back({{"name", "item" + std::to_string(i)}, {"price", i * 1.25}, {"rate", i / 100.0},
                             {"when", "2026-05-" + std::to_string(10 + i % 18) + "T10:00:00Z"}});
  const std::vector<std::string> locales = {"en-US", "de-DE", "fr-FR", "ja-JP"};
  std::vector<std::string> expected;
  for (const auto& locale : locales) {
    s2d::tmpl::RenderOptions options;
    options.locale = locale;
    std::string out;
    BOOST_TEST_REQUIRE(compiled->render(data, options, &out, &error));
    expected.push_back(out);
  }
  std::vector<int> mismatches(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      s2d::tmpl::RenderOptions options;
      options.locale = locales[t % locales.size()];
      s2d::tmpl::Error thread_error;
      for (int round = 0; round < 40; ++round) {
        std::string out;
        if (!compiled->render(data, options, &out, &thread_error) || out != expected[t % locales.size()])
          ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) BOOST_TEST(mismatches[t] == 0);
}
