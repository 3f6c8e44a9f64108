// The office formats through the renderers' facade, as a generation asks for them.
#include "renderers/render.hpp"
#include "tests/office/package_reader.hpp"

#include <boost/test/unit_test.hpp>

#include <map>

namespace s2d::office_test {

BOOST_AUTO_TEST_SUITE(facade)

BOOST_AUTO_TEST_CASE(every_office_format_comes_back_with_its_content_type) {
  render::Request request;
  request.source =
      "---\ntitle: Deck\nslides:\n  aspect: \"4:3\"\n---\n# {{name}}\n\nOpening line\n\n---\n\n## Numbers\n\n"
      "| a | b |\n|---|--:|\n{{#each rows}}\n| {{label}} | {{value}} |\n{{/each}}\n\n```notes\nsay hi\n```\n";
  request.data = {{"name", "Quarterly <review>"}, {"rows", {{{"label", "x"}, {"value", 1}}, {{"label", "y"}, {"value", 2}}}}};
  request.formats = {"docx", "pptx", "xlsx", "html", "txt", "md"};
  request.deterministic = true;
  const auto result = render::render(request);
  BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->message : ""));
  BOOST_REQUIRE(result.outputs.size() == 6);
  const std::map<std::string, std::string> types = {
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"html", "text/html; charset=utf-8"},
      {"txt", "text/plain; charset=utf-8"},
      {"md", "text/markdown; charset=utf-8"}};
  for (const auto& output : result.outputs) {
    BOOST_TEST(output.content_type == types.at(output.format), output.format);
    BOOST_TEST(!output.bytes.empty(), output.format);
  }
  const auto& deck = result.outputs[1];
  BOOST_TEST(deck.pages == 2);
  const auto package = sound_package(deck.bytes);
  BOOST_TEST(package.has("ppt/notesSlides/notesSlide2.xml"));
  BOOST_TEST(package.xml("ppt/presentation.xml")->select_node("//p:sldSz").node().attribute("cx").as_llong() == 9144000);
  const auto workbook = sound_package(result.outputs[2].bytes);
  BOOST_TEST(all_text(workbook.xml("xl/worksheets/sheet1.xml")->document_element(), "v") == "12");
  BOOST_TEST(result.outputs[3].bytes.find("<h1>Quarterly &lt;review&gt;</h1>") != std::string::npos);
  BOOST_TEST(result.outputs[4].bytes.rfind("Quarterly <review>\n==================\n", 0) == 0);

  // Equal requests give equal bytes.
  const auto again = render::render(request);
  for (std::size_t i = 0; i < again.outputs.size(); ++i)
    BOOST_TEST(again.outputs[i].bytes == result.outputs[i].bytes, again.outputs[i].format);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace s2d::office_test
