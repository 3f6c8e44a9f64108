// The PDF renderer against real tools: every output passes `qpdf --check`,
// and what a reader sees is read back with pdftotext, pdfinfo and pdfimages.
#define BOOST_TEST_MODULE pdf_render
#include <boost/test/unit_test.hpp>

#include "core/crypto.hpp"
#include "pdf_support.hpp"
#include "renderers/pdf/pdf.hpp"

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

using namespace s2d;
using namespace s2d::pdf_test;

namespace {

// Renders, then insists the file is structurally sound before any other check.
RenderedFile checked(const std::string& source, const std::string& name, const std::vector<render::Asset>& assets = {}) {
  RenderedFile file = render_markdown(source, name, assets);
  std::string report;
  BOOST_TEST_REQUIRE(qpdf_accepts(file.path, &report), name << ": qpdf --check: " << report);
  return file;
}

std::string long_table(int rows) {
  std::string markdown = "| Item | Description | Qty | Amount |\n|:--|:--|--:|--:|\n";
  for (int i = 1; i <= rows; ++i)
    markdown += "| SKU-" + std::to_string(i) + " | Line item number " + std::to_string(i) + " | " +
                std::to_string(i % 7 + 1) + " | " + std::to_string(i * 3) + ".50 |\n";
  return markdown;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (line.find_first_not_of(" \f") != std::string::npos) lines.push_back(line);
  }
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_CASE(long_table_repeats_its_header_on_every_page) {
  RenderedFile file = checked("# Orders\n\n" + long_table(300), "long-table");
  BOOST_TEST(file.pages >= 5);
  BOOST_TEST(page_count(file.path) == file.pages);
  for (int page = 1; page <= file.pages; ++page) {
    std::string text = page_text(file.path, page);
    BOOST_TEST(std::regex_search(text, std::regex(R"(Item\s+Description\s+Qty\s+Amount)")),
               "header row missing on page " << page);
  }
  std::string text = all_text(file.path);
  for (int row : {1, 150, 300}) BOOST_TEST(text.find("SKU-" + std::to_string(row) + "\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(right_aligned_columns_share_their_right_edge) {
  RenderedFile file = checked(long_table(12), "aligned");
  std::string boxes = run_tool("pdftotext -bbox " + quote(file.path) + " -").output;
  // Amounts end in ".50"; their right edges must agree to a fraction of a point.
  std::regex amount(R"xx(<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">\d+\.50</word>)xx");
  std::vector<double> right_edges;
  for (std::sregex_iterator it(boxes.begin(), boxes.end(), amount), end; it != end; ++it)
    right_edges.push_back(std::stod((*it)[1].str()));
  BOOST_TEST_REQUIRE(right_edges.size() == 12u);
  for (double edge : right_edges) BOOST_TEST(std::abs(edge - right_edges.front()) < 0.5);
}

BOOST_AUTO_TEST_CASE(footer_numbers_pages_n_of_m) {
  std::string source = "---\nfooter: \"ACME Corp | Page {{page}} of {{pages}}\"\nheader: Quarterly report\n---\n";
  for (int i = 0; i < 120; ++i) source += "Paragraph " + std::to_string(i) + " of the report body.\n\n";
  RenderedFile file = checked(source, "footer");
  BOOST_TEST_REQUIRE(file.pages >= 2);
  for (int page = 1; page <= file.pages; ++page) {
    std::string text = page_text(file.path, page);
    std::string expected = "Page " + std::to_string(page) + " of " + std::to_string(file.pages);
    BOOST_TEST(text.find(expected) != std::string::npos, "page " << page << " lacks '" << expected << "'");
    BOOST_TEST(text.find("Quarterly report") != std::string::npos);
    BOOST_TEST(text.find("ACME Corp") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(right_to_left_and_cjk_text_round_trips) {
  const std::vector<std::string> samples = {
      "مرحبا بالعالم",          // Arabic
      "שלום עולם",              // Hebrew
      "你好世界",                // Chinese
      "こんにちは世界",          // Japanese
      "Žluťoučký kůň úpěl ódy",  // Latin with diacritics
  };
  std::string source;
  for (const auto& sample : samples) source += "- " + sample + "\n";
  RenderedFile file = checked(source, "scripts");
  std::string text = all_text(file.path);
  for (const auto& sample : samples) BOOST_TEST(text.find(sample) != std::string::npos, "missing: " << sample << " in " << text);
  BOOST_TEST(file.warnings.empty());
}

BOOST_AUTO_TEST_CASE(arabic_document_mirrors_the_layout) {
  RenderedFile file = checked("---\nlocale: ar\n---\n# رسالة\n\n- البند الأول\n- البند الثاني\n", "arabic");
  std::string boxes = run_tool("pdftotext -bbox " + quote(file.path) + " -").output;
  std::smatch match;
  // The bullet of a right-to-left list sits right of its text, near the right margin.
  BOOST_TEST_REQUIRE(std::regex_search(boxes, match, std::regex(R"xx(xMin="([\d.]+)"[^>]*>•</word>)xx")));
  BOOST_TEST(std::stod(match[1].str()) > 450.0);
}

BOOST_AUTO_TEST_CASE(missing_glyphs_are_reported_not_dropped) {
  RenderedFile file = checked("Private use character: \xEE\x80\x80 here.\n", "missing-glyph");
  BOOST_TEST_REQUIRE(file.warnings.size() == 1u);
  BOOST_TEST(file.warnings.front().find("U+E000") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_font_family_is_reported) {
  RenderedFile file = checked("---\nfonts:\n  body: No Such Family Anywhere\n---\nText.\n", "unknown-font");
  BOOST_TEST_REQUIRE(file.warnings.size() == 1u);
  BOOST_TEST(file.warnings.front().find("No Such Family Anywhere") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(png_and_jpeg_images_are_embedded) {
  std::string png = make_png(120, 60);
  RenderedFile with_png = checked("Logo below.\n\n![Logo](logo.png){width=40mm}\n", "png", {{"logo.png", "image/png", png}});
  std::string list = run_tool("pdfimages -list " + quote(with_png.path)).output;
  BOOST_TEST(std::regex_search(list, std::regex(R"(\n\s+1\s+\d+\s+image\s+120\s+60)")), list);

  // pdftoppm makes a real JPEG of that page; it must reach the PDF as DCT data.
  std::string jpeg_stem = scratch_path("page");
  BOOST_TEST_REQUIRE(run_tool("pdftoppm -jpeg -r 20 -singlefile " + quote(with_png.path) + " " + quote(jpeg_stem)).status == 0);
  std::ifstream jpeg_file(jpeg_stem + ".jpg", std::ios::binary);
  std::string jpeg((std::istreambuf_iterator<char>(jpeg_file)), std::istreambuf_iterator<char>());
  RenderedFile with_jpeg = checked("![Scan](asset:scan.jpg)\n", "jpeg", {{"scan.jpg", "image/jpeg", jpeg}});
  std::string jpeg_list = run_tool("pdfimages -list " + quote(with_jpeg.path)).output;
  BOOST_TEST(jpeg_list.find("jpeg") != std::string::npos, jpeg_list);
}

BOOST_AUTO_TEST_CASE(data_uri_images_are_embedded) {
  std::string png = make_png(16, 16);
  std::string encoded = crypto::base64_encode(png);
  RenderedFile file = checked("![dot](data:image/png;base64," + encoded + ")\n", "data-uri");
  std::string list = run_tool("pdfimages -list " + quote(file.path)).output;
  BOOST_TEST(std::regex_search(list, std::regex(R"(\n\s+1\s+\d+\s+image\s+16\s+16)")), list);
}

BOOST_AUTO_TEST_CASE(broken_image_is_a_warning) {
  RenderedFile file = checked("![x](bad.png)\n\nText after.\n", "broken-image", {{"bad.png", "image/png", "not a png"}});
  BOOST_TEST_REQUIRE(file.warnings.size() == 1u);
  BOOST_TEST(file.warnings.front().find("bad.png") != std::string::npos);
  BOOST_TEST(all_text(file.path).find("Text after.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(links_metadata_and_outline) {
  RenderedFile file = checked(
      "---\ntitle: Annual report\nauthor: Jane Doe\n---\n# Summary\n\nSee [our site](https://example.com/a?b=1) "
      "or https://s2d.dev.\n\n## Details\n\nMore.\n\n# Appendix\n",
      "links");
  std::string info = run_tool("pdfinfo " + quote(file.path)).output;
  BOOST_TEST(info.find("Annual report") != std::string::npos);
  BOOST_TEST(info.find("Jane Doe") != std::string::npos);
  BOOST_TEST(file.bytes.find("/URI (https://example.com/a?b=1)") != std::string::npos);
  BOOST_TEST(file.bytes.find("/URI (https://s2d.dev)") != std::string::npos);
  BOOST_TEST(file.bytes.find("/Outlines") != std::string::npos);
  for (const char* title : {"(Summary)", "(Details)", "(Appendix)"})
    BOOST_TEST(file.bytes.find(title) != std::string::npos, title);
}

BOOST_AUTO_TEST_CASE(headings_stay_with_the_next_block) {
  // Move a heading down the first page one line at a time; wherever it
  // lands, the paragraph after it must share its page.
  for (int filler = 30; filler <= 48; ++filler) {
    std::string source;
    for (int i = 0; i < filler; ++i) source += "Filler line " + std::to_string(i) + ".\n\n";
    source += "## Section heading\n\nFirst words of the section body.\n";
    RenderedFile file = checked(source, "keep-" + std::to_string(filler));
    for (int page = 1; page <= file.pages; ++page) {
      std::string text = page_text(file.path, page);
      bool has_heading = text.find("Section heading") != std::string::npos;
      bool has_body = text.find("First words of the section body.") != std::string::npos;
      BOOST_TEST(has_heading == has_body, "filler " << filler << ", page " << page);
    }
  }
}

BOOST_AUTO_TEST_CASE(paragraphs_leave_no_orphan_or_widow_lines) {
  std::string words;
  for (int i = 0; i < 90; ++i) words += "word" + std::to_string(i) + " ";
  for (int filler = 36; filler <= 48; ++filler) {
    std::string source;
    for (int i = 0; i < filler; ++i) source += "Filler " + std::to_string(i) + ".\n\n";
    source += "START " + words + "END\n";
    RenderedFile file = checked(source, "widow-" + std::to_string(filler));
    for (int page = 1; page <= file.pages; ++page) {
      auto lines = lines_of(page_text(file.path, page));
      int paragraph_lines = 0;
      for (const auto& line : lines)
        if (line.find("word") != std::string::npos || line.find("START") != std::string::npos) ++paragraph_lines;
      BOOST_TEST((paragraph_lines == 0 || paragraph_lines >= 2), "filler " << filler << ", page " << page);
    }
  }
}

BOOST_AUTO_TEST_CASE(keep_together_moves_the_block_to_the_next_page) {
  std::string source;
  for (int i = 0; i < 44; ++i) source += "Filler " + std::to_string(i) + ".\n\n";
  source += "<!-- keep-together -->\nKept one.\n\nKept two.\n\nKept three.\n\nKept four.\n<!-- /keep-together -->\n";
  RenderedFile file = checked(source, "keep-together");
  BOOST_TEST_REQUIRE(file.pages == 2);
  std::string second = page_text(file.path, 2);
  for (const char* line : {"Kept one.", "Kept two.", "Kept three.", "Kept four."})
    BOOST_TEST(second.find(line) != std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(explicit_page_break_and_page_setup) {
  RenderedFile file = checked(
      "---\npage:\n  size: Letter\n  orientation: landscape\n  margins: 15mm 20mm\n---\nFirst page.\n\n"
      "<!-- pagebreak -->\n\nSecond page.\n",
      "page-setup");
  BOOST_TEST_REQUIRE(file.pages == 2);
  BOOST_TEST(page_text(file.path, 2).find("Second page.") != std::string::npos);
  std::string info = run_tool("pdfinfo " + quote(file.path)).output;
  BOOST_TEST(info.find("792 x 612 pts") != std::string::npos, info);
}

BOOST_AUTO_TEST_CASE(nested_lists_quotes_code_and_rules) {
  RenderedFile file = checked(
      "- level one\n  - level two\n    - level three\n      - level four\n1. first\n2. second\n\n"
      "- [x] done task\n- [ ] open task\n\n> quoted words\n\n```\nint main() {}\n```\n\n---\n\nEnd.\n",
      "structure");
  std::string text = all_text(file.path);
  for (const char* expected : {"level one", "level two", "level three", "level four", "1. first", "2. second",
                               "☑ done task", "☐ open task", "quoted words", "int main() {}", "End."})
    BOOST_TEST(text.find(expected) != std::string::npos, expected);
}

BOOST_AUTO_TEST_CASE(speaker_notes_are_not_printed) {
  RenderedFile file = checked("Visible.\n\n```notes\nSay this out loud.\n```\n", "notes");
  std::string text = all_text(file.path);
  BOOST_TEST(text.find("Visible.") != std::string::npos);
  BOOST_TEST(text.find("out loud") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_row_taller_than_a_page_is_split_not_lost) {
  std::string cell;
  for (int i = 0; i < 2000; ++i) cell += "w" + std::to_string(i) + " ";
  RenderedFile file = checked("| A | B |\n|---|---|\n| " + cell + "| short |\n| next | row |\n", "tall-row");
  BOOST_TEST(file.pages >= 2);
  std::string text = all_text(file.path);
  for (const char* word : {"w0 ", "w1000 ", "w1999", "next"}) BOOST_TEST(text.find(word) != std::string::npos, word);
}

BOOST_AUTO_TEST_CASE(deterministic_output_is_byte_identical) {
  std::string source = "---\ntitle: Same\n---\n# Title\n\n" + long_table(40);
  RenderedFile first = checked(source, "same-1");
  RenderedFile second = checked(source, "same-2");
  BOOST_TEST(first.bytes == second.bytes);
  BOOST_TEST(first.bytes.find("/CreationDate (20000101000000") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(threads_render_documents_at_the_same_time) {
  std::string source = "---\nfooter: \"Page {{page}} of {{pages}}\"\n---\n# Concurrent\n\nمرحبا 你好 **bold**\n\n" +
                       long_table(80);
  doc::Document document = parse_document(source);
  RenderedFile single = checked(source, "single-thread");
  const std::string& expected = single.bytes;
  constexpr int kThreads = 6;
  std::vector<std::string> outputs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round) outputs[t] = pdf::render(document, pdf::Options{true}).bytes;
    });
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) BOOST_TEST(outputs[t] == expected, "thread " << t);
}

BOOST_AUTO_TEST_CASE(deep_nesting_keeps_text_readable) {
  std::string source;
  for (int depth = 0; depth < 40; ++depth) source += std::string(depth * 2, ' ') + "- level " + std::to_string(depth) + "\n";
  source += "\n" + std::string(30, '>') + " deeply quoted words\n\n" + std::string(30, '>') + " ![x](dot.png)\n";
  RenderedFile file = checked(source, "deep-nesting", {{"dot.png", "image/png", make_png(40, 40)}});
  std::string text = all_text(file.path);
  for (const char* expected : {"level 0", "level 39", "deeply quoted"})
    BOOST_TEST(text.find(expected) != std::string::npos, expected);
}

// ------------------------------------------------------------ table widths

namespace {

std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(S2D_SOURCE_DIR) + "/" + relative, std::ios::binary);
  BOOST_TEST_REQUIRE(in.good(), relative);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

struct Word {
  std::string text;
  double x_min = 0, x_max = 0;
};

// The words of one page as pdftotext -bbox reads them.
std::vector<Word> words_of(const std::string& pdf_path, int page) {
  const std::string boxes = run_tool("pdftotext -bbox -f " + std::to_string(page) + " -l " + std::to_string(page) +
                                     " " + quote(pdf_path) + " -").output;
  std::regex word(R"xx(<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>)xx");
  std::vector<Word> words;
  for (std::sregex_iterator it(boxes.begin(), boxes.end(), word), end; it != end; ++it)
    words.push_back(Word{(*it)[3].str(), std::stod((*it)[1].str()), std::stod((*it)[2].str())});
  return words;
}

// The 12-column table of docs/examples/quarterly-table.md: each of these
// must come out as one word, never split over two lines.
const std::vector<std::string> kWholeQuarterlyWords = {
    "Region", "Total", "Status", "Medium", "procurement", "10,000", "12,500", "100,000", "101,250", "398,750",
    "10,650", "2026-01-15", "2026-02-03", "2026-03-21", "2026-04-30", "Delayed"};

void check_whole_words(const std::vector<Word>& words, const std::string& where) {
  for (const auto& expected : kWholeQuarterlyWords) {
    bool found = std::any_of(words.begin(), words.end(), [&](const Word& w) { return w.text == expected; });
    BOOST_TEST(found, where << ": '" << expected << "' is not one word");
  }
  for (const auto& word : words) {
    bool broken_number = std::regex_match(word.text, std::regex(R"(\d[\d,]*-?|,\d+|-\d+)")) &&
                         word.text.find(',') != std::string::npos && word.text.size() < 5;
    BOOST_TEST(!broken_number, where << ": a number broken into '" << word.text << "'");
    BOOST_TEST(word.text.back() != '-', where << ": a word hyphenated at '" << word.text << "'");
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_twelve_column_table_keeps_numbers_dates_and_short_words_whole) {
  RenderedFile file = checked(source_file("docs/examples/quarterly-table.md"), "quarterly-table");
  check_whole_words(words_of(file.path, 1), "portrait page");
  // Too wide for the portrait page at its usual size: set smaller, and the generation says so.
  BOOST_TEST_REQUIRE(file.warnings.size() == 1u);
  BOOST_TEST(file.warnings[0].find("table 1 (Region | Q1 | Q2 | \u2026) is too wide for the page: set at") == 0u,
             file.warnings[0]);
}

BOOST_AUTO_TEST_CASE(a_landscape_table_gets_a_landscape_page_of_its_own) {
  RenderedFile file = checked(source_file("docs/examples/quarterly-table.md"), "quarterly-landscape");
  const std::string sizes = run_tool("pdfinfo -f 1 -l 9 " + quote(file.path)).output;
  std::regex size(R"(Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+))");
  std::vector<bool> landscape;
  for (std::sregex_iterator it(sizes.begin(), sizes.end(), size), end; it != end; ++it)
    landscape.push_back(std::stod((*it)[2].str()) > std::stod((*it)[3].str()));
  BOOST_TEST_REQUIRE(landscape.size() == 3u);  // text and tables, the landscape table, the closing line
  BOOST_TEST(!landscape[0]);
  BOOST_TEST(landscape[1]);
  BOOST_TEST(!landscape[2]);
  check_whole_words(words_of(file.path, 2), "landscape page");
  BOOST_TEST(page_text(file.path, 3).find("The same table on a landscape page") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_width_hint_sizes_its_column) {
  RenderedFile file = checked(
      "| Account | Notes {width=50%} | Owner |\n|:--|:--|:--|\n| Quokka | Short | J. Smith |\n", "width-hint");
  std::vector<Word> words = words_of(file.path, 1);
  auto left_of = [&](const std::string& text) {
    auto found = std::find_if(words.begin(), words.end(), [&](const Word& w) { return w.text == text; });
    BOOST_TEST_REQUIRE((found != words.end()), text);
    return found->x_min;
  };
  // Left-aligned header texts start one cell padding into their cells: the
  // distance between two is the width of the first. A4 with 20 mm margins: 481.9 points of text.
  BOOST_TEST(left_of("Owner") - left_of("Notes") == 481.89 / 2, boost::test_tools::tolerance(0.005));
  BOOST_TEST(words_of(file.path, 1).size() == 7u);  // "{width=50%}" is not printed
}

BOOST_AUTO_TEST_CASE(a_right_to_left_table_runs_from_the_right_and_keeps_amounts_whole) {
  std::string source = "---\nlocale: ar\n---\n| المنطقة | المبلغ | ملاحظات |\n|:--|--:|:--|\n";
  for (int i = 0; i < 3; ++i)
    source += "| EU-" + std::to_string(i) + " | 1,234,567.89 | تجديد العقد بعد مراجعة الشروط الجديدة مع الفريق القانوني والمالي |\n";
  RenderedFile file = checked(source, "rtl-table");
  std::vector<Word> words = words_of(file.path, 1);
  double region = -1, amount = -1;
  int amounts = 0;
  for (const auto& word : words) {
    if (word.text == "EU-0") region = word.x_min;
    if (word.text == "1,234,567.89") {
      amount = word.x_min;
      ++amounts;
    }
  }
  BOOST_TEST(amounts == 3);  // whole, on every row
  BOOST_TEST_REQUIRE(region > 0);
  BOOST_TEST(region > amount);  // the first column is on the right
  BOOST_TEST(file.warnings.empty());
}

BOOST_AUTO_TEST_CASE(a_long_landscape_table_repeats_its_header_on_each_of_its_pages) {
  RenderedFile file = checked("# Orders\n\n<!-- landscape -->\n" + long_table(120) + "\nThe end.\n", "long-landscape");
  const std::string sizes = run_tool("pdfinfo -f 1 -l 20 " + quote(file.path)).output;
  std::regex size(R"(Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+))");
  std::vector<bool> landscape;
  for (std::sregex_iterator it(sizes.begin(), sizes.end(), size), end; it != end; ++it)
    landscape.push_back(std::stod((*it)[2].str()) > std::stod((*it)[3].str()));
  BOOST_TEST_REQUIRE(landscape.size() >= 5u);  // the heading, three or more landscape pages, the closing line
  BOOST_TEST(!landscape.front());
  BOOST_TEST(!landscape.back());
  for (std::size_t page = 2; page < landscape.size(); ++page) {
    BOOST_TEST(landscape[page - 1], "page " << page);
    BOOST_TEST(std::regex_search(page_text(file.path, static_cast<int>(page)),
                                 std::regex(R"(Item\s+Description\s+Qty\s+Amount)")),
               "header row missing on page " << page);
  }
  BOOST_TEST(page_text(file.path, static_cast<int>(landscape.size())).find("The end.") != std::string::npos);
}
