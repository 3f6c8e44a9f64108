// Escaping by output: HTML, XML (checked with pugixml) and Markdown (checked
// by parsing the merged text with cmark-gfm and its GFM extensions: a hostile
// value must come out as the same literal text, never as markup).
#include "tests/template/template_fixture.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pugixml.hpp>

#include <cstdlib>
#include <memory>
#include <vector>

using s2d::tmpl::Escape;
using s2d::tmpl::test::json;
using s2d::tmpl::test::Options;
using s2d::tmpl::test::render;

namespace bdata = boost::unit_test::data;

namespace {

Options with_escape(Escape escape) {
  Options o;
  o.escape = escape;
  return o;
}

// A parsed GFM document, freed on scope exit.
struct Markdown {
  explicit Markdown(const std::string& text) {
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
    for (const char* name : {"table", "strikethrough", "autolink", "tagfilter", "tasklist"})
      cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name));
    cmark_parser_feed(parser, text.data(), text.size());
    document = cmark_parser_finish(parser);
    cmark_parser_free(parser);
  }
  ~Markdown() { cmark_node_free(document); }
  Markdown(const Markdown&) = delete;
  Markdown& operator=(const Markdown&) = delete;
  cmark_node* document;
};

std::string type_of(cmark_node* node) { return cmark_node_get_type_string(node); }

bool mailto_link(cmark_node* n) {
  return type_of(n) == "link" && std::string(cmark_node_get_url(n)).rfind("mailto:", 0) == 0;
}

// The text of inline content: literal text, with line breaks as '\n'. Any
// other inline node (emphasis, link, code, HTML...) is reported in `markup`,
// except the mailto: link GFM puts around a bare e-mail address after
// parsing (whatever the escaping): its text is still the literal value.
std::string inline_text(cmark_node* parent, std::vector<std::string>* markup) {
  std::string out;
  for (cmark_node* n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
    std::string type = type_of(n);
    if (type == "text") out += cmark_node_get_literal(n);
    else if (type == "softbreak" || type == "linebreak") out += '\n';
    else if (mailto_link(n)) out += inline_text(n, markup);
    else markup->push_back(type);
  }
  return out;
}

