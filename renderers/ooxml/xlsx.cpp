// The tables of a document as a SpreadsheetML workbook (XLSX): one sheet per
// table, named after the nearest heading above it, header row frozen and
// styled, numbers stored as numbers with their decimals kept.
#include "renderers/chart/look.hpp"
#include "renderers/chart/model.hpp"
#include "renderers/ooxml/geometry.hpp"
#include "renderers/ooxml/office.hpp"
#include "renderers/ooxml/package.hpp"
#include "renderers/ooxml/xlsx_charts.hpp"
#include "renderers/ooxml/xml.hpp"
#include "renderers/text/direction.hpp"
#include "renderers/text/sanitize.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace s2d::office {
namespace {

using doc::Block;
using Kind = doc::Block::Kind;

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr std::string_view kWorkbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
constexpr std::string_view kSheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
constexpr std::string_view kStylesType = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
constexpr std::string_view kWorksheetRel =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

constexpr std::size_t kMaxSheetName = 31;
constexpr int kMaxDecimals = 4;

// Cell formats (cellXfs indexes): 0 text, 1 header, then numbers by
// decimals (0..4), plain and with thousands separators.
constexpr int kHeaderStyle = 1;
constexpr int kFirstNumberStyle = 2;
constexpr int kPlainNumberFormats[] = {1, 164, 2, 165, 166};
constexpr int kGroupedNumberFormats[] = {3, 167, 4, 168, 169};

struct SheetTable {
  std::string name;
  const Block* table;
};

struct SheetChart {
  std::string name;
  const chart::Chart* chart;
};

// A cell's text read as a number: "1200", "-3.5", "1,368.25".
struct Number {
  std::string value;  // as written in <v>, without separators
  int decimals = 0;
  bool grouped = false;
};

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// "1,234,567": a lead group of one to three digits, then groups of three.
bool read_grouped(std::string_view integer, std::string* digits) {
  const auto first_comma = integer.find(',');
  if (first_comma == 0 || first_comma > 3) return false;
  for (std::size_t at = 0;;) {
    const auto comma = integer.find(',', at);
    const auto group = integer.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at);
    if (!all_digits(group) || (at > 0 && group.size() != 3)) return false;
    *digits += group;
    if (comma == std::string_view::npos) return true;
    at = comma + 1;
  }
}

bool parse_number(std::string_view text, Number* number) {
  std::string digits;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    if (text.front() == '-') digits = "-";
    text.remove_prefix(1);
  }
  const auto dot = text.find('.');
  const std::string_view integer = text.substr(0, dot);
  if (integer.find(',') != std::string_view::npos) {
    if (!read_grouped(integer, &digits)) return false;
    number->grouped = true;
  } else {
    if (!all_digits(integer) || (integer.size() > 1 && integer.front() == '0')) return false;  // "007" is a code
    digits += integer;
  }
  if (dot != std::string_view::npos) {
    const std::string_view fraction = text.substr(dot + 1);
    if (!all_digits(fraction)) return false;
    digits += '.';
    digits += fraction;
    number->decimals = static_cast<int>(fraction.size());
  }
  number->value = digits;
  return digits.size() <= 17;  // beyond that a double would change the digits
}

std::string column_name(std::size_t index) {
  std::string name;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) name.insert(name.begin(), char('A' + (n - 1) % 26));
  return name;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

// Excel's rules: at most 31 characters, none of : \ / ? * [ ], not blank,
// not quoted, unique regardless of case.
std::string sheet_name(std::string wanted, std::size_t ordinal, std::set<std::string>& taken) {
  std::string name;
  for (const char c : text::clean(wanted)) {
    if (std::string_view(":\\/?*[]\n\t").find(c) != std::string_view::npos) continue;
    name += c;
  }
  while (!name.empty() && (name.front() == '\'' || name.front() == ' ')) name.erase(name.begin());
  while (!name.empty() && (name.back() == '\'' || name.back() == ' ')) name.pop_back();
  if (name.empty() || lower(name) == "history") name = "Table " + std::to_string(ordinal);
  auto truncated = [](std::string text, std::size_t limit) {
    if (text.size() <= limit) return text;
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    return text.substr(0, cut);
  };
  std::string candidate = truncated(name, kMaxSheetName);
  for (int suffix = 2; taken.count(lower(candidate)); ++suffix) {
    const std::string tail = " (" + std::to_string(suffix) + ")";
    candidate = truncated(name, kMaxSheetName - tail.size()) + tail;
  }
  taken.insert(lower(candidate));
  return candidate;
}

