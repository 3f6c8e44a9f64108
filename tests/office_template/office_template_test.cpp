// The Office template library's entry points: validate() names where a
// template is wrong (part, paragraph or cell, tag, context), merge() where data
// is missing, bad packages are refused, and merges are safe to run at once.
// Templates are real packages: s2d's own DOCX/XLSX/PPTX writers turn Markdown
// into a document whose text carries the tags (braces come from the data).
#define BOOST_TEST_MODULE office templates
#include "core/crypto.hpp"
#include "renderers/office_template/office_template.hpp"
#include "renderers/ooxml/zip_writer.hpp"
#include "renderers/render.hpp"
#include "tests/office/package_reader.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

namespace ot = s2d::office_template;

namespace {

// A package of `format` whose text is `markdown` with [[ ]] turned into {{ }}.
std::string package(const std::string& markdown, const std::string& format,
                    const nlohmann::json& data = nlohmann::json::object()) {
  std::string source;
  for (std::size_t i = 0; i < markdown.size(); ++i) {
    if (markdown.compare(i, 2, "[[") == 0) source += "{{o}}", ++i;
    else if (markdown.compare(i, 2, "]]") == 0) source += "{{c}}", ++i;
    else source += markdown[i];
  }
  s2d::render::Request request;
  request.source = source;
  request.data = data;
  request.data["o"] = "{{";
  request.data["c"] = "}}";
  request.formats = {format};
  request.deterministic = true;
  auto result = s2d::render::render(request);
  BOOST_REQUIRE_MESSAGE(!result.error.has_value(), (result.error ? result.error->message : std::string()));
  return result.outputs.front().bytes;
}

ot::Error invalid(const std::string& markdown, const std::string& format = "docx") {
  ot::Kind kind;
  ot::parse_kind(format, &kind);
  auto validation = ot::validate(package(markdown, format), kind);
  BOOST_REQUIRE(validation.error);
  BOOST_TEST(validation.error->code == "template_invalid");
  return *validation.error;
}

// A 1x1 PNG, base64.
constexpr const char* kPixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVQI12P4z8AAAAMBAQBkuGI1AAAAAElFTkSuQmCC";

std::string document_text(const std::string& docx) {
  s2d::office_test::PackageReader reader(docx);
  return s2d::office_test::all_text(reader.xml("word/document.xml")->document_element(), "w:t");
}

}  // namespace

