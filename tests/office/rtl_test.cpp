// Right-to-left documents (Arabic, Hebrew, ...): every format mirrors.
#include "renderers/html/html.hpp"
#include "renderers/ooxml/office.hpp"
#include "tests/office/package_reader.hpp"
#include "tests/office/sample_documents.hpp"

#include <boost/test/unit_test.hpp>

namespace s2d::office_test {
namespace {

doc::Document arabic_document() {
  doc::Document document;
  document.locale = "ar";
  document.header = "شركة كوكا | خطاب رسمي";
  document.blocks.push_back(heading(1, "تأكيد طلب الشحن"));
  document.blocks.push_back(paragraph({run("تحية طيبة "), run("Quokka", doc::bold)}));
  document.blocks.push_back(table({{"البند", "المبلغ"}, {"حاوية", "4,860.00"}}));
  return document;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(right_to_left)

BOOST_AUTO_TEST_CASE(docx_paragraphs_tables_and_runs_run_right_to_left) {
  const auto package = sound_package(office::render_docx(arabic_document(), office::Options{true}));
  const auto styles = package.xml("word/styles.xml");
  BOOST_TEST(styles->select_nodes("//w:pPrDefault/w:pPr/w:bidi").size() == 1);
  BOOST_TEST(std::string(styles->select_node("//w:rPrDefault//w:lang").node().attribute("w:bidi").value()) == "ar");
  const auto document = package.xml("word/document.xml");
  BOOST_TEST(document->select_nodes("//w:tblPr/w:bidiVisual").size() == 1);
  BOOST_TEST(document->select_nodes("//w:r[w:rPr/w:rtl]/w:t[.='تحية طيبة ']").size() == 1);
  BOOST_TEST(document->select_nodes("//w:r[w:rPr/w:rtl]/w:t[.='Quokka']").empty());  // Latin runs stay left to right

  const auto english = sound_package(office::render_docx(showcase_document(), office::Options{true}));
  BOOST_TEST(english.xml("word/styles.xml")->select_nodes("//w:bidi").empty());
}

BOOST_AUTO_TEST_CASE(pptx_shapes_are_mirrored_and_paragraphs_right_aligned) {
  doc::Document document = arabic_document();
  document.blocks.insert(document.blocks.begin() + 2, paragraph({run("سطر")}));  // a content slide, not a title slide
  const auto package = sound_package(office::render_pptx(document, office::Options{true}));
  const auto slide = package.xml("ppt/slides/slide1.xml");
  const auto title = slide->select_node("//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='title']]").node();
  const auto offset = title.select_node("p:spPr/a:xfrm/a:off").node();
  const auto extent = title.select_node("p:spPr/a:xfrm/a:ext").node();
  const long long margin = offset.attribute("x").as_llong();
  BOOST_TEST(margin + extent.attribute("cx").as_llong() == 12192000 - 548640);  // the title hugs the right margin
  for (const auto& pr : slide->select_nodes("//p:txBody/a:p/a:pPr[@rtl='1']")) {
    const std::string align = pr.node().attribute("algn").value();
    BOOST_TEST((align == "r" || align == "l"));  // start (right) for text, end (left) for the slide number
  }
  BOOST_TEST(slide->select_nodes("//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='title']]//a:pPr[@rtl='1'][@algn='r']").size() == 1);
  BOOST_TEST(slide->select_nodes("//a:tbl/a:tblPr[@rtl='1']").size() == 1);
}

BOOST_AUTO_TEST_CASE(html_and_xlsx_know_the_direction) {
  const std::string page = s2d::html::render_html(arabic_document());
  BOOST_TEST(page.find("<html lang=\"ar\" dir=\"rtl\">") != std::string::npos);
  BOOST_TEST(page.find("@top-right{content:\"شركة كوكا\"") != std::string::npos);
  BOOST_TEST(page.find("@top-left{content:\"خطاب رسمي\"") != std::string::npos);
  const auto workbook = sound_package(office::render_xlsx(arabic_document(), office::Options{true}));
  BOOST_TEST(workbook.xml("xl/worksheets/sheet1.xml")->select_nodes("//sheetView[@rightToLeft='1']").size() == 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace s2d::office_test