class TableCollector {
 public:
  std::vector<SheetTable> collect(const doc::Blocks& blocks) {
    visit(blocks);
    return std::move(tables_);
  }
  // Called after collect(): chart sheets are named after their titles, apart from the tables' names.
  std::vector<SheetChart> charts() {
    for (std::size_t i = 0; i < charts_.size(); ++i) {
      const std::string& title = charts_[i].chart->title;
      charts_[i].name = sheet_name(title.empty() ? "Chart " + std::to_string(i + 1) : title, tables_count_ + i + 1, taken_);
    }
    return std::move(charts_);
  }

 private:
  void visit(const doc::Blocks& blocks) {
    for (const auto& block : blocks) {
      if (block.kind == Kind::heading) last_heading_ = text::plain_text(block.inlines);
      if (block.kind == Kind::table && !block.rows.empty()) {
        tables_.push_back({sheet_name(last_heading_, tables_.size() + 1, taken_), &block});
        last_heading_.clear();  // a second table under the same heading gets a numbered name
        ++tables_count_;
      }
      if (block.kind == Kind::chart && block.chart) charts_.push_back({{}, block.chart.get()});
      for (const auto& item : block.items) visit(item.blocks);
      visit(block.children);
    }
  }

  std::vector<SheetTable> tables_;
  std::vector<SheetChart> charts_;
  std::size_t tables_count_ = 0;
  std::set<std::string> taken_;
  std::string last_heading_;
};

void add_cell(Node row, const std::string& reference, const std::string& text, bool header) {
  Node cell = row.add("c");
  cell.attr("r", reference);
  Number number;
  if (!header && parse_number(text, &number)) {
    const int decimals = std::min(number.decimals, kMaxDecimals);
    if (number.decimals <= kMaxDecimals)
      cell.attr("s", kFirstNumberStyle + (number.grouped ? kMaxDecimals + 1 : 0) + decimals);
    cell.add("v").text(number.value);
    return;
  }
  if (header) cell.attr("s", kHeaderStyle);
  cell.attr("t", "inlineStr");
  Node t = cell.add("is").add("t");
  if (!text.empty() && (text.front() == ' ' || text.back() == ' ')) t.attr("xml:space", "preserve");
  t.text(text);
}

std::string sheet_xml(const Block& table, bool selected, bool right_to_left) {
  std::size_t columns = 0;
  for (const auto& row : table.rows) columns = std::max(columns, row.size());
  std::vector<int> widths(columns, 8);

  XmlPart part;
  Node sheet = part.root("worksheet");
  sheet.attr("xmlns", kMainNs).attr("xmlns:r", kRelationshipsNs);
  Node view = sheet.add("sheetViews").add("sheetView");
  if (selected) view.attr("tabSelected", 1);
  if (right_to_left) view.attr("rightToLeft", 1);  // column A on the right
  view.attr("workbookViewId", 0);
  view.add("pane").attr("ySplit", 1).attr("topLeftCell", "A2").attr("activePane", "bottomLeft").attr("state", "frozen");
  view.add("selection").attr("pane", "bottomLeft");
  sheet.add("sheetFormatPr").attr("defaultRowHeight", 15);
  Node cols = sheet.add("cols");
  Node data = sheet.add("sheetData");
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    Node row = data.add("row");
    row.attr("r", static_cast<long long>(r + 1));
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      const std::string text = text::plain_text(table.rows[r][c].inlines);
      widths[c] = std::max(widths[c], std::min(60, text::display_width(text) + 2));
      add_cell(row, column_name(c) + std::to_string(r + 1), text, r == 0);
    }
  }
  for (std::size_t c = 0; c < columns; ++c) {
    const auto index = static_cast<long long>(c + 1);
    cols.add("col").attr("min", index).attr("max", index).attr("width", widths[c]).attr("customWidth", 1);
  }
  if (columns == 0) sheet.raw().remove_child(cols.raw());  // <cols> may not be empty
  return part.str();
}

std::string empty_sheet_xml() {
  XmlPart part;
  Node sheet = part.root("worksheet");
  sheet.attr("xmlns", kMainNs).attr("xmlns:r", kRelationshipsNs);
  sheet.add("sheetData");
  return part.str();
}

void add_font(Node fonts, bool bold, const std::string& color, const std::string& family) {
  Node font = fonts.add("font");
  if (bold) font.add("b");
  font.add("sz").attr("val", 11);
  font.add("color").attr("rgb", "FF" + color);
  font.add("name").user_attr("val", family);
  font.add("family").attr("val", 2);
}

void add_format(Node formats, int number_format, int font, int fill) {
  Node xf = formats.add("xf");
  xf.attr("numFmtId", number_format).attr("fontId", font).attr("fillId", fill).attr("borderId", 0).attr("xfId", 0);
  if (font) xf.attr("applyFont", 1);
  if (fill) xf.attr("applyFill", 1);
  if (number_format) xf.attr("applyNumberFormat", 1);
}

