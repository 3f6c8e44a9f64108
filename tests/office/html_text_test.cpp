// HTML (self-contained, printable, escaped) and plain text (aligned tables,
// links as "text (url)").
#include "renderers/html/html.hpp"
#include "renderers/text/text.hpp"
#include "tests/office/sample_documents.hpp"

#include <boost/test/unit_test.hpp>

namespace s2d::office_test {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(html)

BOOST_AUTO_TEST_CASE(self_contained_with_print_rules_from_the_document) {
  doc::Document document = showcase_document();
  document.page.width_mm = 215.9;
  document.page.height_mm = 279.4;
  document.page.margin_top_mm = 25;
  const std::string out = s2d::html::render_html(document);
  BOOST_TEST(contains(out, "@page{size:215.90mm 279.40mm;margin:25.00mm 20.00mm 20.00mm 20.00mm;"));
  BOOST_TEST(contains(out, "@bottom-center{content:\"Page \" counter(page) \" of \" counter(pages);"));
  BOOST_TEST(contains(out, "@top-center{content:\"Quokka Logistics \u00B7 Confidential\";"));
  BOOST_TEST(contains(out, "<img src=\"data:image/png;base64,iVBORw0KGgo"));
  BOOST_TEST(contains(out, "style=\"width:60.0%\""));
  BOOST_TEST(contains(out, "thead{display:table-header-group}"));
  BOOST_TEST(contains(out, "<thead>\n<tr><th style=\"text-align:start\">Region</th>"));
  BOOST_TEST(contains(out, "<td style=\"text-align:end\">1,200</td>"));
  BOOST_TEST(contains(out, "<h2>Highlights</h2>"));
  BOOST_TEST(contains(out, "<ol>\n<li>EMEA led with 14 %</li>"));
  BOOST_TEST(contains(out, "<input type=\"checkbox\" disabled checked>Sign the contract"));
  BOOST_TEST(contains(out, "<a href=\"https://example.com/dash?q=1&amp;r=2\">the dashboard</a>"));
  BOOST_TEST(contains(out, "<pre><code class=\"language-sql\">SELECT"));
  BOOST_TEST(contains(out, "<div class=\"page-break\"></div>"));
  BOOST_TEST(!contains(out, "Never printed"));
  BOOST_TEST(!contains(out, "src=\"http"));  // nothing fetched from elsewhere
}

BOOST_AUTO_TEST_CASE(user_text_cannot_break_out) {
  doc::Document document;
  document.title = "</title><script>x</script>";
  document.header = "</style><script>alert(1)</script>";
  document.fonts.body = "Evil\"; } body { color: red";
  document.blocks.push_back(paragraph({run("<b>&amp;</b>"), run("link", doc::plain, "javascript:alert(1)"),
                                       run("ok", doc::plain, "https://x.test/\"onmouseover=\"")}));
  const std::string out = s2d::html::render_html(document);
  BOOST_TEST(!contains(out, "<script>"));
  BOOST_TEST(!contains(out, "</style><"));
  BOOST_TEST(contains(out, "&lt;b&gt;&amp;amp;&lt;/b&gt;"));
  BOOST_TEST(!contains(out, "javascript:"));
  BOOST_TEST(contains(out, "href=\"https://x.test/%22onmouseover=%22\""));
  BOOST_TEST(contains(out, "font-family:\"Evil\\\"; } body { color: red\", sans-serif"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(plain_text)

BOOST_AUTO_TEST_CASE(tables_align_and_links_show_their_targets) {
  doc::Document document;
  document.blocks.push_back(heading(1, "Invoice 42"));
  document.blocks.push_back(paragraph({run("Pay at "), run("our portal", doc::bold, "https://pay.test"), run(" or "),
                                       run("https://pay.test/alt", doc::plain, "https://pay.test/alt"), run(".")}));
  document.blocks.push_back(table({{"Item", "Qty", "Price"}, {"Widget", "2", "3.00"}, {"東京 tour", "10", "120.50"}},
                                  {doc::Align::left, doc::Align::center, doc::Align::right}));
  doc::Block list = bullets({"first", "second"});
  list.items[0].blocks.push_back(bullets({"nested"}, true));
  document.blocks.push_back(list);
  doc::Block quote = block_of(doc::Block::Kind::quote);
  quote.children.push_back(paragraph({run("quoted")}));
  document.blocks.push_back(quote);
  doc::Block code = block_of(doc::Block::Kind::code_block);
  code.text = "x = 1\n";
  document.blocks.push_back(code);
  document.blocks.push_back(block_of(doc::Block::Kind::notes));
  document.blocks.back().children.push_back(paragraph({run("secret")}));

  const std::string expected =
      "Invoice 42\n"
      "==========\n"
      "\n"
      "Pay at our portal (https://pay.test) or https://pay.test/alt.\n"
      "\n"
      "Item       Qty   Price\n"
      "---------  ---  ------\n"
      "Widget      2     3.00\n"
      "東京 tour  10   120.50\n"
      "\n"
      "- first\n"
      "  1. nested\n"
      "- second\n"
      "\n"
      "> quoted\n"
      "\n"
      "    x = 1\n";
  BOOST_TEST(s2d::text::render_text(document) == expected);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace s2d::office_test
