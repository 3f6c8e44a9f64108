#include "renderers/ooxml/chart_part.hpp"

#include "renderers/chart/axis.hpp"
#include "renderers/chart/format.hpp"
#include "renderers/ooxml/geometry.hpp"
#include "renderers/ooxml/xml.hpp"

#include <cstdio>

namespace s2d::office {
namespace {

using chart::Chart;
using chart::Type;

constexpr const char* kDrawingNs = "http://schemas.openxmlformats.org/drawingml/2006/main";
constexpr const char* kRelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kSheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr long long kCategoryAxis = 500100, kValueAxis = 500200;
constexpr std::size_t kMaxMarkers = 60;  // as in the PDF: more points, no markers

std::string column_name(std::size_t index) {
  std::string name;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) name.insert(name.begin(), char('A' + (n - 1) % 26));
  return name;
}

// 'Sheet name'!$B$2:$B$9
std::string reference(const std::string& sheet, std::size_t column, std::size_t first_row, std::size_t last_row) {
  std::string quoted = "'";
  for (char c : sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  quoted += "'!$" + column_name(column) + "$" + std::to_string(first_row);
  if (last_row != first_row) quoted += ":$" + column_name(column) + "$" + std::to_string(last_row);
  return quoted;
}

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

void val(Node parent, const char* name, const std::string& value) { parent.add(name).attr("val", value); }
void val(Node parent, const char* name, long long value) { parent.add(name).attr("val", value); }

void solid_fill(Node parent, const std::string& color) {
  parent.add("a:solidFill").add("a:srgbClr").attr("val", hex_color(color, "0B3D91"));
}

void line_properties(Node shape, const std::string& color, long long width) {
  Node line = shape.add("a:ln");
  line.attr("w", width);
  solid_fill(line, color);
}

// <c:txPr>: the look's font, size and colour for everything inside `parent`.
void text_properties(Node parent, const chart::Look& look, double size_pt, bool bold = false) {
  Node tx = parent.add("c:txPr");
  tx.add("a:bodyPr");
  tx.add("a:lstStyle");
  Node p = tx.add("a:p");
  Node run = p.add("a:pPr").add("a:defRPr");
  run.attr("sz", static_cast<long long>(size_pt * 100)).attr("b", bold ? 1 : 0);
  solid_fill(run, look.text);
  run.add("a:latin").user_attr("typeface", look.font);
  run.add("a:cs").user_attr("typeface", look.font);
  p.add("a:endParaRPr").attr("lang", "en-US");
}

void rich_title(Node parent, const std::string& text, const chart::Look& look, double size_pt, bool bold) {
  Node title = parent.add("c:title");
  Node rich = title.add("c:tx").add("c:rich");
  rich.add("a:bodyPr");
  rich.add("a:lstStyle");
  Node p = rich.add("a:p");
  Node defaults = p.add("a:pPr").add("a:defRPr");
  defaults.attr("sz", static_cast<long long>(size_pt * 100)).attr("b", bold ? 1 : 0);
  Node run = p.add("a:r");
  Node properties = run.add("a:rPr");
  properties.attr("lang", "en-US").attr("sz", static_cast<long long>(size_pt * 100)).attr("b", bold ? 1 : 0);
  solid_fill(properties, look.text);
  properties.add("a:latin").user_attr("typeface", look.font);
  run.add("a:t").text(text);
  val(title, "c:overlay", 0);
}

class ChartWriter {
 public:
  ChartWriter(const Chart& chart, const chart::Look& look, const std::string& sheet)
      : chart_(chart), look_(look), sheet_(sheet), rows_(chart.categories.size()) {}

  std::string xml(bool embedded_workbook) {
    XmlPart part;
    Node space = part.root("c:chartSpace");
    space.attr("xmlns:c", kChartNs).attr("xmlns:a", kDrawingNs).attr("xmlns:r", kRelationshipsNs);
    val(space, "c:date1904", 0);
    val(space, "c:roundedCorners", 0);
    Node body = space.add("c:chart");
    if (!chart_.title.empty()) rich_title(body, chart_.title, look_, look_.font_size_pt * 1.3, true);
    val(body, "c:autoTitleDeleted", chart_.title.empty() ? 1 : 0);
    Node plot = body.add("c:plotArea");
    plot.add("c:layout");
    write_plot(plot);
    if (wants_legend()) {
      Node legend = body.add("c:legend");
      static const char* positions[] = {"t", "b", "r", "b"};
      val(legend, "c:legendPos", positions[static_cast<int>(chart_.legend)]);
      val(legend, "c:overlay", 0);
    }
    val(body, "c:plotVisOnly", 1);
    val(body, "c:dispBlanksAs", "gap");
    Node shape = space.add("c:spPr");
    shape.add("a:noFill");
    shape.add("a:ln").add("a:noFill");
    text_properties(space, look_, look_.font_size_pt);
    if (embedded_workbook) {
      Node external = space.add("c:externalData");
      external.attr("r:id", "rId1");
      val(external, "c:autoUpdate", 0);
    }
    return part.str();
  }

 private:
  bool wants_legend() const {
    return chart_.legend != chart::Legend::none &&
           (chart_.round() || chart_.series.size() > 1 || chart_.legend != chart::Legend::bottom);
  }

  void write_plot(Node plot) {
    switch (chart_.type) {
      case Type::column:
      case Type::bar: {
        Node group = plot.add("c:barChart");
        val(group, "c:barDir", chart_.type == Type::bar ? "bar" : "col");
        val(group, "c:grouping", chart_.stacked ? "stacked" : "clustered");
        val(group, "c:varyColors", 0);
        write_series(group);
        val(group, "c:gapWidth", 40);
        if (chart_.stacked) val(group, "c:overlap", 100);
        axis_ids(group);
        break;
      }
      case Type::line: {
        Node group = plot.add("c:lineChart");
        val(group, "c:grouping", "standard");
        val(group, "c:varyColors", 0);
        write_series(group);
        val(group, "c:marker", 1);
        axis_ids(group);
        break;
      }
      case Type::area: {
        Node group = plot.add("c:areaChart");
        val(group, "c:grouping", chart_.stacked ? "stacked" : "standard");
        val(group, "c:varyColors", 0);
        write_series(group);
        axis_ids(group);
        break;
      }
      case Type::pie:
      case Type::doughnut: {
        Node group = plot.add(chart_.type == Type::pie ? "c:pieChart" : "c:doughnutChart");
        val(group, "c:varyColors", 1);
        write_series(group);
        val(group, "c:firstSliceAng", 0);
        if (chart_.type == Type::doughnut) val(group, "c:holeSize", 55);
        return;  // no axes
      }
      case Type::scatter: {
        Node group = plot.add("c:scatterChart");
        val(group, "c:scatterStyle", "lineMarker");
        val(group, "c:varyColors", 0);
        write_series(group);
        axis_ids(group);
        value_axis(plot, kCategoryAxis, kValueAxis, "b", false, chart_.x_title);
        value_axis(plot, kValueAxis, kCategoryAxis, "l", true, chart_.y_title);
        return;
      }
    }
    const bool horizontal = chart_.type == Type::bar;
    category_axis(plot, horizontal ? "l" : "b");
    value_axis(plot, kValueAxis, kCategoryAxis, horizontal ? "b" : "l", true, chart_.y_title);
  }

  static void axis_ids(Node group) {
    val(group, "c:axId", kCategoryAxis);
    val(group, "c:axId", kValueAxis);
  }

  void axis_line(Node axis) {
    Node shape = axis.add("c:spPr");
    line_properties(shape, look_.axis, 9525);
  }

  void category_axis(Node plot, const char* position) {
    Node axis = plot.add("c:catAx");
    val(axis, "c:axId", kCategoryAxis);
    val(axis.add("c:scaling"), "c:orientation", "minMax");
    val(axis, "c:delete", 0);
    val(axis, "c:axPos", position);
    if (!chart_.x_title.empty()) rich_title(axis, chart_.x_title, look_, look_.font_size_pt, false);
    axis.add("c:numFmt").attr("formatCode", "General").attr("sourceLinked", 1);
    val(axis, "c:majorTickMark", "none");
    val(axis, "c:minorTickMark", "none");
    val(axis, "c:tickLblPos", "low");
    axis_line(axis);
    val(axis, "c:crossAx", kValueAxis);
    val(axis, "c:crosses", "autoZero");
    val(axis, "c:auto", 1);
    val(axis, "c:lblAlgn", "ctr");
    val(axis, "c:lblOffset", 100);
    val(axis, "c:noMultiLvlLbl", 0);
  }

  void value_axis(Node plot, long long id, long long cross, const char* position, bool values, const std::string& title) {
    Node axis = plot.add("c:valAx");
    val(axis, "c:axId", id);
    Node scaling = axis.add("c:scaling");
    val(scaling, "c:orientation", "minMax");
    // Bars, areas and lines grow from zero, as in the PDF; Office would
    // otherwise start a narrow range of large values far above it.
    if (values && chart_.type != Type::scatter) {
      const chart::Range range = chart::value_range(chart_);
      if (range.high <= 0) val(scaling, "c:max", 0);
      if (range.low >= 0) val(scaling, "c:min", 0);
    }
    val(axis, "c:delete", 0);
    val(axis, "c:axPos", position);
    if (values) {
      Node grid = axis.add("c:majorGridlines").add("c:spPr");
      line_properties(grid, look_.grid, 6350);
    }
    if (!title.empty()) rich_title(axis, title, look_, look_.font_size_pt, false);
    axis.add("c:numFmt").attr("formatCode", values ? chart::excel_format_code(chart_, true) : "General").attr("sourceLinked", 0);
    val(axis, "c:majorTickMark", "none");
    val(axis, "c:minorTickMark", "none");
    val(axis, "c:tickLblPos", "nextTo");
    axis_line(axis);
    val(axis, "c:crossAx", cross);
    val(axis, "c:crosses", "autoZero");
    if (chart_.type != Type::scatter) val(axis, "c:crossBetween", "between");
  }

  void write_series(Node group) {
    for (std::size_t s = 0; s < chart_.series.size(); ++s) {
      const auto& series = chart_.series[s];
      const std::string color = chart::color_of(chart_, look_, s);
      Node ser = group.add("c:ser");
      val(ser, "c:idx", static_cast<long long>(s));
      val(ser, "c:order", static_cast<long long>(s));
      Node name = ser.add("c:tx").add("c:strRef");
      name.add("c:f").text(reference(sheet_, s + 1, 1, 1));
      Node name_cache = name.add("c:strCache");
      val(name_cache, "c:ptCount", 1);
      Node point = name_cache.add("c:pt");
      point.attr("idx", 0);
      point.add("c:v").text(series.name);
      series_shape(ser, color);
      if (chart_.round()) slice_colors(ser);
      if (chart_.labels) data_labels(ser);
      if (chart_.type == Type::scatter) {
        numbers(ser.add("c:xVal"), 0, chart_.x_values);
      } else {
        categories(ser.add("c:cat"));
      }
      values(ser.add(chart_.type == Type::scatter ? "c:yVal" : "c:val"), s + 1, series.values);
      if (chart_.type == Type::line || chart_.type == Type::scatter) val(ser, "c:smooth", 0);
    }
  }

  // The series' own look; the element order follows the schema of each series kind.
  void series_shape(Node ser, const std::string& color) {
    switch (chart_.type) {
      case Type::column:
      case Type::bar: {
        solid_fill(ser.add("c:spPr"), color);
        val(ser, "c:invertIfNegative", 0);
        return;
      }
      case Type::area: {
        Node shape = ser.add("c:spPr");
        solid_fill(shape, color);
        return;
      }
      case Type::line: {
        line_properties(ser.add("c:spPr"), color, 28575);
        marker(ser, color, rows_ <= kMaxMarkers);
        return;
      }
      case Type::scatter: {
        ser.add("c:spPr").add("a:ln").add("a:noFill");
        marker(ser, color, true);
        return;
      }
      case Type::pie:
      case Type::doughnut: {
        Node shape = ser.add("c:spPr");
        line_properties(shape, "#ffffff", 12700);
        return;
      }
    }
  }

  static void marker(Node ser, const std::string& color, bool shown) {
    Node mark = ser.add("c:marker");
    val(mark, "c:symbol", shown ? "circle" : "none");
    if (!shown) return;
    val(mark, "c:size", 5);
    Node shape = mark.add("c:spPr");
    solid_fill(shape, color);
    line_properties(shape, "#ffffff", 9525);
  }

  void slice_colors(Node ser) {
    for (std::size_t i = 0; i < rows_; ++i) {
      Node point = ser.add("c:dPt");
      val(point, "c:idx", static_cast<long long>(i));
      val(point, "c:bubble3D", 0);
      Node shape = point.add("c:spPr");
      solid_fill(shape, chart::color_of(chart_, look_, i));
      line_properties(shape, "#ffffff", 12700);
    }
  }

  void data_labels(Node ser) {
    Node labels = ser.add("c:dLbls");
    labels.add("c:numFmt").attr("formatCode", chart::excel_format_code(chart_, false)).attr("sourceLinked", 0);
    Node shape = labels.add("c:spPr");
    shape.add("a:noFill");
    shape.add("a:ln").add("a:noFill");
    if (chart_.round() || chart_.stacked) {
      chart::Look white = look_;
      white.text = "#ffffff";
      text_properties(labels, white, look_.font_size_pt * 0.9);
    }
    if (chart_.round()) val(labels, "c:dLblPos", "ctr");
    if (chart_.type == Type::line || chart_.type == Type::scatter) val(labels, "c:dLblPos", "t");
    val(labels, "c:showLegendKey", 0);
    val(labels, "c:showVal", 1);
    val(labels, "c:showCatName", 0);
    val(labels, "c:showSerName", 0);
    val(labels, "c:showPercent", 0);
    val(labels, "c:showBubbleSize", 0);
  }

  void categories(Node parent) {
    Node ref = parent.add("c:strRef");
    ref.add("c:f").text(reference(sheet_, 0, 2, rows_ + 1));
    Node cache = ref.add("c:strCache");
    val(cache, "c:ptCount", static_cast<long long>(rows_));
    for (std::size_t i = 0; i < rows_; ++i) {
      Node point = cache.add("c:pt");
      point.attr("idx", static_cast<long long>(i));
      point.add("c:v").text(chart_.categories[i]);
    }
  }

  void numbers(Node parent, std::size_t column, const std::vector<double>& list) {
    std::vector<std::optional<double>> optional(list.begin(), list.end());
    values(parent, column, optional);
  }

  void values(Node parent, std::size_t column, const std::vector<std::optional<double>>& list) {
    Node ref = parent.add("c:numRef");
    ref.add("c:f").text(reference(sheet_, column, 2, rows_ + 1));
    Node cache = ref.add("c:numCache");
    cache.add("c:formatCode").text("General");
    val(cache, "c:ptCount", static_cast<long long>(rows_));
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i]) continue;  // a gap: no cached point
      Node point = cache.add("c:pt");
      point.attr("idx", static_cast<long long>(i));
      point.add("c:v").text(number_text(*list[i]));
    }
  }

  const Chart& chart_;
  const chart::Look& look_;
  const std::string& sheet_;
  std::size_t rows_;
};

