// XLSX: one sheet per table, sheet names, numbers kept as numbers.
#include "renderers/ooxml/office.hpp"
#include "tests/office/package_reader.hpp"
#include "tests/office/sample_documents.hpp"

#include <boost/test/unit_test.hpp>

namespace s2d::office_test {
namespace {

PackageReader xlsx_of(const doc::Document& document) {
  return sound_package(office::render_xlsx(document, office::Options{true}));
}

std::vector<std::string> sheet_names(const PackageReader& package) {
  std::vector<std::string> names;
  for (const auto& node : package.xml("xl/workbook.xml")->select_nodes("//sheets/sheet"))
    names.push_back(node.node().attribute("name").value());
  return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(xlsx)

BOOST_AUTO_TEST_CASE(each_table_is_a_sheet_with_numbers_as_numbers) {
  const auto package = xlsx_of(showcase_document());
  BOOST_TEST(sheet_names(package) == std::vector<std::string>{"Figures"});
  const auto sheet = package.xml("xl/worksheets/sheet1.xml");
  BOOST_TEST(sheet->select_nodes("//sheetData/row").size() == 5);
  const auto header = sheet->select_node("//c[@r='A1']").node();
  BOOST_TEST(std::string(header.attribute("t").value()) == "inlineStr");
  BOOST_TEST(all_text(header, "t") == "Region");
  const auto grouped = sheet->select_node("//c[@r='B2']").node();
  BOOST_TEST(std::string(grouped.attribute("t").value()).empty());
  BOOST_TEST(all_text(grouped, "v") == "1200");
  const auto plain = sheet->select_node("//c[@r='B4']").node();
  BOOST_TEST(all_text(plain, "v") == "860");
  BOOST_TEST(std::string(plain.attribute("s").value()) != std::string(grouped.attribute("s").value()));
  BOOST_TEST(all_text(sheet->select_node("//c[@r='D2']").node(), "t") == "+14 %");
  BOOST_TEST(sheet->select_nodes("//pane[@state='frozen']").size() == 1);
}

BOOST_AUTO_TEST_CASE(decimals_codes_and_signs) {
  doc::Document document;
  document.blocks.push_back(heading(2, "Prices"));
  document.blocks.push_back(table({{"code", "price"}, {"007", "1.50"}, {"-3", "1,234.5"}, {"1,23", "12."}}));
  const auto sheet = xlsx_of(document).xml("xl/worksheets/sheet1.xml");
  BOOST_TEST(std::string(sheet->select_node("//c[@r='A2']").node().attribute("t").value()) == "inlineStr");
  BOOST_TEST(all_text(sheet->select_node("//c[@r='B2']").node(), "v") == "1.50");
  BOOST_TEST(all_text(sheet->select_node("//c[@r='A3']").node(), "v") == "-3");
  BOOST_TEST(all_text(sheet->select_node("//c[@r='B3']").node(), "v") == "1234.5");
  BOOST_TEST(std::string(sheet->select_node("//c[@r='A4']").node().attribute("t").value()) == "inlineStr");
  BOOST_TEST(std::string(sheet->select_node("//c[@r='B4']").node().attribute("t").value()) == "inlineStr");
}

BOOST_AUTO_TEST_CASE(sheet_names_follow_excel_rules) {
  doc::Document document;
  document.blocks.push_back(heading(2, "Q3: [draft]/summary?"));
  document.blocks.push_back(table({{"a"}, {"1"}}));
  document.blocks.push_back(table({{"b"}, {"2"}}));
  document.blocks.push_back(heading(2, "An extremely long heading that goes well past thirty-one characters"));
  document.blocks.push_back(table({{"c"}, {"3"}}));
  document.blocks.push_back(heading(2, "q3 DRAFTsummary"));
  document.blocks.push_back(table({{"d"}, {"4"}}));
  const auto names = sheet_names(xlsx_of(document));
  BOOST_REQUIRE(names.size() == 4);
  BOOST_TEST(names[0] == "Q3 draftsummary");
  BOOST_TEST(names[1] == "Table 2");
  BOOST_TEST(names[2] == "An extremely long heading that ");
  BOOST_TEST(names[2].size() == 31u);
  BOOST_TEST(names[3] == "q3 DRAFTsummary (2)");
}

BOOST_AUTO_TEST_CASE(a_document_without_tables_has_one_empty_sheet) {
  doc::Document document;
  document.blocks.push_back(paragraph({run("no tables")}));
  const auto package = xlsx_of(document);
  BOOST_TEST(sheet_names(package) == std::vector<std::string>{"Sheet1"});
  BOOST_TEST(package.xml("xl/worksheets/sheet1.xml")->select_nodes("//sheetData/row").empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace s2d::office_test
