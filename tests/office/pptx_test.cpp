// PPTX: slide splitting, titles, layouts, bullets, tables, pictures, notes,
// aspect ratio and package soundness.
#include "renderers/ooxml/office.hpp"
#include "tests/office/package_reader.hpp"
#include "tests/office/sample_documents.hpp"

#include <boost/test/unit_test.hpp>

namespace s2d::office_test {
namespace {

using Kind = doc::Block::Kind;

PackageReader pptx_of(const doc::Document& document) {
  return sound_package(office::render_pptx(document, office::Options{true}));
}

std::string slide(int number) { return "ppt/slides/slide" + std::to_string(number) + ".xml"; }

std::size_t slide_count(const PackageReader& package) {
  return package.xml("ppt/presentation.xml")->select_nodes("//p:sldIdLst/p:sldId").size();
}

std::string title_of(const PackageReader& package, int number) {
  const auto xml = package.xml(slide(number));
  const auto title = xml->select_node("//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='title' or @type='ctrTitle']]").node();
  return all_text(title, "a:t");
}

std::string layout_of(const PackageReader& package, int number) {
  const auto rels = package.xml("ppt/slides/_rels/slide" + std::to_string(number) + ".xml.rels");
  return rels->select_node("//Relationship[contains(@Type,'slideLayout')]").node().attribute("Target").value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pptx)

BOOST_AUTO_TEST_CASE(each_rule_starts_a_slide_titled_by_its_first_heading) {
  const auto package = pptx_of(deck_document());
  BOOST_TEST(slide_count(package) == 5);
  const char* titles[] = {"Q3 business review", "Highlights", "Revenue by region", "Network growth", "Thank you"};
  for (int i = 1; i <= 5; ++i) BOOST_TEST(title_of(package, i) == titles[i - 1]);
  BOOST_TEST(layout_of(package, 1) == "../slideLayouts/slideLayout1.xml");  // title slide
  BOOST_TEST(layout_of(package, 2) == "../slideLayouts/slideLayout2.xml");
  BOOST_TEST(layout_of(package, 5) == "../slideLayouts/slideLayout1.xml");  // title only: section slide
  const auto opening = package.xml(slide(1));
  BOOST_TEST(opening->select_nodes("//p:cSld/p:bg").size() == 1);
  BOOST_TEST(all_text(opening->select_node("//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='subTitle']]").node(), "a:t") ==
             "Quokka Logistics \u00B7 October 2026");
}

BOOST_AUTO_TEST_CASE(lists_become_bullets_with_levels) {
  const auto package = pptx_of(deck_document());
  const auto xml = package.xml(slide(2));
  const auto paragraphs = xml->select_nodes("//p:sp[p:nvSpPr/p:nvPr/p:ph[@idx='1']]//a:p");
  BOOST_REQUIRE(paragraphs.size() == 6);
  BOOST_TEST(paragraphs[0].node().select_nodes("a:pPr/a:buChar").size() == 1);
  BOOST_TEST(std::string(paragraphs[1].node().select_node("a:pPr/a:buAutoNum").node().attribute("type").value()) ==
             "alphaLcPeriod");
  BOOST_TEST(paragraphs[1].node().child("a:pPr").attribute("marL").as_llong() >
             paragraphs[0].node().child("a:pPr").attribute("marL").as_llong());
  BOOST_TEST(paragraphs[3].node().child("a:pPr").attribute("marL").as_llong() >
             paragraphs[1].node().child("a:pPr").attribute("marL").as_llong());
  BOOST_TEST(all_text(paragraphs[4].node(), "a:t") == "Costs held flat");
  BOOST_TEST(paragraphs[4].node().select_nodes("a:pPr/a:buChar").size() == 1);
  // The item's second paragraph continues under it, without a bullet.
  BOOST_TEST(all_text(paragraphs[5].node(), "a:t") == "A second paragraph inside the item.");
  BOOST_TEST(paragraphs[5].node().select_nodes("a:pPr/a:buNone").size() == 1);
}

BOOST_AUTO_TEST_CASE(tables_become_powerpoint_tables_with_a_header_band) {
  const auto package = pptx_of(deck_document());
  const auto xml = package.xml(slide(3));
  const auto table = xml->select_node("//a:tbl").node();
  BOOST_REQUIRE(table);
  BOOST_TEST(table.select_nodes("a:tblGrid/a:gridCol").size() == 4);
  const auto rows = table.select_nodes("a:tr");
  BOOST_REQUIRE(rows.size() == 5);
  BOOST_TEST(all_text(rows[0].node(), "a:t") == "RegionQ2Q3Change");
  BOOST_TEST(std::string(rows[0].node().select_node("a:tc/a:tcPr/a:solidFill/a:srgbClr").node().attribute("val").value()) ==
             "0B3D91");
  BOOST_TEST(std::string(rows[1].node().select_node("a:tc[2]//a:pPr").node().attribute("algn").value()) == "r");
  long long width = 0;
  for (const auto& column : table.select_nodes("a:tblGrid/a:gridCol")) width += column.node().attribute("w").as_llong();
  const auto frame = xml->select_node("//p:graphicFrame/p:xfrm/a:ext").node();
  BOOST_TEST(width == frame.attribute("cx").as_llong());
}

BOOST_AUTO_TEST_CASE(pictures_are_scaled_into_the_slide_with_their_relationship) {
  const auto package = pptx_of(deck_document());
  const auto xml = package.xml(slide(4));
  const auto picture = xml->select_node("//p:pic").node();
  BOOST_REQUIRE(picture);
  const auto extent = picture.select_node("p:spPr/a:xfrm/a:ext").node();
  const long long cx = extent.attribute("cx").as_llong(), cy = extent.attribute("cy").as_llong();
  BOOST_TEST(cx > 160 * 9525);  // scaled up from its 160 px
  BOOST_TEST(std::abs(cy * 160 - cx * 90) < 160 * 2);
  const auto offset = picture.select_node("p:spPr/a:xfrm/a:off").node();
  BOOST_TEST(offset.attribute("x").as_llong() + cx <= 12192000);
  BOOST_TEST(package.has("ppt/media/image1.png"));
}

BOOST_AUTO_TEST_CASE(speaker_notes_from_fenced_blocks_and_notes_paragraphs) {
  doc::Document deck = deck_document();
  deck.blocks.push_back(paragraph({run("Visible line")}));
  deck.blocks.push_back(paragraph({run("Notes: thank the team")}));
  deck.blocks.push_back(paragraph({run("and the customers")}));
  const auto package = pptx_of(deck);
  BOOST_TEST(package.has("ppt/notesSlides/notesSlide2.xml"));
  BOOST_TEST(package.has("ppt/notesMasters/notesMaster1.xml"));
  BOOST_TEST(!package.has("ppt/notesSlides/notesSlide1.xml"));
  BOOST_TEST(all_text(package.xml("ppt/notesSlides/notesSlide2.xml")->document_element(), "a:t") ==
             "Open with the EMEA number; it is the headline.");
  BOOST_TEST(all_text(package.xml("ppt/notesSlides/notesSlide5.xml")->document_element(), "a:t") ==
             "thank the teamand the customers");
  const std::string last_slide = all_text(package.xml(slide(5))->document_element(), "a:t");
  BOOST_TEST(last_slide.find("Visible line") != std::string::npos);
  BOOST_TEST(last_slide.find("thank the team") == std::string::npos);
  BOOST_TEST(package.xml("ppt/presentation.xml")->select_nodes("//p:notesMasterIdLst/p:notesMasterId").size() == 1);
}

BOOST_AUTO_TEST_CASE(aspect_ratio_follows_the_front_matter) {
  const auto wide = pptx_of(deck_document(false));
  const auto wide_size = wide.xml("ppt/presentation.xml")->select_node("//p:sldSz").node();
  BOOST_TEST(wide_size.attribute("cx").as_llong() == 12192000);
  BOOST_TEST(wide_size.attribute("cy").as_llong() == 6858000);
  const auto classic = pptx_of(deck_document(true));
  const auto classic_size = classic.xml("ppt/presentation.xml")->select_node("//p:sldSz").node();
  BOOST_TEST(classic_size.attribute("cx").as_llong() == 9144000);
  BOOST_TEST(std::string(classic_size.attribute("type").value()) == "screen4x3");
  // Every shape stays on the narrower slide.
  for (int i = 1; i <= 5; ++i) {
    const auto xml = classic.xml(slide(i));
    for (const auto& node : xml->select_nodes("//a:xfrm[a:off] | //p:xfrm[a:off]")) {
      const long long right = node.node().child("a:off").attribute("x").as_llong() +
                              node.node().child("a:ext").attribute("cx").as_llong();
      BOOST_TEST(right <= 9144000, "slide " << i);
    }
  }
}

BOOST_AUTO_TEST_CASE(theme_colors_and_fonts_come_from_the_document) {
  doc::Document deck = deck_document();
  deck.theme.headings = "#aa2200";
  deck.fonts.headings = "Noto Serif";
  const auto package = pptx_of(deck);
  const auto theme = package.xml("ppt/theme/theme1.xml");
  BOOST_TEST(std::string(theme->select_node("//a:dk2/a:srgbClr").node().attribute("val").value()) == "AA2200");
  BOOST_TEST(std::string(theme->select_node("//a:majorFont/a:latin").node().attribute("typeface").value()) ==
             "Noto Serif");
  const auto title = package.xml(slide(2))->select_node("//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='title']]//a:rPr").node();
  BOOST_TEST(std::string(title.select_node("a:solidFill/a:srgbClr").node().attribute("val").value()) == "AA2200");
  BOOST_TEST(std::string(title.child("a:latin").attribute("typeface").value()) == "Noto Serif");
}

BOOST_AUTO_TEST_CASE(links_get_slide_relationships) {
  doc::Document deck;
  deck.blocks.push_back(heading(2, "Links"));
  deck.blocks.push_back(paragraph({run("site", doc::plain, "https://example.com/x"), run(" and "),
                                   run("bad", doc::plain, "javascript:alert(1)")}));
  const auto package = pptx_of(deck);
  const auto xml = package.xml(slide(1));
  BOOST_TEST(xml->select_nodes("//a:hlinkClick").size() == 1);
  const auto rels = package.xml("ppt/slides/_rels/slide1.xml.rels");
  BOOST_TEST(rels->select_nodes("//Relationship[@Target='https://example.com/x'][@TargetMode='External']").size() == 1);
}

BOOST_AUTO_TEST_CASE(documents_without_rules_or_content_still_make_decks) {
  const auto empty = pptx_of(doc::Document{});
  BOOST_TEST(slide_count(empty) == 1);
  doc::Document report;  // one rule and one page break
  report.blocks = {heading(1, "One"), block_of(Kind::rule), heading(2, "Two"), paragraph({run("text")}),
                   block_of(Kind::page_break), heading(2, "Three"), paragraph({run("more")})};
  BOOST_TEST(slide_count(pptx_of(report)) == 3);
  doc::Document leading_rule;
  leading_rule.blocks.push_back(block_of(Kind::rule));
  leading_rule.blocks.push_back(heading(1, "Only"));
  leading_rule.blocks.push_back(block_of(Kind::rule));
  BOOST_TEST(slide_count(pptx_of(leading_rule)) == 1);
}

BOOST_AUTO_TEST_CASE(content_too_tall_for_a_slide_continues_with_the_header_row_repeated) {
  std::vector<std::vector<std::string>> rows = {{"Item", "Qty"}};
  for (int i = 1; i <= 40; ++i) rows.push_back({"Widget " + std::to_string(i), std::to_string(i)});
  doc::Document deck;
  deck.blocks = {heading(2, "Items"), paragraph({run("All forty of them.")}), table(rows), block_of(Kind::rule),
                 heading(2, "After")};
  deck.blocks.push_back(block_of(Kind::notes));
  deck.blocks.back().children.push_back(paragraph({run("last words")}));
  const auto package = pptx_of(deck);
  const auto count = slide_count(package);
  BOOST_REQUIRE(count >= 3u);
  std::size_t data_rows = 0;
  for (std::size_t i = 1; i < count; ++i) {
    const std::string title = title_of(package, static_cast<int>(i));
    BOOST_TEST(title == "Items (" + std::to_string(i) + "/" + std::to_string(count - 1) + ")");
    const auto rows_here = package.xml(slide(static_cast<int>(i)))->select_nodes("//a:tbl/a:tr");
    BOOST_REQUIRE(rows_here.size() >= 2u);
    BOOST_TEST(all_text(rows_here[0].node(), "a:t") == "ItemQty");
    data_rows += rows_here.size() - 1;
    // every row stays on the slide
    const auto frame = package.xml(slide(static_cast<int>(i)))->select_node("//p:graphicFrame/p:xfrm").node();
    BOOST_TEST(frame.child("a:off").attribute("y").as_llong() + frame.child("a:ext").attribute("cy").as_llong() <= 6858000);
  }
  BOOST_TEST(data_rows == 40u);
  BOOST_TEST(title_of(package, static_cast<int>(count)) == "After");
  BOOST_TEST(package.has("ppt/notesSlides/notesSlide" + std::to_string(count) + ".xml"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace s2d::office_test