BOOST_AUTO_TEST_CASE(validate_lists_the_fields_of_every_part) {
  auto validation = ot::validate(package("Hello [[customer.name]]\n\n[[#each items]]\n\n- [[price]]\n\n[[/each]]\n", "docx"),
                                 ot::Kind::docx);
  BOOST_REQUIRE(!validation.error);
  const std::string fields = validation.fields.dump();
  BOOST_TEST(fields.find("\"customer.name\"") != std::string::npos);
  BOOST_TEST(fields.find("\"items\"") != std::string::npos);
  BOOST_TEST(fields.find("\"items[].price\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unclosed_block_names_the_paragraph_it_opens_in) {
  auto error = invalid("First\n\n[[#each items]]\n\n[[name]]\n");
  BOOST_TEST(error.part == "word/document.xml");
  BOOST_TEST(error.paragraph == 2);
  BOOST_TEST(error.tag == "{{#each items}}");
  BOOST_TEST(error.message.find("{{/each}}") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_wrong_closing_tag_names_where_its_block_opened) {
  auto error = invalid("[[#if a]]\n\nText\n\n[[/each]]\n");
  BOOST_TEST(error.paragraph == 3);
  BOOST_TEST(error.tag == "{{/each}}");
  BOOST_TEST(error.message.find("opened in paragraph 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_tag_left_open_in_its_paragraph_is_refused_with_context) {
  auto error = invalid("Intro\n\nDear [[customer.name, welcome\n");
  BOOST_TEST(error.paragraph == 2);
  BOOST_TEST(error.context.find("Dear") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(partials_and_delimiter_changes_are_refused) {
  BOOST_TEST(invalid("[[> header]]\n").message.find("partials") != std::string::npos);
  BOOST_TEST(invalid("[[=<% %>=]]\n").message.find("delimiter") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(syntax_errors_from_the_engine_point_at_the_tag) {
  auto error = invalid("One\n\nTwo [[#if]] three [[/if]]\n");
  BOOST_TEST(error.paragraph == 2);
  BOOST_TEST(error.tag == "{{#if}}");
}

BOOST_AUTO_TEST_CASE(xlsx_errors_name_the_cell) {
  auto error = invalid("| A | B |\n|---|---|\n| [[#each rows]][[a]] | [[b]] |\n", "xlsx");
  BOOST_TEST(error.cell.find("!A2") != std::string::npos);
  BOOST_TEST(error.paragraph == 0);
}

BOOST_AUTO_TEST_CASE(pptx_slide_loop_without_end_is_refused) {
  auto error = invalid("# Title\n\n```notes\n[[#each accounts]]\n```\n\n---\n\n# Next\n", "pptx");
  BOOST_TEST(error.tag == "{{#each accounts}}");
}

BOOST_AUTO_TEST_CASE(bytes_that_are_no_package_are_refused) {
  auto validation = ot::validate("not a zip file", ot::Kind::docx);
  BOOST_REQUIRE(validation.error);
  BOOST_TEST(validation.error->code == "template_invalid");
  auto wrong_kind = ot::validate(package("Hello\n", "xlsx"), ot::Kind::docx);
  BOOST_REQUIRE(wrong_kind.error);
  BOOST_TEST(wrong_kind.error->message.find("DOCX") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_field_names_placeholder_part_and_paragraph) {
  ot::Options options;
  auto merged = ot::merge(package("Intro\n\nTotal: [[order.total]]\n", "docx"), ot::Kind::docx,
                          {{"order", nlohmann::json::object()}}, options);
  BOOST_REQUIRE(merged.error);
  BOOST_TEST(merged.error->code == "missing_required_field");
  BOOST_TEST(merged.error->placeholder == "order.total");
  BOOST_TEST(merged.error->part == "word/document.xml");
  BOOST_TEST(merged.error->paragraph == 2);
  BOOST_TEST(merged.error->to_json()["tag"] == "{{order.total}}");
}

BOOST_AUTO_TEST_CASE(values_cannot_write_markup_even_through_triple_braces) {
  ot::Options options;
  auto merged = ot::merge(package("A [[{x}]] B\n", "docx"), ot::Kind::docx, {{"x", "</w:t><w:p>&amp;"}}, options);
  BOOST_REQUIRE(!merged.error);
  auto reader = s2d::office_test::sound_package(merged.bytes);
  BOOST_TEST(document_text(merged.bytes).find("</w:t><w:p>&amp;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(concurrent_merges_of_one_template_agree) {
  const std::string tpl = package("[[#each items]]\n\n- [[name]]: [[qty]]\n\n[[/each]]\n", "docx");
  nlohmann::json data = {{"items", nlohmann::json::array()}};
  for (int i = 0; i < 50; ++i) data["items"].push_back({{"name", "item " + std::to_string(i)}, {"qty", i}});
  ot::Options options;
  options.deterministic = true;
  const std::string expected = ot::merge(tpl, ot::Kind::docx, data, options).bytes;
  BOOST_REQUIRE(!expected.empty());
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 10; ++round) results[t] = ot::merge(tpl, ot::Kind::docx, data, options).bytes;
    });
  for (auto& thread : threads) thread.join();
  for (const auto& bytes : results) BOOST_TEST((bytes == expected));
  BOOST_TEST(document_text(expected).find("item 49: 49") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_else_row_shows_when_a_multi_row_loop_has_nothing) {
  const std::string tpl = package("| Item | Qty |\n|---|---|\n| [[#each items]][[name]] | [[qty]] |\n"
                                  "| [[else]]No items | [[/each]] |\n", "docx");
  ot::Options options;
  auto empty = ot::merge(tpl, ot::Kind::docx, {{"items", nlohmann::json::array()}}, options);
  BOOST_REQUIRE(!empty.error);
  BOOST_TEST(document_text(empty.bytes).find("No items") != std::string::npos);
  auto full = ot::merge(tpl, ot::Kind::docx, {{"items", {{{"name", "Bolt"}, {"qty", 2}}, {{"name", "Nut"}, {"qty", 3}}}}}, options);
  BOOST_REQUIRE(!full.error);
  const std::string text = document_text(full.bytes);
  BOOST_TEST(text.find("Bolt2Nut3") != std::string::npos);
  BOOST_TEST(text.find("No items") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_slide_loop_over_nothing_removes_its_slides) {
  const std::string tpl = package("# Title\n\n---\n\n# Account [[name]]\n\n```notes\n[[#each accounts]][[/each]]\n```\n\n"
                                  "---\n\n# End\n", "pptx");
  ot::Options options;
  auto merged = ot::merge(tpl, ot::Kind::pptx, {{"accounts", nlohmann::json::array()}}, options);
  BOOST_REQUIRE(!merged.error);
  auto reader = s2d::office_test::sound_package(merged.bytes);
  auto presentation = reader.xml("ppt/presentation.xml");
  BOOST_TEST(s2d::office_test::count_elements(presentation->document_element(), "p:sldId") == 2u);
  BOOST_TEST(!reader.has("ppt/slides/slide2.xml"));
  auto failing = ot::merge(tpl, ot::Kind::pptx, {{"accounts", {{{"id", 1}}}}}, options);
  BOOST_REQUIRE(failing.error);
  BOOST_TEST(failing.error->slide == 2);
  BOOST_TEST(failing.error->placeholder == "accounts[0].name");
}

namespace {

// The package with one part replaced (or added).
std::string with_part(const std::string& bytes, const std::string& name, const std::string& content, int extra_entries = 0) {
  s2d::office_test::PackageReader reader(bytes);
  s2d::office::ZipWriter zip(true);
  for (const auto& part : reader.names()) zip.add(part, part == name ? content : reader.text(part));
  for (int i = 0; i < extra_entries; ++i) zip.add("extra/" + std::to_string(i) + ".txt", "x", false);
  return zip.finish();
}

}  // namespace

BOOST_AUTO_TEST_CASE(hostile_packages_get_a_clear_error) {
  const std::string good = package("Hello [[name]]\n", "docx");
  std::string deep = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
  for (int i = 0; i < 100000; ++i) deep += "<w:sdt>";
  auto nested = ot::validate(with_part(good, "word/document.xml", deep), ot::Kind::docx);
  BOOST_REQUIRE(nested.error);
  BOOST_TEST(nested.error->part == "word/document.xml");

  std::string body = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
                     "<w:p><w:r><w:t>\xEF\xBF\xBF{{name}}</w:t></w:r></w:p></w:body></w:document>";
  auto marker = ot::validate(with_part(good, "word/document.xml", body), ot::Kind::docx);
  BOOST_REQUIRE(marker.error);
  BOOST_TEST(marker.error->message.find("U+FFFF") != std::string::npos);

  auto crowded = ot::validate(with_part(good, "", "", 4001), ot::Kind::docx);
  BOOST_REQUIRE(crowded.error);
  BOOST_TEST(crowded.error->message.find("entries") != std::string::npos);

  auto truncated = ot::validate(good.substr(0, good.size() / 2), ot::Kind::docx);
  BOOST_REQUIRE(truncated.error);
  BOOST_TEST(truncated.error->code == "template_invalid");
}

BOOST_AUTO_TEST_CASE(an_image_naming_no_asset_says_which_tag) {
  ot::Options options;
  std::vector<s2d::render::Asset> assets;
  options.assets = &assets;
  const std::string tpl = package("Intro\n\nLogo: [[image logo width=\"3cm\"]]\n", "docx");
  auto missing = ot::merge(tpl, ot::Kind::docx, {{"logo", "nope.png"}}, options);
  BOOST_REQUIRE(missing.error);
  BOOST_TEST(missing.error->code == "asset_missing");
  BOOST_TEST(missing.error->paragraph == 2);
  BOOST_TEST(missing.error->tag == "{{image logo width=\"3cm\"}}");
  auto broken = ot::merge(tpl, ot::Kind::docx, {{"logo", "data:image/png;base64,AAAA"}}, options);
  BOOST_REQUIRE(broken.error);
  BOOST_TEST(broken.error->code == "image_invalid");
}

BOOST_AUTO_TEST_CASE(a_loop_making_up_a_header_cell_repeats_the_column_in_every_row) {
  const std::string tpl = package("| Product | [[#each quarters]][[this]][[/each]] | Total |\n|---|---|---|\n"
                                  "| [[#each products]][[name]] | [[lookup ../sales @index]] | [[total]][[/each]] |\n", "docx");
  nlohmann::json data = {{"quarters", {"Q1", "Q2", "Q3"}},
                         {"products", {{{"name", "Bolt"}, {"sales", {1, 2, 3}}, {"total", 6}},
                                       {{"name", "Nut"}, {"sales", {4, 5, 6}}, {"total", 15}}}}};
  auto merged = ot::merge(tpl, ot::Kind::docx, data, {});
  BOOST_REQUIRE_MESSAGE(!merged.error.has_value(), (merged.error ? merged.error->message : std::string()));
  BOOST_TEST(document_text(merged.bytes) == "ProductQ1Q2Q3TotalBolt1236Nut45615");
  s2d::office_test::PackageReader reader(merged.bytes);
  const auto grid = reader.xml("word/document.xml")->document_element().select_nodes("//w:tblGrid/w:gridCol");
  BOOST_TEST(grid.size() == 5u);
  BOOST_TEST(reader.text("word/document.xml").find("s2d:") == std::string::npos);
  // The loops s2d adds to the grid and the rows ask for the fields the author wrote.
  const std::string fields = ot::validate(tpl, ot::Kind::docx).fields.dump();
  BOOST_TEST(fields.find("\"quarters\"") != std::string::npos);
  BOOST_TEST(fields.find("../") == std::string::npos, fields);
}

BOOST_AUTO_TEST_CASE(column_loops_refuse_what_they_cannot_repeat) {
  auto with_else = invalid("| A | [[#each q]][[this]][[else]]none[[/each]] |\n|---|---|\n| a | b |\n");
  BOOST_TEST(with_else.message == "{{else}} cannot sit in a repeated table column");
  auto header_in_block = invalid("| [[#if show]]A | [[#each q]][[this]][[/each]] |\n|---|---|\n| a | b[[/if]] |\n");
  BOOST_TEST(header_in_block.message.find("header row cannot sit inside a block over rows") != std::string::npos);
  BOOST_TEST(header_in_block.tag == "{{#each q}}");
  auto expression = invalid("| A | [[#each (sort q)]][[this]][[/each]] |\n|---|---|\n| [[#each rows]]a | b[[/each]] |\n");
  BOOST_TEST(expression.message.find("must loop over a field path") != std::string::npos);
  auto section = invalid("| A | [[#each q]][[this]][[/each]] |\n|---|---|\n| [[#rows]]a | b[[/rows]] |\n");
  BOOST_TEST(section.tag == "{{#rows}}");
}

BOOST_AUTO_TEST_CASE(two_markdown_values_in_one_sentence_are_both_formatted) {
  for (const char* format : {"docx", "pptx"}) {
    ot::Kind kind;
    ot::parse_kind(format, &kind);
    const std::string tpl = package("# T\n\nSee [[markdown a]][[markdown b]] now.\n", format);
    auto merged = ot::merge(tpl, kind, {{"a", "**one**"}, {"b", "*two*"}}, {});
    BOOST_REQUIRE_MESSAGE(!merged.error.has_value(), (merged.error ? merged.error->message : std::string()));
    s2d::office_test::PackageReader reader(merged.bytes);
    const std::string part = kind == ot::Kind::docx ? "word/document.xml" : "ppt/slides/slide1.xml";
    BOOST_TEST(reader.text(part).find("s2d:md") == std::string::npos, format);
    BOOST_TEST(reader.text(part).find(">two<") != std::string::npos, format);
  }
}

namespace {

// A DOCX whose chart comes from a Markdown chart block; `title` may carry tags.
std::string chart_package(const std::string& title) {
  return package("# Revenue\n\n```chart\ntype: column\ntitle: " + title +
                     "\ndata: rows\nx: q\ny: [a, b]\n```\n\nAfter.\n",
                 "docx", {{"rows", {{{"q", "Q1"}, {"a", 1}, {"b", 2}}}}});
}

std::string only_chart_part(const std::string& docx) {
  s2d::office_test::PackageReader reader(docx);
  for (const auto& name : reader.names())
    if (name.rfind("word/charts/chart", 0) == 0 && name.find(".xml") != std::string::npos &&
        name.find("_rels") == std::string::npos)
      return reader.text(name);
  return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_chart_tag_in_a_title_takes_its_rows_from_the_data) {
  const std::string tpl = chart_package("[[chart revenue]]");
  auto validation = ot::validate(tpl, ot::Kind::docx);
  BOOST_REQUIRE_MESSAGE(!validation.error.has_value(), (validation.error ? validation.error->message : std::string()));
  BOOST_TEST(validation.fields.dump().find("\"revenue\"") != std::string::npos, validation.fields.dump());
  nlohmann::json data = {{"rows", nlohmann::json::array()},
                         {"revenue", {{{"label", "North"}, {"values", {3, 4, 5}}}, {{"label", "South"}, {"values", {6, 7, 8}}}}}};
  auto merged = ot::merge(tpl, ot::Kind::docx, data, {});
  BOOST_REQUIRE_MESSAGE(!merged.error.has_value(), (merged.error ? merged.error->message : std::string()));
  const std::string chart = only_chart_part(merged.bytes);
  BOOST_TEST(chart.find(">North<") != std::string::npos);
  BOOST_TEST(chart.find(">South<") != std::string::npos);
  BOOST_TEST(chart.find("{{") == std::string::npos);
  // Three values per row: the template's two series and one more.
  std::size_t series = 0;
  for (std::size_t at = chart.find("<c:ser>"); at != std::string::npos; at = chart.find("<c:ser>", at + 1)) ++series;
  BOOST_TEST(series == 3u);
}

BOOST_AUTO_TEST_CASE(chart_data_that_is_no_list_of_rows_is_refused_with_the_tag) {
  const std::string tpl = chart_package("[[chart revenue]]");
  auto not_list = ot::merge(tpl, ot::Kind::docx, {{"revenue", {{"label", "Q1"}}}}, {});
  BOOST_REQUIRE(not_list.error);
  BOOST_TEST(not_list.error->code == "invalid_chart");
  BOOST_TEST(not_list.error->placeholder == "revenue");
  auto missing = ot::merge(tpl, ot::Kind::docx, nlohmann::json::object(), {});
  BOOST_REQUIRE(missing.error);
  BOOST_TEST(missing.error->code == "missing_required_field");
  BOOST_TEST(missing.error->part.find("word/charts/") == 0u, missing.error->part);
  auto text_value = ot::merge(tpl, ot::Kind::docx, {{"revenue", {{{"label", "Q1"}, {"values", {"ten"}}}}}}, {});
  BOOST_REQUIRE(text_value.error);
  BOOST_TEST(text_value.error->code == "invalid_chart");
}

BOOST_AUTO_TEST_CASE(a_chart_tag_outside_a_chart_is_refused) {
  auto in_text = invalid("Sales: [[chart revenue]]\n");
  BOOST_TEST(in_text.tag == "{{chart revenue}}");
  BOOST_TEST(in_text.message.find("chart") != std::string::npos, in_text.message);
}

BOOST_AUTO_TEST_CASE(https_pictures_are_collected_then_merged_from_the_fetched_assets) {
  const std::string tpl = package("[[#each people]]\n\n[[name]]: [[image photo width=\"2cm\"]]\n\n[[/each]]\n", "docx");
  const std::string a = "https://img.example/a.png", b = "https://img.example/b.png";
  nlohmann::json data = {{"people", {{{"name", "Ann"}, {"photo", b}}, {{"name", "Bo"}, {"photo", a}},
                                     {{"name", "Cy"}, {"photo", b}}}}};
  BOOST_TEST(ot::remote_image_urls(tpl, ot::Kind::docx, data, {}) == (std::vector<std::string>{b, a}));

  auto unfetched = ot::merge(tpl, ot::Kind::docx, data, {});
  BOOST_REQUIRE(unfetched.error);
  BOOST_TEST(unfetched.error->code == "image_unavailable");
  BOOST_TEST(unfetched.error->placeholder == b);

  std::string pixel;
  BOOST_REQUIRE(s2d::crypto::base64_decode(kPixelPng, &pixel));
  std::vector<s2d::render::Asset> fetched = {{a, "image/png", pixel}, {b, "image/png", pixel}};
  ot::Options options;
  options.assets = &fetched;
  auto merged = ot::merge(tpl, ot::Kind::docx, data, options);
  BOOST_REQUIRE_MESSAGE(!merged.error.has_value(), (merged.error ? merged.error->message : std::string()));
  s2d::office_test::PackageReader reader(merged.bytes);
  BOOST_TEST(reader.text("word/document.xml").find("<pic:pic") != std::string::npos);

  auto plain = ot::merge(tpl, ot::Kind::docx, {{"people", {{{"name", "Ann"}, {"photo", "http://img.example/a.png"}}}}},
                         options);
  BOOST_REQUIRE(plain.error);
  BOOST_TEST(plain.error->code == "image_unavailable");
  BOOST_TEST(plain.error->message.find("only https") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pptx_placeholder_pictures_name_their_urls_and_templates_without_pictures_none) {
  const std::string pixel = std::string("data:image/png;base64,") + kPixelPng;
  const std::string url = "https://img.example/team.png";
  // The alt text written with the braces directly: "![[[" would open the tag before the alt text's bracket.
  const std::string deck = package("# Team\n\n![{{o}}image photo{{c}}](" + pixel + ")\n", "pptx");
  BOOST_TEST(ot::remote_image_urls(deck, ot::Kind::pptx, {{"photo", url}}, {}) == std::vector<std::string>{url});
  const std::string letter = package("Dear [[name]]\n", "docx");
  BOOST_TEST(ot::remote_image_urls(letter, ot::Kind::docx, {{"name", url}}, {}).empty());
}

BOOST_AUTO_TEST_CASE(chart_data_past_its_bounds_is_refused) {
  const std::string tpl = chart_package("[[chart revenue]]");
  nlohmann::json wide = {{"revenue", {{{"label", "Q1"}, {"values", nlohmann::json::array()}}}}};
  for (int k = 0; k < 25; ++k) wide["revenue"][0]["values"].push_back(k);
  auto too_wide = ot::merge(tpl, ot::Kind::docx, wide, {});
  BOOST_REQUIRE(too_wide.error);
  BOOST_TEST(too_wide.error->code == "invalid_chart");
  BOOST_TEST(too_wide.error->message.find("at most 24") != std::string::npos, too_wide.error->message);
  nlohmann::json long_data = {{"revenue", nlohmann::json::array()}};
  for (int i = 0; i < 10001; ++i) long_data["revenue"].push_back({{"label", std::to_string(i)}, {"values", {i}}});
  auto too_long = ot::merge(tpl, ot::Kind::docx, long_data, {});
  BOOST_REQUIRE(too_long.error);
  BOOST_TEST(too_long.error->code == "limit_exceeded");
  auto no_label = ot::merge(tpl, ot::Kind::docx, {{"revenue", {{{"values", {1}}}}}}, {});
  BOOST_REQUIRE(no_label.error);
  BOOST_TEST(no_label.error->placeholder == "revenue[0].label");
}

BOOST_AUTO_TEST_CASE(an_image_url_past_2048_bytes_is_refused_with_its_tag) {
  const std::string tpl = package("Logo: [[image logo]]\n", "docx");
  auto merged = ot::merge(tpl, ot::Kind::docx, {{"logo", "https://img.example/" + std::string(2100, 'a') + ".png"}}, {});
  BOOST_REQUIRE(merged.error);
  BOOST_TEST(merged.error->code == "image_unavailable");
  BOOST_TEST(merged.error->message.find("longer than 2048") != std::string::npos);
  BOOST_TEST(merged.error->placeholder.size() == 200u);
}
