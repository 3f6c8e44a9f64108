#include "renderers/ooxml/xlsx_charts.hpp"

#include "renderers/ooxml/chart_part.hpp"
#include "renderers/ooxml/xml.hpp"

namespace s2d::office::xlsx {
namespace {

constexpr const char* kSpreadsheetDrawingNs = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";
constexpr const char* kDrawingNs = "http://schemas.openxmlformats.org/drawingml/2006/main";
constexpr const char* kRelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr std::string_view kDrawingType = "application/vnd.openxmlformats-officedocument.drawing+xml";
constexpr std::string_view kDrawingRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing";
constexpr long long kChartColumns = 9, kChartRows = 20;  // the chart's size in default cells

void anchor_cell(Node parent, const char* name, long long column, long long row) {
  Node cell = parent.add(name);
  cell.add("xdr:col").text(std::to_string(column));
  cell.add("xdr:colOff").text("0");
  cell.add("xdr:row").text(std::to_string(row));
  cell.add("xdr:rowOff").text("0");
}

std::string drawing_xml(const chart::Chart& chart, long long first_column) {
  XmlPart part;
  Node root = part.root("xdr:wsDr");
  root.attr("xmlns:xdr", kSpreadsheetDrawingNs).attr("xmlns:a", kDrawingNs);
  Node anchor = root.add("xdr:twoCellAnchor");
  anchor_cell(anchor, "xdr:from", first_column, 1);
  anchor_cell(anchor, "xdr:to", first_column + kChartColumns, 1 + kChartRows);
  Node frame = anchor.add("xdr:graphicFrame");
  frame.attr("macro", "");
  Node non_visual = frame.add("xdr:nvGraphicFramePr");
  non_visual.add("xdr:cNvPr").attr("id", 2).attr("name", "Chart 1").user_attr("descr", chart.title);
  non_visual.add("xdr:cNvGraphicFramePr");
  Node transform = frame.add("xdr:xfrm");
  transform.add("a:off").attr("x", 0).attr("y", 0);
  transform.add("a:ext").attr("cx", 0).attr("cy", 0);
  Node data = frame.add("a:graphic").add("a:graphicData");
  data.attr("uri", kChartNs);
  data.add("c:chart").attr("xmlns:c", kChartNs).attr("xmlns:r", kRelationshipsNs).attr("r:id", "rId1");
  anchor.add("xdr:clientData");
  return part.str();
}

}  // namespace

std::string add_chart_sheet(Package& package, const chart::Chart& chart, const chart::Look& look,
                            const std::string& sheet_name, std::size_t sheet_number, std::size_t chart_number) {
  const std::string drawing = "xl/drawings/drawing" + std::to_string(chart_number) + ".xml";
  const std::string chart_part = "xl/charts/chart" + std::to_string(chart_number) + ".xml";
  // One empty column between the data and the chart.
  const auto first_column = static_cast<long long>(chart.series.size()) + 2;
  package.add_part(drawing, kDrawingType, drawing_xml(chart, first_column));
  Relationships drawing_relationships;
  drawing_relationships.add(reltype::chart, "../charts/chart" + std::to_string(chart_number) + ".xml");
  package.add_relationships(drawing, drawing_relationships);
  package.add_part(chart_part, mediatype::chart, chart_space_xml(chart, look, sheet_name, false));
  Relationships sheet_relationships;
  const std::string id = sheet_relationships.add(kDrawingRel, "../drawings/drawing" + std::to_string(chart_number) + ".xml");
  package.add_relationships("xl/worksheets/sheet" + std::to_string(sheet_number) + ".xml", sheet_relationships);
  return chart_sheet_xml(chart, id);
}

}  // namespace s2d::office::xlsx