std::string styles_xml(const doc::Document& document) {
  XmlPart part;
  Node styles = part.root("styleSheet");
  styles.attr("xmlns", kMainNs);
  Node formats = styles.add("numFmts");
  formats.attr("count", 6);
  const std::pair<int, const char*> custom[] = {{164, "0.0"},       {165, "0.000"},     {166, "0.0000"},
                                                {167, "#,##0.0"},   {168, "#,##0.000"}, {169, "#,##0.0000"}};
  for (const auto& [id, code] : custom) formats.add("numFmt").attr("numFmtId", id).attr("formatCode", code);
  Node fonts = styles.add("fonts");
  fonts.attr("count", 2);
  add_font(fonts, false, hex_color(document.theme.text, "1F2328"), document.fonts.body);
  add_font(fonts, true, hex_color(document.theme.table_header_text, "FFFFFF"), document.fonts.body);
  Node fills = styles.add("fills");
  fills.attr("count", 3);
  fills.add("fill").add("patternFill").attr("patternType", "none");
  fills.add("fill").add("patternFill").attr("patternType", "gray125");
  Node header_fill = fills.add("fill").add("patternFill");
  header_fill.attr("patternType", "solid");
  header_fill.add("fgColor").attr("rgb", "FF" + hex_color(document.theme.table_header_bg, "0B3D91"));
  header_fill.add("bgColor").attr("indexed", 64);
  Node borders = styles.add("borders");
  borders.attr("count", 1);
  Node border = borders.add("border");
  for (const char* side : {"left", "right", "top", "bottom", "diagonal"}) border.add(side);
  Node style_formats = styles.add("cellStyleXfs");
  style_formats.attr("count", 1);
  style_formats.add("xf").attr("numFmtId", 0).attr("fontId", 0).attr("fillId", 0).attr("borderId", 0);
  Node cell_formats = styles.add("cellXfs");
  cell_formats.attr("count", kFirstNumberStyle + 2 * (kMaxDecimals + 1));
  add_format(cell_formats, 0, 0, 0);
  add_format(cell_formats, 0, 1, 2);
  for (const int id : kPlainNumberFormats) add_format(cell_formats, id, 0, 0);
  for (const int id : kGroupedNumberFormats) add_format(cell_formats, id, 0, 0);
  Node cell_styles = styles.add("cellStyles");
  cell_styles.attr("count", 1);
  cell_styles.add("cellStyle").attr("name", "Normal").attr("xfId", 0).attr("builtinId", 0);
  return part.str();
}

}  // namespace

std::string render_xlsx(const doc::Document& document, const Options& options) {
  TableCollector collector;
  const auto tables = collector.collect(document.blocks);
  const auto charts = collector.charts();
  const bool right_to_left = text::is_right_to_left(document.locale);
  Package package(options);
  Relationships workbook_relationships;
  XmlPart workbook;
  Node root = workbook.root("workbook");
  root.attr("xmlns", kMainNs).attr("xmlns:r", kRelationshipsNs);
  root.add("bookViews").add("workbookView");
  Node sheets = root.add("sheets");
  const std::size_t sheet_count = charts.empty() ? std::max<std::size_t>(1, tables.size()) : tables.size();
  for (std::size_t i = 0; i < sheet_count; ++i) {
    const std::string file = "worksheets/sheet" + std::to_string(i + 1) + ".xml";
    const std::string id = workbook_relationships.add(kWorksheetRel, file);
    sheets.add("sheet")
        .user_attr("name", tables.empty() ? "Sheet1" : tables[i].name)
        .attr("sheetId", static_cast<long long>(i + 1))
        .attr("r:id", id);
    package.add_part("xl/" + file, kSheetType,
                     tables.empty() ? empty_sheet_xml() : sheet_xml(*tables[i].table, i == 0, right_to_left));
  }
  const chart::Look look = chart::look_for(document);
  for (std::size_t c = 0; c < charts.size(); ++c) {
    const std::size_t number = sheet_count + c + 1;
    const std::string file = "worksheets/sheet" + std::to_string(number) + ".xml";
    sheets.add("sheet")
        .user_attr("name", charts[c].name)
        .attr("sheetId", static_cast<long long>(number))
        .attr("r:id", workbook_relationships.add(kWorksheetRel, file));
    package.add_part("xl/" + file, kSheetType,
                     xlsx::add_chart_sheet(package, *charts[c].chart, look, charts[c].name, number, c + 1));
  }
  workbook_relationships.add(reltype::styles, "styles.xml");
  package.add_part("xl/workbook.xml", kWorkbookType, workbook.str());
  package.add_part("xl/styles.xml", kStylesType, styles_xml(document));
  package.add_relationships("xl/workbook.xml", workbook_relationships);
  package.add_properties("xl/workbook.xml", document.title, document.author);
  return package.finish();
}

}  // namespace s2d::office