// Each line trimmed: Markdown drops spaces around line breaks by design.
std::string trim_lines(const std::string& text) {
  std::string out, line;
  auto flush = [&] {
    std::size_t b = line.find_first_not_of(" \t"), e = line.find_last_not_of(" \t");
    out += b == std::string::npos ? "" : line.substr(b, e - b + 1);
  };
  for (char c : text) {
    if (c == '\n') {
      flush();
      out += '\n';
      line.clear();
    } else {
      line += c;
    }
  }
  flush();
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

const std::vector<std::string> kHostile = {
    "*bold* **strong** _em_ __under__",
    "# heading",
    "## h2 ##",
    "- item",
    "+ item",
    "* item",
    "1. one",
    "1) one",
    "> quote",
    "---",
    "***",
    "___",
    "=====",
    "`code` ``more``",
    "```fence",
    "~~~fence",
    "~~strike~~",
    "[link](http://example.com)",
    "![img](a.png)",
    "[ref]: http://example.com",
    "[^1] footnote",
    "<b>html</b> <div>",
    "<!-- comment -->",
    "&amp; &copy; &#169; &lt;",
    "a|b|c",
    "[ ] task [x] done",
    "http://example.com https://x.org/a_b_c",
    "www.example.com",
    "mail@example.com",
    "\\*not\\* escaped\\",
    "    indented code",
    "\ttab first",
    "under_score_name snake_case",
    "price: $5 (50% off!) {x} #tag",
    "line1\n# not a heading\n- not a list\n> not a quote",
    "title\n===",
    "para\n\nnot a new paragraph",
    "a  \nb",
    "trailing newline\n",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(html)

BOOST_AUTO_TEST_CASE(escapes_markup_characters_like_handlebars) {
  BOOST_TEST(render("{{v}}", {{"v", "<a href=\"x\" title='y'>&`=</a>"}}) ==
             "&lt;a href&#x3D;&quot;x&quot; title&#x3D;&#x27;y&#x27;&gt;&amp;&#x60;&#x3D;&lt;/a&gt;");
  BOOST_TEST(render("{{{v}}}", {{"v", "<b>"}}) == "<b>");
}

BOOST_AUTO_TEST_CASE(helper_output_is_escaped_too) {
  BOOST_TEST(render("{{upper v}} {{join list \" & \"}}", {{"v", "<i>"}, {"list", {"a", "b"}}}) ==
             "&lt;I&gt; a &amp; b");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(xml)

BOOST_AUTO_TEST_CASE(values_never_break_the_xml_even_in_triple_braces) {
  const std::string value = "a<b>&\"c\"'d' ]]> \x01\x02\x1f\xef\xbf\xbe end";
  for (const std::string tpl : {"<w:t>{{v}}</w:t>", "<w:t>{{{v}}}</w:t>", "<w:t>{{&v}}</w:t>"}) {
    std::string out = render(tpl, {{"v", value}}, with_escape(Escape::xml));
    BOOST_TEST(out == "<w:t>a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos; ]]&gt;  end</w:t>");
    pugi::xml_document doc;
    BOOST_TEST_REQUIRE(bool(doc.load_string(out.c_str())));
    BOOST_TEST(std::string(doc.child("w:t").text().get()) == "a<b>&\"c\"'d' ]]>  end");
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(markdown)

// The merged Markdown must parse as one paragraph holding exactly `expected` as text.
void check_one_paragraph(const std::string& merged, const std::string& expected) {
  Markdown md(merged);
  cmark_node* block = cmark_node_first_child(md.document);
  BOOST_TEST_REQUIRE(block != nullptr);
  BOOST_TEST(type_of(block) == "paragraph", "merged: " << merged);
  BOOST_TEST(cmark_node_next(block) == nullptr, "more than one block in: " << merged);
  std::vector<std::string> markup;
  BOOST_TEST(trim_lines(inline_text(block, &markup)) == trim_lines(expected), "merged: " << merged);
  BOOST_TEST(markup.empty(), "markup in: " << merged);
}

BOOST_DATA_TEST_CASE(hostile_values_stay_literal_text_in_a_paragraph, bdata::make(kHostile), value) {
  check_one_paragraph(render("Value: {{v}}\n", {{"v", value}}, with_escape(Escape::markdown)), "Value: " + value);
}

BOOST_DATA_TEST_CASE(hostile_values_stay_literal_text_at_the_start_of_a_line, bdata::make(kHostile), value) {
  check_one_paragraph(render("{{v}}\n", {{"v", value}}, with_escape(Escape::markdown)), value);
}

BOOST_DATA_TEST_CASE(hostile_values_stay_inside_their_table_cell, bdata::make(kHostile), value) {
  std::string out = render("| name | note |\n|---|---|\n| {{v}} | end |\n", {{"v", value}},
                           with_escape(Escape::markdown));
  Markdown md(out);
  cmark_node* table = cmark_node_first_child(md.document);
  BOOST_TEST_REQUIRE(table != nullptr);
  BOOST_TEST_REQUIRE(type_of(table) == "table", "merged: " << out);
  BOOST_TEST(cmark_node_next(table) == nullptr, "more than one block in: " << out);
  cmark_node* header = cmark_node_first_child(table);
  cmark_node* row = cmark_node_next(header);
  BOOST_TEST_REQUIRE(row != nullptr);
  BOOST_TEST(cmark_node_next(row) == nullptr, "more than one body row in: " << out);
  cmark_node* first = cmark_node_first_child(row);
  cmark_node* second = cmark_node_next(first);
  BOOST_TEST_REQUIRE(second != nullptr);
  BOOST_TEST(cmark_node_next(second) == nullptr, "more than two cells in: " << out);
  std::vector<std::string> markup;
  std::string expected = value;
  while (!expected.empty() && expected.back() == '\n') expected.pop_back();
  for (char& c : expected)
    if (c == '\n') c = ' ';
  BOOST_TEST(trim_lines(inline_text(first, &markup)) == trim_lines(expected), "merged: " << out);
  BOOST_TEST(inline_text(second, &markup) == "end");
  BOOST_TEST(markup.empty(), "markup in: " << out);
}

BOOST_AUTO_TEST_CASE(triple_braces_insert_markdown_on_purpose) {
  std::string out = render("{{{v}}}\n", {{"v", "**bold**"}}, with_escape(Escape::markdown));
  Markdown md(out);
  cmark_node* paragraph = cmark_node_first_child(md.document);
  BOOST_TEST(type_of(cmark_node_first_child(paragraph)) == "strong");
}

BOOST_AUTO_TEST_CASE(escaped_form_is_plain_backslashes) {
  BOOST_TEST(render("{{v}}", {{"v", "*a* 1. [b]"}}, with_escape(Escape::markdown)) == "\\*a\\* 1. \\[b\\]");
  BOOST_TEST(render("{{v}}", {{"v", "1. a\n# b"}}, with_escape(Escape::markdown)) == "1\\. a\\\n\\# b");
}

// What cmark-gfm makes of the merged Markdown, as HTML.
std::string html_of(const std::string& merged) {
  Markdown md(merged);
  char* html = cmark_render_html(md.document, CMARK_OPT_DEFAULT, nullptr);
  std::string out = html;
  free(html);
  return out;
}

// Text as cmark's HTML writer escapes it.
std::string html_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

const std::vector<std::string> kPlainValues = {
    "2026-Q3", "48.900,00 \u20ac", "$1,234.50", "1.234,50", "Acme Inc.", "snake_case", "C:\\temp", "50% (net)",
    "AT&T", "Q3 - Q4", "5 + 3 = 8", "#1 customer", "2026-12-31", "a.b@ (c)", "{braces}", "!important", "10.5"};

BOOST_DATA_TEST_CASE(values_without_markup_are_copied_verbatim, bdata::make(kPlainValues), value) {
  for (const std::string tpl : {"{{v}}\n", "Value: {{v}}\n"}) {
    const auto merged = render(tpl, {{"v", value}}, with_escape(Escape::markdown));
    const auto prefix = tpl.substr(0, tpl.find("{{"));
    BOOST_TEST(merged == prefix + value + "\n");
    BOOST_TEST(html_of(merged) == "<p>" + prefix + html_text(value) + "</p>\n");
  }
}

BOOST_AUTO_TEST_CASE(values_that_would_be_markup_are_still_neutralised) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"*bold*", "<p>*bold*</p>\n"},
      {"<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
      {"1. first", "<p>1. first</p>\n"},
      {"# title", "<p># title</p>\n"},
      {"---", "<p>---</p>\n"},
      {"&copy;", "<p>&amp;copy;</p>\n"},
      {"https://example.com", "<p>https://example.com</p>\n"},
  };
  for (const auto& [value, html] : cases) {
    const auto merged = render("{{v}}\n", {{"v", value}}, with_escape(Escape::markdown));
    BOOST_TEST(merged != value + "\n");
    BOOST_TEST(html_of(merged) == html, value << " -> " << merged);
  }
}

BOOST_AUTO_TEST_SUITE_END()