void text_cell(Node row, const std::string& reference, const std::string& text) {
  Node cell = row.add("c");
  cell.attr("r", reference).attr("t", "inlineStr");
  Node t = cell.add("is").add("t");
  if (!text.empty() && (text.front() == ' ' || text.back() == ' ')) t.attr("xml:space", "preserve");
  t.text(text);
}

void number_cell(Node row, const std::string& reference, double value) {
  Node cell = row.add("c");
  cell.attr("r", reference);
  cell.add("v").text(number_text(value));
}

}  // namespace

std::string chart_space_xml(const chart::Chart& chart, const chart::Look& look, const std::string& sheet,
                            bool embedded_workbook) {
  return ChartWriter(chart, look, sheet).xml(embedded_workbook);
}

std::string chart_sheet_xml(const chart::Chart& chart, const std::string& drawing_id) {
  XmlPart part;
  Node sheet = part.root("worksheet");
  sheet.attr("xmlns", kSheetNs).attr("xmlns:r", kRelationshipsNs);
  Node cols = sheet.add("cols");
  const auto last = static_cast<long long>(chart.series.size() + 1);
  cols.add("col").attr("min", 1).attr("max", 1).attr("width", 24).attr("customWidth", 1);
  cols.add("col").attr("min", 2).attr("max", last).attr("width", 14).attr("customWidth", 1);
  Node data = sheet.add("sheetData");
  Node header = data.add("row");
  header.attr("r", 1);
  text_cell(header, "A1", chart.x_title.empty() ? chart.x_field : chart.x_title);
  for (std::size_t s = 0; s < chart.series.size(); ++s) text_cell(header, column_name(s + 1) + "1", chart.series[s].name);
  for (std::size_t i = 0; i < chart.categories.size(); ++i) {
    const std::string row_number = std::to_string(i + 2);
    Node row = data.add("row");
    row.attr("r", static_cast<long long>(i + 2));
    if (chart.type == chart::Type::scatter) {
      number_cell(row, "A" + row_number, chart.x_values[i]);
    } else {
      text_cell(row, "A" + row_number, chart.categories[i]);
    }
    for (std::size_t s = 0; s < chart.series.size(); ++s)
      if (chart.series[s].values[i]) number_cell(row, column_name(s + 1) + row_number, *chart.series[s].values[i]);
  }
  if (!drawing_id.empty()) sheet.add("drawing").attr("r:id", drawing_id);
  return part.str();
}

