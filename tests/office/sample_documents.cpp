#include "tests/office/sample_documents.hpp"

#include "core/crypto.hpp"

namespace s2d::office_test {

using Kind = doc::Block::Kind;

std::string sample_png() {
  static const std::string bytes = [] {
    std::string out;
    crypto::base64_decode(
        "iVBORw0KGgoAAAANSUhEUgAAAKAAAABaCAIAAACwpMoFAAAA9klEQVR42u3RoQnAMBRF0e8zU5bpRhmrMiaqUwRiqrpBRaCFDweev/"
        "BOlNrsbcdIvUAIGDBgwIABAwYMGDBgwIABG2DAgAEDBgwYMGDAgAEbYMCAAQMGDBgwYMCAAQMGbIABAwYMGDBgwIABAwZsgAEDBgwYMGDA"
        "gAEDBmyAAQMGDBgwYMCAAQMGDBiwAQYMGDBgwB8Cz3Vv7+zX9nT/6QIG7GjAjgYMGLAuYF3AuoABOxqwowE7GrAuYF3AuoABOxqwowE7Gj"
        "BgwLqAdQHrAgbsaMCOBuxowLqAdQHrAgbsaMCOBuxowLqAdQHrAgbsaMCOTtp9ADVKb38ibKsrAAAAAElFTkSuQmCC",
        &out);
    return out;
  }();
  return bytes;
}

doc::Inline run(std::string text, std::uint8_t style, std::string link) {
  doc::Inline inline_run;
  inline_run.text = std::move(text);
  inline_run.style = style;
  inline_run.link = std::move(link);
  return inline_run;
}

doc::Block block_of(Kind kind) {
  doc::Block block;
  block.kind = kind;
  return block;
}

doc::Block heading(int level, std::string text) {
  doc::Block block = block_of(Kind::heading);
  block.level = level;
  block.inlines = {run(std::move(text))};
  return block;
}

doc::Block paragraph(doc::Inlines inlines) {
  doc::Block block = block_of(Kind::paragraph);
  block.inlines = std::move(inlines);
  return block;
}

doc::Block bullets(std::vector<std::string> items, bool ordered) {
  doc::Block list = block_of(Kind::list);
  list.ordered = ordered;
  for (auto& text : items) list.items.push_back({{paragraph({run(std::move(text))})}, std::nullopt});
  return list;
}

doc::Block table(std::vector<std::vector<std::string>> rows, std::vector<doc::Align> align) {
  doc::Block block = block_of(Kind::table);
  block.align = std::move(align);
  for (auto& row : rows) {
    doc::TableRow cells;
    for (auto& text : row) cells.push_back({{run(std::move(text))}});
    block.rows.push_back(std::move(cells));
  }
  return block;
}

doc::Block image_block(std::string alt, std::optional<double> width_percent) {
  doc::Block block = block_of(Kind::image);
  block.image.mime = "image/png";
  block.image.bytes = sample_png();
  block.image.pixel_width = 160;
  block.image.pixel_height = 90;
  block.image.alt = std::move(alt);
  block.image.width_percent = width_percent;
  return block;
}

namespace {

doc::Block code_block(std::string text, std::string info) {
  doc::Block block = block_of(Kind::code_block);
  block.text = std::move(text);
  block.info = std::move(info);
  return block;
}

doc::Block notes(std::string text) {
  doc::Block block = block_of(Kind::notes);
  block.children.push_back(paragraph({run(std::move(text))}));
  return block;
}

doc::Block nested_list() {
  doc::Block list = bullets({"Revenue grew in every region", "Costs held flat"});
  list.items[0].blocks.push_back(bullets({"EMEA led with 14 %", "APAC followed"}, true));
  list.items[0].blocks[1].items[1].blocks.push_back(bullets({"Japan doubled"}));
  list.items[1].blocks.push_back(paragraph({run("A second paragraph inside the item.")}));
  return list;
}

doc::Block task_list() {
  doc::Block list = bullets({"Sign the contract", "Ship the order"});
  list.items[0].task_checked = true;
  list.items[1].task_checked = false;
  return list;
}

doc::Block quarterly_table() {
  return table({{"Region", "Q2", "Q3", "Change"},
                {"EMEA", "1,200", "1,368", "+14 %"},
                {"Americas", "2,050", "2,140", "+4 %"},
                {"APAC", "860", "990", "+15 %"},
                {"Total", "4,110", "4,498", "+9 %"}},
               {doc::Align::left, doc::Align::right, doc::Align::right, doc::Align::center});
}

}  // namespace

doc::Document showcase_document() {
  doc::Document document;
  document.title = "Quarterly report";
  document.author = "Finance team";
  document.locale = "en-US";
  document.header = "Quokka Logistics · Confidential";
  document.footer = "Page {{page}} of {{pages}}";
  document.logo = image_block("logo").image;

  auto& b = document.blocks;
  b.push_back(heading(1, "Quarterly report"));
  b.push_back(paragraph({run("This quarter was "), run("strong", doc::bold), run(", "),
                         run("mostly", doc::italic), run(" "), run("flat", doc::strike), run(" and the "),
                         run("render()", doc::code), run(" call is fast. See "),
                         run("the dashboard", doc::plain, "https://example.com/dash?q=1&r=2"), run(".")}));
  b.push_back(heading(2, "Highlights"));
  b.push_back(nested_list());
  b.push_back(task_list());
  b.push_back(heading(2, "Figures"));
  b.push_back(quarterly_table());
  b.push_back(image_block("Revenue chart", 60.0));
  b.push_back(heading(3, "Method"));
  b.push_back(code_block("SELECT region, sum(amount)\n  FROM orders\n GROUP BY region;\n", "sql"));
  doc::Block quote = block_of(Kind::quote);
  quote.children.push_back(paragraph({run("Numbers are unaudited.")}));
  b.push_back(quote);
  b.push_back(block_of(Kind::rule));
  b.push_back(heading(4, "Level four"));
  b.push_back(heading(5, "Level five"));
  b.push_back(heading(6, "Level six"));
  b.push_back(notes("Never printed outside slides."));
  b.push_back(block_of(Kind::page_break));
  doc::Block kept = block_of(Kind::keep_together);
  kept.children.push_back(heading(2, "Appendix"));
  kept.children.push_back(paragraph({run("Ünïcödé ✓ — 東京 and emoji-free text.")}));
  b.push_back(kept);
  return document;
}

doc::Document deck_document(bool four_by_three) {
  doc::Document deck;
  deck.title = "Q3 business review";
  deck.author = "Strategy office";
  deck.slides_4_3 = four_by_three;
  deck.footer = "Quokka Logistics";
  auto& b = deck.blocks;
  b.push_back(heading(1, "Q3 business review"));
  b.push_back(paragraph({run("Quokka Logistics · October 2026")}));
  b.push_back(block_of(Kind::rule));
  b.push_back(heading(2, "Highlights"));
  b.push_back(nested_list());
  b.push_back(notes("Open with the EMEA number; it is the headline."));
  b.push_back(block_of(Kind::rule));
  b.push_back(heading(2, "Revenue by region"));
  b.push_back(quarterly_table());
  b.push_back(block_of(Kind::rule));
  b.push_back(heading(2, "Network growth"));
  b.push_back(paragraph({run("Three new hubs opened; "), run("on time", doc::bold), run(".")}));
  b.push_back(bullets({"Leipzig", "Lyon", "Łódź"}));
  b.push_back(image_block("Hub map"));
  b.push_back(block_of(Kind::rule));
  b.push_back(heading(2, "Thank you"));
  return deck;
}

}  // namespace s2d::office_test
