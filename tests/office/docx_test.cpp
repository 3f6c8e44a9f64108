// DOCX: package soundness, Word styles, numbering, tables, images, page setup,
// header/footer fields, determinism and hostile text.
#include "renderers/ooxml/office.hpp"
#include "tests/office/package_reader.hpp"
#include "tests/office/sample_documents.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

namespace s2d::office_test {
namespace {

using Kind = doc::Block::Kind;

const office::Options kDeterministic{true};

PackageReader docx_of(const doc::Document& document) {
  return sound_package(office::render_docx(document, kDeterministic));
}

// The styles (w:pStyle) of the body's paragraphs, in order.
std::vector<std::string> paragraph_styles(const pugi::xml_document& document) {
  std::vector<std::string> styles;
  for (const auto& node : document.select_nodes("//w:body/w:p/w:pPr/w:pStyle"))
    styles.push_back(node.node().attribute("w:val").value());
  return styles;
}

std::string style_name(const PackageReader& package, const std::string& id) {
  const auto styles = package.xml("word/styles.xml");
  const std::string query = "//w:style[@w:styleId='" + id + "']/w:name";
  return styles->select_node(query.c_str()).node().attribute("w:val").value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(docx)

BOOST_AUTO_TEST_CASE(showcase_is_a_sound_package_with_real_word_styles) {
  const auto package = docx_of(showcase_document());
  const auto document = package.xml("word/document.xml");
  const auto styles = paragraph_styles(*document);
  const std::set<std::string> used(styles.begin(), styles.end());
  for (const char* id : {"Title", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6", "ListBullet",
                         "ListNumber2", "ListBullet3", "ListContinue", "Code", "Quote"})
    BOOST_TEST(used.count(id), "style " << id << " used");
  BOOST_TEST(styles.front() == "Title");  // the lone leading H1 (after the logo paragraph, which has none)
  BOOST_TEST(style_name(package, "Heading2") == "heading 2");  // Word's built-in name: python-docx shows "Heading 2"
  BOOST_TEST(style_name(package, "Title") == "Title");
  BOOST_TEST(style_name(package, "ListBullet") == "List Bullet");
  BOOST_TEST(style_name(package, "TableGrid") == "Table Grid");
  const auto styles_part = package.xml("word/styles.xml");
  for (const char* type : {"paragraph", "character", "table", "numbering"}) {
    const std::string query = std::string("//w:style[@w:type='") + type + "'][@w:default='1']";
    BOOST_TEST(styles_part->select_nodes(query.c_str()).size() == 1, type << " default style");
  }
  BOOST_TEST(all_text(document->document_element(), "w:t").find("Never printed") == std::string::npos);
  // Task items: the box is the list marker (numbering), not text.
  BOOST_TEST(document->select_nodes("//w:numPr/w:numId[@w:val='2']").size() == 1);  // checked
  BOOST_TEST(document->select_nodes("//w:numPr/w:numId[@w:val='3']").size() == 1);  // unchecked
  BOOST_TEST(all_text(document->document_element(), "w:t").find("\u2611") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(inline_styles_become_run_properties_and_links_relationships) {
  const auto package = docx_of(showcase_document());
  const auto document = package.xml("word/document.xml");
  BOOST_TEST(document->select_nodes("//w:r[w:rPr/w:b]/w:t[.='strong']").size() == 1);
  BOOST_TEST(document->select_nodes("//w:r[w:rPr/w:i]/w:t[.='mostly']").size() == 1);
  BOOST_TEST(document->select_nodes("//w:r[w:rPr/w:strike]/w:t[.='flat']").size() == 1);
  BOOST_TEST(document->select_nodes("//w:r[w:rPr/w:rStyle/@w:val='CodeChar']/w:t[.='render()']").size() == 1);
  const auto link = document->select_node("//w:hyperlink").node();
  BOOST_TEST(all_text(link, "w:t") == "the dashboard");
  const auto relationships = package.xml("word/_rels/document.xml.rels");
  const std::string query = "//Relationship[@Id='" + std::string(link.attribute("r:id").value()) + "']";
  const auto relationship = relationships->select_node(query.c_str()).node();
  BOOST_TEST(std::string(relationship.attribute("Target").value()) == "https://example.com/dash?q=1&r=2");
  BOOST_TEST(std::string(relationship.attribute("TargetMode").value()) == "External");
}

BOOST_AUTO_TEST_CASE(lists_use_numbering_that_restarts_per_ordered_list) {
  doc::Document document;
  document.blocks.push_back(bullets({"one", "two"}, true));
  document.blocks.back().start = 3;
  document.blocks.push_back(bullets({"again"}, true));
  const auto package = docx_of(document);
  const auto numbering = package.xml("word/numbering.xml");
  BOOST_TEST(numbering->select_nodes("//w:abstractNum").size() == 4);  // bullets, numbers, checked, unchecked
  const auto overrides = numbering->select_nodes("//w:num/w:lvlOverride/w:startOverride");
  BOOST_REQUIRE(overrides.size() == 2);
  BOOST_TEST(std::string(overrides[0].node().attribute("w:val").value()) == "3");
  BOOST_TEST(std::string(overrides[1].node().attribute("w:val").value()) == "1");
  const auto body = package.xml("word/document.xml");
  const auto ids = body->select_nodes("//w:numPr/w:numId");
  BOOST_REQUIRE(ids.size() == 3);
  BOOST_TEST(std::string(ids[0].node().attribute("w:val").value()) ==
             std::string(ids[1].node().attribute("w:val").value()));
  BOOST_TEST(std::string(ids[0].node().attribute("w:val").value()) !=
             std::string(ids[2].node().attribute("w:val").value()));
}

BOOST_AUTO_TEST_CASE(tables_repeat_their_header_row_and_band_it) {
  const auto package = docx_of(showcase_document());
  const auto document = package.xml("word/document.xml");
  const auto table = document->select_node("//w:tbl").node();
  BOOST_TEST(std::string(table.select_node("w:tblPr/w:tblStyle").node().attribute("w:val").value()) == "TableGrid");
  const auto rows = table.select_nodes("w:tr");
  BOOST_REQUIRE(rows.size() == 5);
  BOOST_TEST(rows[0].node().select_nodes("w:trPr/w:tblHeader").size() == 1);
  BOOST_TEST(rows[1].node().select_nodes("w:trPr/w:tblHeader").size() == 0);
  BOOST_TEST(std::string(rows[0].node().select_node("w:tc/w:tcPr/w:shd").node().attribute("w:fill").value()) == "0B3D91");
  BOOST_TEST(rows[2].node().select_nodes("w:tc/w:tcPr/w:shd").size() == 4);  // striped
  BOOST_TEST(table.select_nodes("w:tblGrid/w:gridCol").size() == 4);
  BOOST_TEST(all_text(rows[1].node(), "w:t") == "EMEA1,2001,368+14 %");
  BOOST_TEST(std::string(rows[1].node().select_node("w:tc[2]/w:p/w:pPr/w:jc").node().attribute("w:val").value()) ==
             "right");
}

BOOST_AUTO_TEST_CASE(images_are_embedded_once_with_relationships) {
  const auto package = docx_of(showcase_document());  // logo and chart share the same bytes
  BOOST_TEST(package.has("word/media/image1.png"));
  BOOST_TEST(!package.has("word/media/image2.png"));
  BOOST_TEST(package.text("word/media/image1.png") == sample_png());
  const auto document = package.xml("word/document.xml");
  const auto drawings = document->select_nodes("//wp:inline");
  BOOST_REQUIRE(drawings.size() == 2);
  const auto chart = drawings[1].node();
  BOOST_TEST(std::string(chart.child("wp:docPr").attribute("descr").value()) == "Revenue chart");
  // 60 % of the 170 mm text width.
  BOOST_TEST(chart.child("wp:extent").attribute("cx").as_llong() == 3672000);
  BOOST_TEST(chart.child("wp:extent").attribute("cy").as_llong() == 3672000 * 90 / 160);
}

BOOST_AUTO_TEST_CASE(page_setup_and_running_header_footer) {
  doc::Document document = showcase_document();
  document.page.width_mm = 297;
  document.page.height_mm = 210;
  document.page.margin_left_mm = 25;
  document.header = "Quokka | Confidential";
  const auto package = docx_of(document);
  const auto body = package.xml("word/document.xml");
  const auto size = body->select_node("//w:sectPr/w:pgSz").node();
  BOOST_TEST(size.attribute("w:w").as_int() == 16838);
  BOOST_TEST(size.attribute("w:h").as_int() == 11906);
  BOOST_TEST(std::string(size.attribute("w:orient").value()) == "landscape");
  BOOST_TEST(body->select_node("//w:sectPr/w:pgMar").node().attribute("w:left").as_int() == 1417);
  const auto header = package.xml("word/header1.xml");
  BOOST_TEST(all_text(header->document_element(), "w:t") == "QuokkaConfidential");
  BOOST_TEST(header->select_nodes("//w:r/w:tab").size() == 1);  // "Confidential" at the end tab stop
  BOOST_TEST(header->select_nodes("//w:tabs/w:tab[@w:val='right']").size() == 1);
  BOOST_TEST(header->select_nodes("//w:tabs/w:tab[@w:val='center']").size() == 0);
  const auto footer = package.xml("word/footer1.xml");
  const auto fields = footer->select_nodes("//w:fldSimple");
  BOOST_REQUIRE(fields.size() == 2);
  BOOST_TEST(std::string(fields[0].node().attribute("w:instr").value()) == " PAGE ");
  BOOST_TEST(std::string(fields[1].node().attribute("w:instr").value()) == " NUMPAGES ");
  BOOST_TEST(all_text(footer->document_element(), "w:t") == "Page 1 of 1");
}

BOOST_AUTO_TEST_CASE(core_properties_carry_title_and_author) {
  const auto package = docx_of(showcase_document());
  const auto core = package.xml("docProps/core.xml");
  BOOST_TEST(all_text(core->document_element(), "dc:title") == "Quarterly report");
  BOOST_TEST(all_text(core->document_element(), "dc:creator") == "Finance team");
  BOOST_TEST(all_text(core->document_element(), "dcterms:created") == "1980-01-01T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(deterministic_output_is_byte_identical_with_fixed_times) {
  const auto first = office::render_docx(showcase_document(), kDeterministic);
  const auto second = office::render_docx(showcase_document(), kDeterministic);
  BOOST_TEST(first == second);
  std::tm dos_epoch{};
  dos_epoch.tm_year = 80;
  dos_epoch.tm_mday = 1;
  dos_epoch.tm_isdst = -1;
  const std::time_t expected = std::mktime(&dos_epoch);  // libzip reads DOS times as local time
  const PackageReader package(first);
  for (const auto& name : package.names()) BOOST_TEST(package.modified(name) == expected, name);

  const PackageReader dated(office::render_docx(showcase_document(), office::Options{false}));
  BOOST_TEST(all_text(dated.xml("docProps/core.xml")->document_element(), "dcterms:created") != "1980-01-01T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(control_characters_and_broken_utf8_still_give_valid_xml) {
  doc::Document document;
  document.title = std::string("bad\x01title\xff");
  document.blocks.push_back(heading(1, std::string("A\x02 heading \xc3\x28")));
  document.blocks.push_back(paragraph({run(std::string("tab\there, bell\x07, nul") + '\0' + "end", doc::bold,
                                           "https://example.com/a b\"<>")}));
  document.blocks.push_back(table({{"h\x1b"}, {"\xed\xa0\x80"}}));
  const auto package = docx_of(document);
  const std::string text = all_text(package.xml("word/document.xml")->document_element(), "w:t");
  BOOST_TEST(text.find("A heading \xEF\xBF\xBD(") != std::string::npos);
  BOOST_TEST(text.find("bell, nulend") != std::string::npos);
  const auto relationships = package.xml("word/_rels/document.xml.rels");
  BOOST_TEST(relationships->select_nodes("//Relationship[@Target='https://example.com/a%20b%22%3C%3E']").size() == 1);
}

BOOST_AUTO_TEST_CASE(unsafe_links_are_plain_text) {
  doc::Document document;
  document.blocks.push_back(paragraph({run("click", doc::plain, "javascript:alert(1)")}));
  const auto package = docx_of(document);
  BOOST_TEST(package.xml("word/document.xml")->select_nodes("//w:hyperlink").empty());
  BOOST_TEST(package.text("word/_rels/document.xml.rels").find("javascript") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(empty_and_deeply_nested_documents_render) {
  const auto empty = docx_of(doc::Document{});
  BOOST_TEST(empty.xml("word/document.xml")->select_nodes("//w:body/w:sectPr").size() == 1);
  BOOST_TEST(!empty.has("word/numbering.xml"));

  doc::Document nested;
  doc::Block inner = paragraph({run("deep")});
  for (int depth = 0; depth < 64; ++depth) {
    doc::Block wrapper = block_of(depth % 2 ? Kind::quote : Kind::list);
    if (wrapper.kind == Kind::list) {
      wrapper.items.push_back({{inner}, std::nullopt});
    } else {
      wrapper.children.push_back(inner);
    }
    inner = std::move(wrapper);
  }
  nested.blocks.push_back(inner);
  const auto package = docx_of(nested);
  BOOST_TEST(all_text(package.xml("word/document.xml")->document_element(), "w:t") == "deep");
}

BOOST_AUTO_TEST_CASE(a_table_at_the_end_is_followed_by_a_paragraph) {
  doc::Document document;
  document.blocks.push_back(table({{"a", "b"}, {"1"}}));  // ragged row padded
  const auto package = docx_of(document);
  const auto body = package.xml("word/document.xml")->select_node("//w:body").node();
  BOOST_TEST(std::string(body.last_child().previous_sibling().name()) == "w:p");
  BOOST_TEST(body.select_nodes("w:tbl/w:tr[2]/w:tc").size() == 2);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace s2d::office_test