// The workbook's parts other than the sheet are the same for every chart.
struct WorkbookParts {
  std::string workbook, workbook_relationships, package_relationships;
};

const WorkbookParts& workbook_parts() {
  static const WorkbookParts parts = [] {
    WorkbookParts out;
    XmlPart workbook;
    Node root = workbook.root("workbook");
    root.attr("xmlns", kSheetNs).attr("xmlns:r", kRelationshipsNs);
    Relationships relationships;
    const std::string id =
        relationships.add("http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet",
                          "worksheets/sheet1.xml");
    root.add("sheets").add("sheet").attr("name", "Sheet1").attr("sheetId", 1).attr("r:id", id);
    out.workbook = workbook.str();
    out.workbook_relationships = relationships.xml();
    // Only the package relationship to the workbook: an embedded workbook needs no document properties.
    Relationships package;
    package.add(reltype::office_document, "xl/workbook.xml");
    out.package_relationships = package.xml();
    return out;
  }();
  return parts;
}

std::string chart_workbook(const chart::Chart& chart, const Options& options) {
  const WorkbookParts& parts = workbook_parts();
  Package package(options);
  package.add_part("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                   parts.workbook);
  package.add_part("xl/worksheets/sheet1.xml",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
                   chart_sheet_xml(chart, {}));
  package.add_raw_part("xl/_rels/workbook.xml.rels", parts.workbook_relationships);
  package.add_raw_part("_rels/.rels", parts.package_relationships);
  return package.finish();
}

std::string ChartStore::add(const chart::Chart& chart) {
  charts_.push_back(&chart);
  return "charts/chart" + std::to_string(charts_.size()) + ".xml";
}

void ChartStore::write_to(Package& package) const {
  for (std::size_t i = 0; i < charts_.size(); ++i) {
    const std::string number = std::to_string(i + 1);
    const std::string part = folder_ + "charts/chart" + number + ".xml";
    const std::string workbook = "embeddings/Microsoft_Excel_Worksheet" + number + ".xlsx";
    package.add_part(part, mediatype::chart, chart_space_xml(*charts_[i], look_, "Sheet1", true));
    package.add_packed_part(folder_ + workbook, mediatype::workbook, chart_workbook(*charts_[i], options_));
    Relationships relationships;
    relationships.add(reltype::package, "../" + workbook);
    package.add_relationships(part, relationships);
  }
}

}  // namespace s2d::office
