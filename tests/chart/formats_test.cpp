// Every chart type through the renderers' facade into every format.
#include "renderers/ooxml/pptx_parts.hpp"
#include "renderers/render.hpp"
#include "tests/office/package_reader.hpp"
#include "tests/pdf/pdf_support.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <sstream>

namespace s2d::chart {
namespace {

using office_test::count_elements;
using office_test::sound_package;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// tests/chart/all_types.md: one chart of each type (and a stacked one), rendered once for all tests.
const render::Result& all_types() {
  static const render::Result result = [] {
    render::Request request;
    request.source = read(std::string(S2D_SOURCE_DIR) + "/tests/chart/all_types.md");
    request.data = nlohmann::json::parse(read(std::string(S2D_SOURCE_DIR) + "/tests/chart/all_types.json"));
    request.formats = {"pdf", "html", "docx", "pptx", "xlsx", "md", "txt"};
    request.deterministic = true;
    return render::render(request);
  }();
  return result;
}

const std::string& output(const std::string& format) {
  const auto& result = all_types();
  BOOST_TEST_REQUIRE(!result.error, (result.error ? result.error->message : ""));
  for (const auto& out : result.outputs)
    if (out.format == format) return out.bytes;
  BOOST_FAIL("no " + format + " output");
  static const std::string none;
  return none;
}

const char* const kTitles[] = {"Revenue by quarter", "Pipeline by stage", "Active users", "Usage by product",
                               "Market share", "Pipeline mix", "Deal size vs cycle", "Stacked with negatives"};
// Series per chart, in document order.
const std::size_t kSeries[] = {2, 1, 2, 2, 1, 1, 1, 2};

std::string squeezed(std::string text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\n') out += c;
  return out;
}

// Every chart part of a package, in order, checked against the expected series.
void check_chart_parts(const office_test::PackageReader& package, const std::string& folder) {
  const std::string types = package.text("[Content_Types].xml");
  for (std::size_t i = 0; i < std::size(kTitles); ++i) {
    const std::string number = std::to_string(i + 1);
    const std::string part = folder + "charts/chart" + number + ".xml";
    BOOST_TEST_INFO(part);
    BOOST_TEST_REQUIRE(package.has(part));
    BOOST_TEST(types.find("/" + part + "\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml") != std::string::npos);
    const auto xml = package.xml(part);
    const pugi::xml_node space = xml->child("c:chartSpace");
    BOOST_TEST(count_elements(space, "c:ser") == kSeries[i]);
    BOOST_TEST(office_test::all_text(space, "a:t").find(kTitles[i]) != std::string::npos);
    BOOST_TEST(count_elements(space, "c:numCache") + count_elements(space, "c:strCache") >= kSeries[i] * 2);
    BOOST_TEST(std::string(space.child("c:externalData").attribute("r:id").value()) == "rId1");
    const auto relationships = package.xml(folder + "charts/_rels/chart" + number + ".xml.rels");
    const std::string target = relationships->child("Relationships").child("Relationship").attribute("Target").value();
    BOOST_TEST(target == "../embeddings/Microsoft_Excel_Worksheet" + number + ".xlsx");
    const auto workbook = sound_package(package.text(folder + "embeddings/Microsoft_Excel_Worksheet" + number + ".xlsx"));
    const auto sheet = workbook.xml("xl/worksheets/sheet1.xml");
    BOOST_TEST(count_elements(sheet->child("worksheet"), "row") >= 4u);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(formats)

BOOST_AUTO_TEST_CASE(the_pdf_draws_every_type_as_vectors_and_text) {
  const std::string path = pdf_test::scratch_path("all_types.pdf");
  std::ofstream(path, std::ios::binary) << output("pdf");
  const std::string text = pdf_test::all_text(path);
  for (const char* title : kTitles) BOOST_TEST(text.find(title) != std::string::npos, title);
  // Categories, legends, axis ticks and value labels stay text.
  for (const char* label : {"Q3 2026", "Prospecting", "Jun", "Admins", "users", "€150,000", "€95,000",
                            "€420,000", "Days to close", "Deal size", "-50,000", "€1,065,000"})
    BOOST_TEST(text.find(label) != std::string::npos, label);
  const auto images = pdf_test::run_tool("pdfimages -list " + pdf_test::quote(path));
  BOOST_TEST(images.status == 0);
  std::size_t lines = 0;
  for (char c : images.output) lines += c == '\n';
  BOOST_TEST(lines == 2u, images.output);  // the two header lines of an empty list
  std::string report;
  BOOST_TEST(pdf_test::qpdf_accepts(path, &report), report);
}

BOOST_AUTO_TEST_CASE(html_holds_one_inline_svg_per_chart) {
  const std::string& html = output("html");
  std::size_t svgs = 0;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) ++svgs;
  BOOST_TEST(svgs == std::size(kTitles));
  BOOST_TEST(html.find("<img") == std::string::npos);
  BOOST_TEST(html.find("<title>Pipeline mix</title>") != std::string::npos);
  BOOST_TEST(html.find(">Prospecting</text>") != std::string::npos);
  BOOST_TEST(html.find(">€310,000</text>") != std::string::npos);
  BOOST_TEST(html.find("```chart") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(docx_and_pptx_carry_native_charts_with_their_workbooks) {
  const auto docx = sound_package(output("docx"));
  check_chart_parts(docx, "word/");
  const std::string body = docx.text("word/document.xml");
  std::size_t frames = 0;
  for (auto at = body.find("<c:chart "); at != std::string::npos; at = body.find("<c:chart ", at + 1)) ++frames;
  BOOST_TEST(frames == std::size(kTitles));
  const auto pptx = sound_package(output("pptx"));
  check_chart_parts(pptx, "ppt/");
  std::size_t slide_frames = 0;
  for (const auto& name : pptx.names())
    if (name.rfind("ppt/slides/slide", 0) == 0) slide_frames += count_elements(pptx.xml(name)->child("p:sld"), "c:chart");
  BOOST_TEST(slide_frames == std::size(kTitles));
}

BOOST_AUTO_TEST_CASE(xlsx_puts_each_chart_beside_its_data) {
  const auto xlsx = sound_package(output("xlsx"));
  const auto workbook = xlsx.xml("xl/workbook.xml");
  BOOST_TEST(count_elements(workbook->child("workbook"), "sheet") == std::size(kTitles));
  for (std::size_t i = 0; i < std::size(kTitles); ++i) {
    const std::string number = std::to_string(i + 1);
    BOOST_TEST_INFO("sheet " << number);
    const auto sheet = xlsx.xml("xl/worksheets/sheet" + number + ".xml");
    BOOST_TEST(!sheet->child("worksheet").child("drawing").empty());
    const auto chart = xlsx.xml("xl/charts/chart" + number + ".xml");
    BOOST_TEST(count_elements(chart->child("c:chartSpace"), "c:ser") == kSeries[i]);
    BOOST_TEST(chart->child("c:chartSpace").child("c:externalData").empty());
  }
  const std::string names = xlsx.text("xl/workbook.xml");
  BOOST_TEST(names.find("name=\"Revenue by quarter\"") != std::string::npos);
  const std::string formulas = xlsx.text("xl/charts/chart1.xml");
  BOOST_TEST(formulas.find("'Revenue by quarter'!$B$2:$B$5") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_chart_alone_on_a_slide_fills_the_content_area) {
  render::Request request;
  request.source = "## Revenue\n\n```chart\ndata: rows\nx: k\ny: v\n```\n";
  request.data = {{"rows", {{{"k", "a"}, {"v", 1}}, {{"k", "b"}, {"v", 2}}}}};
  request.formats = {"pptx"};
  const auto result = render::render(request);
  BOOST_TEST_REQUIRE(!result.error, result.error->message);
  const auto deck = sound_package(result.outputs[0].bytes);
  const auto slide = deck.xml("ppt/slides/slide1.xml");
  const pugi::xml_node frame = slide->select_node("//p:graphicFrame").node();
  const office::pptx::Box body = office::pptx::body_box(office::pptx::SlideSize{});
  BOOST_TEST(frame.child("p:xfrm").child("a:off").attribute("x").as_llong() == body.x);
  BOOST_TEST(frame.child("p:xfrm").child("a:off").attribute("y").as_llong() == body.y);
  BOOST_TEST(frame.child("p:xfrm").child("a:ext").attribute("cx").as_llong() == body.cx);
  BOOST_TEST(frame.child("p:xfrm").child("a:ext").attribute("cy").as_llong() == body.cy);
}

BOOST_AUTO_TEST_CASE(an_untitled_chart_gets_a_sheet_named_chart_n) {
  render::Request request;
  request.source = "```chart\ndata: rows\nx: k\ny: v\n```\n";
  request.data = {{"rows", {{{"k", "a"}, {"v", 1}}}}};
  request.formats = {"xlsx"};
  const auto result = render::render(request);
  BOOST_TEST_REQUIRE(!result.error, result.error->message);
  const auto xlsx = sound_package(result.outputs[0].bytes);
  BOOST_TEST(xlsx.text("xl/workbook.xml").find("name=\"Chart 1\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(markdown_and_text_show_the_data_as_a_table_under_the_title) {
  const std::string& md = output("md");
  BOOST_TEST(md.find("```chart") == std::string::npos);
  BOOST_TEST(md.find("**Revenue by quarter**\n\n| quarter | revenue | target |\n| --- | ---: | ---: |\n"
                     "| Q1 2026 | €120,000.00 | €110,000.00 |") != std::string::npos, md);
  const std::string& txt = output("txt");
  BOOST_TEST(txt.find("Pipeline mix") != std::string::npos);
  BOOST_TEST(squeezed(txt).find("Proposalsenttothecustomer€180,000") != std::string::npos, txt);
}

BOOST_AUTO_TEST_CASE(right_to_left_and_cjk_labels_stay_text) {
  render::Request request;
  request.source = "```chart\ntype: column\ntitle: المبيعات\ndata: rows\nx: k\ny: v\nlabels: true\n```\n";
  request.data = {{"rows", {{{"k", "東京"}, {"v", 3}}, {{"k", "القاهرة"}, {"v", 5}}}}};
  request.formats = {"pdf"};
  const auto result = render::render(request);
  BOOST_TEST_REQUIRE(!result.error, result.error->message);
  const std::string path = pdf_test::scratch_path("scripts.pdf");
  std::ofstream(path, std::ios::binary) << result.outputs[0].bytes;
  const std::string text = pdf_test::all_text(path);
  BOOST_TEST(text.find("東京") != std::string::npos, text);
  BOOST_TEST(text.find("القاهرة") != std::string::npos, text);
  BOOST_TEST(text.find("المبيعات") != std::string::npos, text);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace s2d::chart
