#include "renderers/office_template/xlsx.hpp"

#include "renderers/office_template/rich_text.hpp"
#include "renderers/office_template/docx.hpp"
#include "renderers/template/escape.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace s2d::office_template::xlsx {
namespace {

constexpr std::string_view kRelBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string cell_inline(const Tag& tag, int tag_index) {
  if (tag.kind == Tag::Kind::markdown)
    return "</t><s2d:md t=\"" + std::to_string(tag_index) + "\">" + value_markup(tag) + "</s2d:md><t>";
  if (tag.kind == Tag::Kind::image) return "{{" + tag.expression + "}}";
  if (tag.kind == Tag::Kind::pagebreak) return "";
  return tag.text;
}

// {{markdown notes}} in a cell: the value as the cell's rich text (bold,
// italic, strikethrough, code in Courier New); paragraphs, list items and
// table rows are lines of the cell ("• " or "1. " before an item), links keep
// their text.
class CellRichText {
 public:
  explicit CellRichText(pugi::xml_node inline_string) : is_(inline_string) {}

  void run(const std::string& text, std::uint8_t style) {
    if (text.empty()) return;
    auto r = is_.append_child("r");
    if (style != doc::plain) {
      auto properties = r.append_child("rPr");
      if (style & doc::code) properties.append_child("rFont").append_attribute("val") = "Courier New";
      if (style & doc::bold) properties.append_child("b");
      if (style & doc::italic) properties.append_child("i");
      if (style & doc::strike) properties.append_child("strike");
    }
    auto t = r.append_child("t");
    t.append_attribute("xml:space") = "preserve";
    t.text().set(text.c_str());
  }

  void blocks(const doc::Blocks& list, int depth = 0) {
    for (const auto& block : list) {
      if (block.kind == doc::Block::Kind::list) {
        int number = block.start;
        for (const auto& item : block.items) {
          line();
          run(std::string(std::size_t(2 * depth), ' ') + (block.ordered ? std::to_string(number++) + ". " : "\u2022 "),
              doc::plain);
          for (const auto& inner : item.blocks) {
            if (inner.kind == doc::Block::Kind::list) blocks({inner}, depth + 1);
            else inlines(inner.inlines, false);
          }
        }
      } else if (block.kind == doc::Block::Kind::code_block || block.kind == doc::Block::Kind::table) {
        for (const auto& each : block.kind == doc::Block::Kind::table ? table_lines(block) : code_lines(block)) {
          line();
          inlines(each, false);
        }
      } else if (block.kind == doc::Block::Kind::quote || block.kind == doc::Block::Kind::keep_together) {
        blocks(block.children, depth);
      } else {
        line();
        inlines(block.inlines, block.kind == doc::Block::Kind::heading);
      }
    }
  }

 private:
  pugi::xml_node is_;
  bool started_ = false;

  void line() {
    if (started_) run("\n", doc::plain);
    started_ = true;
  }

  void inlines(const doc::Inlines& list, bool bold) {
    for (const auto& item : list) {
      if (item.kind == doc::Inline::Kind::line_break) run("\n", doc::plain);
      else run(item.kind == doc::Inline::Kind::soft_break ? " " : item.text, item.style | (bold ? doc::bold : 0));
    }
  }
};

// Rewrites the inline string of every cell that holds a Markdown value as
// rich text runs; the cells whose text has several lines go to `multi_line`.
bool rich_cells(pugi::xml_document& sheet, const PreparedPart& part, const Options& options,
                std::vector<pugi::xml_node>* multi_line, Error* error) {
  std::vector<pugi::xml_node> cells;
  each_element(sheet, [&](pugi::xml_node node) {
    if (named(node, "c") && node.child("is").child("s2d:md")) cells.push_back(node);
  });
  for (auto cell : cells) {
    cell.remove_attribute("s2d:typed");   // rich text stays text
    pugi::xml_document scratch;
    auto old_is = cell.child("is");
    auto rich = scratch.append_child("is");
    CellRichText text(rich);
    for (auto child : old_is.children()) {
      if (named(child, "t")) {
        text.run(child.text().get(), doc::plain);
      } else if (named(child, "r")) {
        rich.append_copy(child);
      } else if (named(child, "s2d:md")) {
        doc::Document document;
        if (!parse_markdown_value(child.text().get(), child.attribute("t").as_int(-1), part, options, &document, error))
          return false;
        text.blocks(document.blocks);
      }
    }
    cell.insert_copy_after(rich, old_is);
    cell.remove_child(old_is);
    bool lines = false;
    each_element(cell.child("is"), [&](pugi::xml_node node) {
      if (named(node, "t") && std::string_view(node.text().get()).find('\n') != std::string_view::npos) lines = true;
    });
    if (lines) multi_line->push_back(cell);
  }
  return true;
}

// LibreOffice keeps the default height of a row it reads without one: a row
// holding a cell of several lines gets a height for them.
void grow_row(pugi::xml_node cell) {
  int lines = 1;
  each_element(cell.child("is"), [&](pugi::xml_node node) {
    if (named(node, "t")) {
      const std::string_view text = node.text().get();
      lines += static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    }
  });
  auto row = cell.parent();
  const double line_height =
      row.parent().parent().child("sheetFormatPr").attribute("defaultRowHeight").as_double(15.0);
  const double height = std::max(row.attribute("ht").as_double(0), lines * line_height);
  row.remove_attribute("ht");
  row.remove_attribute("customHeight");
  row.append_attribute("ht") = height;
  row.append_attribute("customHeight") = "1";
}

// Cells of several lines show them: each gets a copy of its style that wraps
// text (one copy per style), so the row grows to its lines when opened.
void wrap_cells(PackageEdits& edits, const Prepared& prepared, const std::vector<pugi::xml_node>& cells) {
  if (cells.empty() || prepared.styles_part.empty()) return;
  auto xfs = edits.xml(prepared.styles_part, "styleSheet").child("styleSheet").child("cellXfs");
  if (!xfs) return;
  std::vector<pugi::xml_node> styles;
  for (auto xf : xfs.children("xf")) styles.push_back(xf);
  std::map<int, int> wrapped;
  for (auto cell : cells) {
    const int style = cell.attribute("s").as_int(0);
    if (style < 0 || static_cast<std::size_t>(style) >= styles.size()) continue;
    auto found = wrapped.find(style);
    if (found == wrapped.end()) {
      auto copy = xfs.append_copy(styles[style]);
      copy.remove_attribute("applyAlignment");
      copy.append_attribute("applyAlignment") = "1";
      auto alignment = copy.child("alignment");
      if (!alignment) alignment = copy.first_child() ? copy.insert_child_before("alignment", copy.first_child())
                                                     : copy.append_child("alignment");
      alignment.remove_attribute("wrapText");
      alignment.append_attribute("wrapText") = "1";
      found = wrapped.emplace(style, static_cast<int>(styles.size() + wrapped.size())).first;
    }
    if (!cell.attribute("s")) cell.append_attribute("s");
    cell.attribute("s").set_value(found->second);
    grow_row(cell);
  }
  xfs.remove_attribute("count");
  xfs.append_attribute("count") = static_cast<unsigned>(styles.size() + wrapped.size());
}

void locate_cell(pugi::xml_node inline_string, Where* where) {
  where->paragraph = 0;
  where->cell = inline_string.parent().attribute("r").value();
}

const docx::Structure& sheet_structure() {
  static const docx::Structure structure{"is", "t", "row", "sheetData", "c", cell_inline, nullptr, locate_cell};
  return structure;
}

// Built-in date formats (ECMA-376 18.8.30) and custom codes with date parts.
bool date_format(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return true;
  bool quoted = false, bracket = false;
  for (char c : code) {
    if (c == '"') quoted = !quoted;
    else if (c == '[') bracket = true;
    else if (c == ']') bracket = false;
    else if (!quoted && !bracket && std::strchr("dmyhsDMYHS", c)) return true;
  }
  return false;
}

void read_date_styles(const PackageIn& in, const std::string& part, Prepared* out) {
  std::string bytes, message;
  pugi::xml_document styles;
  if (!in.read(part, &bytes, &message) || !load_xml(&styles, bytes)) return;
  std::map<int, std::string> codes;
  auto root = styles.child("styleSheet");
  for (auto format : root.child("numFmts").children("numFmt"))
    codes[format.attribute("numFmtId").as_int()] = format.attribute("formatCode").value();
  int index = 0;
  for (auto xf : root.child("cellXfs").children("xf")) {
    const int id = xf.attribute("numFmtId").as_int();
    if (date_format(id, codes[id])) out->date_styles.insert(index);
    ++index;
  }
}

std::string cell_text(pugi::xml_node inline_string) {
  std::string text;
  each_element(inline_string, [&](pugi::xml_node node) {
    if (named(node, "t")) text += node.text().get();
  });
  return text;
}

// A cell that holds one value tag and nothing else (block tags aside) takes the value's type.
bool single_value_tag(const std::string& text) {
  std::string straight = straighten(text), core;
  for (std::size_t at = 0; at < straight.size();) {
    const auto open = straight.find("{{", at);
    if (open == std::string::npos) {
      core += straight.substr(at);
      break;
    }
    const auto close = straight.find("}}", open);
    if (close == std::string::npos) return false;
    const std::string inner = straight.substr(open + 2, close - open - 2);
    const bool block = !inner.empty() && (std::strchr("#/^", inner.front()) || inner.rfind("else", 0) == 0);
    core += straight.substr(at, open - at);
    if (!block) core += straight.substr(open, close + 2 - open);
    at = close + 2;
  }
  const auto first = core.find_first_not_of(' '), last = core.find_last_not_of(' ');
  if (first == std::string::npos) return false;
  core = core.substr(first, last - first + 1);
  if (core.size() < 5 || core.compare(0, 2, "{{") != 0 || core.compare(core.size() - 2, 2, "}}") != 0) return false;
  const std::string inner = core.substr(2, core.size() - 4);
  return inner.find("{{") == std::string::npos && inner.find("}}") == std::string::npos && !inner.empty() &&
         std::strchr("!>&{=", inner.front()) == nullptr;
}

// Shared strings holding tags become inline strings of the cells that use
// them (a loop's copies then differ); shared formulas become plain ones so
// each copy carries its own text.
void inline_tagged_strings(pugi::xml_node sheet, const std::vector<pugi::xml_node>& shared) {
  std::map<std::string, std::pair<std::string, std::pair<int, int>>> masters;   // si -> text, cell
  each_element(sheet, [&](pugi::xml_node cell) {
    if (!named(cell, "c")) return;
    int column = 0, row = 0;
    parse_cell(cell.attribute("r").value(), &column, &row);
    if (std::string_view(cell.attribute("t").value()) == "s") {
      const auto index = static_cast<std::size_t>(cell.child("v").text().as_ullong());
      if (index >= shared.size() || cell_text(shared[index]).find("{{") == std::string::npos) return;
      cell.remove_child("v");
      cell.attribute("t").set_value("inlineStr");
      auto is = cell.append_child("is");
      for (auto child : shared[index].children()) is.append_copy(child);
    }
    if (named(cell.child("is"), "is") && single_value_tag(cell_text(cell.child("is"))))
      cell.append_attribute("s2d:typed") = "1";
    auto formula = cell.child("f");
    if (!formula || std::string_view(formula.attribute("t").value()) != "shared") return;
    const std::string si = formula.attribute("si").value();
    if (formula.attribute("ref")) masters[si] = {formula.text().get(), {column, row}};
    else if (masters.count(si)) {
      const auto& [text, at] = masters[si];
      formula.text().set(shift_formula(text, row - at.second, column - at.first).c_str());
    }
    formula.remove_attribute("t");
    formula.remove_attribute("si");
    formula.remove_attribute("ref");
  });
}

// Cells are named as Excel shows them: Sheet1!B7.
void name_cell(const std::string& sheet, Error* error) {
  error->paragraph = 0;
  if (!error->cell.empty()) error->cell = sheet + "!" + error->cell;
}

}  // namespace

bool prepare(const PackageIn& in, Prepared* out, Error* error) {
  std::string bytes, message;
  pugi::xml_document package_rels, workbook, workbook_rels, strings;
  if (!in.read("_rels/.rels", &bytes, &message) || !load_xml(&package_rels, bytes)) {
    *error = Error::of("template_invalid", "not an Office package: _rels/.rels is missing or damaged", "_rels/.rels");
    return false;
  }
  for (auto rel : package_rels.child("Relationships").children("Relationship"))
    if (ends_with(rel.attribute("Type").value(), "/officeDocument"))
      out->workbook_part = resolve_target("", rel.attribute("Target").value());
  if (out->workbook_part.empty() || !in.read(out->workbook_part, &bytes, &message) || !load_xml(&workbook, bytes) ||
      !workbook.child("workbook")) {
    *error = Error::of("template_invalid", "the package has no workbook (is it an XLSX file?)", "_rels/.rels");
    return false;
  }
  std::map<std::string, std::string> targets;
  std::vector<pugi::xml_node> shared;
  if (in.read(rels_name_for(out->workbook_part), &bytes, &message) && load_xml(&workbook_rels, bytes)) {
    for (auto rel : workbook_rels.child("Relationships").children("Relationship")) {
      const std::string type = rel.attribute("Type").value();
      const std::string target = resolve_target(out->workbook_part, rel.attribute("Target").value());
      targets[rel.attribute("Id").value()] = target;
      if (type == std::string(kRelBase) + "styles") {
        out->styles_part = target;
        read_date_styles(in, target, out);
      }
      if (type == std::string(kRelBase) + "sharedStrings" && in.read(target, &bytes, &message) && load_xml(&strings, bytes)) {
        out->shared_strings_part = target;
        for (auto si : strings.child("sst").children("si")) shared.push_back(si);
      }
    }
  }
  for (auto entry : workbook.child("workbook").child("sheets").children("sheet")) {
    Sheet sheet;
    sheet.name = entry.attribute("name").value();
    sheet.part.name = targets[entry.attribute("r:id").value()];
    pugi::xml_document document;
    if (!in.read(sheet.part.name, &bytes, &message) || !load_xml(&document, bytes)) {
      *error = Error::of("template_invalid", "worksheet " + sheet.name + " is missing or not well-formed XML", sheet.part.name);
      return false;
    }
    inline_tagged_strings(document.child("worksheet"), shared);
    for (auto row : document.child("worksheet").child("sheetData").children("row")) {
      const int number = row.attribute("r").as_int();
      sheet.template_rows.push_back(number > 0 ? number : (sheet.template_rows.empty() ? 0 : sheet.template_rows.back()) + 1);
    }
    if (!docx::prepare_structure(document, sheet.part.name, sheet_structure(), nullptr, &sheet.part.source, error) ||
        !compile_part(document, &sheet.part, error)) {
      name_cell(sheet.name, error);
      return false;
    }
    merge_fields(&out->fields, sheet.part.compiled->fields_json());
    out->sheets.push_back(std::move(sheet));
  }
  // The shared strings that held tags now live in their cells: the table keeps
  // their slots (indexes stay valid) but not the template text.
  if (!out->shared_strings_part.empty()) {
    for (auto si : shared)
      if (cell_text(si).find("{{") != std::string::npos) {
        while (si.first_child()) si.remove_child(si.first_child());
        si.append_child("t");
      }
    out->shared_strings = save_xml(strings);
  }
  return prepare_plain_parts(in, &out->plain, &out->fields, error);
}

namespace {

// Where each template row went: its copies, in order.
struct RowTable {
  std::map<int, std::vector<int>> copies;   // template row -> new rows
  std::map<int, int> template_of;           // new row -> template row
  int first(int row) const { return locate(row, false); }
  int last(int row) const { return locate(row, true); }

  int locate(int row, bool last_copy) const {
    auto found = copies.find(row);
    if (found != copies.end() && !found->second.empty()) return last_copy ? found->second.back() : found->second.front();
    // A row the template did not have (or a loop that produced none): below the last row before it.
    auto before = copies.lower_bound(row);
    int gone = 0;
    while (before != copies.begin()) {
      --before;
      if (before->second.empty()) {
        ++gone;
        continue;
      }
      return before->second.back() + (row - before->first) - gone - (last_copy && found != copies.end() ? 1 : 0);
    }
    return std::max(1, row - gone);
  }
};

std::string map_range(const std::string& range, const RowTable& table) {
  const auto colon = range.find(':');
  int c1 = 0, r1 = 0, c2 = 0, r2 = 0;
  if (!parse_cell(range.substr(0, colon), &c1, &r1)) return range;
  if (colon == std::string::npos) c2 = c1, r2 = r1;
  else if (!parse_cell(range.substr(colon + 1), &c2, &r2)) return range;
  const int top = table.first(r1), bottom = std::max(top, table.last(r2));
  if (colon == std::string::npos && top == bottom) return cell_name(c1, top);
  return cell_name(c1, top) + ":" + cell_name(c2, bottom);
}

std::string map_ranges(const std::string& list, const RowTable& table) {
  std::string out;
  for (std::size_t start = 0; start < list.size();) {
    auto end = std::min(list.find(' ', start), list.size());
    if (end > start) out += (out.empty() ? "" : " ") + map_range(list.substr(start, end - start), table);
    start = end + 1;
  }
  return out;
}

std::string iso_to_serial(const std::string& text) {
  int y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
  char tail = 0;
  const int got = std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &m, &d, &tail, &hh, &mm, &ss);
  if (got < 3 || (got > 3 && tail != 'T' && tail != ' ') || m < 1 || m > 12 || d < 1 || d > 31 || y < 1900) return "";
  if (got == 3 && text.size() != 10) return "";
  // Days from 1899-12-30 (Excel's day zero, which absorbs its 1900 leap-year bug for dates after February 1900).
  const auto days_from_civil = [](int year, int month, int day) {
    year -= month <= 2;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int yoe = year - era * 400;
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
  };
  const double serial = days_from_civil(y, m, d) - days_from_civil(1899, 12, 30) + (hh * 3600 + mm * 60 + ss) / 86400.0;
  std::string out;
  tmpl::detail::append_number(out, nlohmann::json(serial));
  return out;
}

bool canonical_number(const std::string& text) {
  if (text.empty() || text.size() > 32) return false;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (!end || *end || !std::isfinite(value)) return false;
  std::string printed;
  tmpl::detail::append_number(printed, nlohmann::json(value));
  return printed == text;
}

class SheetMerge {
 public:
  SheetMerge(const Prepared& prepared, const Sheet& sheet, const std::map<std::string, RowTable>& tables)
      : prepared_(prepared), sheet_(sheet), tables_(tables) {}

  // Renumbers rows and cells; fills the sheet's row table.
  void number_rows(pugi::xml_node worksheet, RowTable* table) {
    auto data = worksheet.child("sheetData");
    std::vector<pugi::xml_node> markers;
    for (int row : sheet_.template_rows) table->copies[row];
    int previous_template = 0, previous_new = 0;
    for (auto row = data.first_child(); row; row = row.next_sibling()) {
      if (!named(row, "row")) {
        markers.push_back(row);
        continue;
      }
      int template_row = row.attribute("r").as_int();
      if (template_row <= 0) template_row = previous_template + 1;   // r is optional: the next row
      if (!row.attribute("r")) row.append_attribute("r");
      int fresh = template_row <= previous_template ? previous_new + 1
                                                    : previous_new + (template_row - previous_template) -
                                                          vanished_between(*table, previous_template, template_row);
      if (!previous_template) fresh = template_row - vanished_between(*table, 0, template_row);
      table->copies[template_row].push_back(fresh);
      table->template_of[fresh] = template_row;
      row.attribute("r").set_value(fresh);
      for (auto cell : row.children("c")) {
        int column = 0, r = 0;
        if (parse_cell(cell.attribute("r").value(), &column, &r)) cell.attribute("r").set_value(cell_name(column, fresh).c_str());
      }
      previous_template = std::max(previous_template, template_row);
      previous_new = fresh;
    }
    for (auto marker : markers) data.remove_child(marker);
  }

  void finish(pugi::xml_node worksheet, const RowTable& table) {
    int max_row = 0, max_column = 0;
    for (auto row : worksheet.child("sheetData").children("row")) {
      const int new_row = row.attribute("r").as_int();
      max_row = std::max(max_row, new_row);
      const int template_row = table.template_of.at(new_row);
      for (auto cell : row.children("c")) {
        int column = 0, r = 0;
        parse_cell(cell.attribute("r").value(), &column, &r);
        max_column = std::max(max_column, column);
        if (auto formula = cell.child("f")) {
          const std::string text = formula.text().get();
          formula.text().set(rewrite_formula(text, mapper(new_row, template_row, table)).c_str());
          cell.remove_child("v");   // stale: Excel and LibreOffice compute it on opening
          if (std::string_view(cell.attribute("t").value()) == "str") cell.remove_attribute("t");
        }
        if (cell.attribute("s2d:typed")) type_value(cell);
        else if (named(cell.child("is"), "is") && cell_text(cell.child("is")).empty()) clear(cell);
      }
    }
    if (auto merges = worksheet.child("mergeCells")) remap_merges(merges, table);
    for (auto format : worksheet.children("conditionalFormatting")) {
      format.attribute("sqref").set_value(map_ranges(format.attribute("sqref").value(), table).c_str());
      for (auto rule : format.children("cfRule"))
        for (auto formula : rule.children("formula"))
          formula.text().set(rewrite_formula(formula.text().get(), mapper(0, 0, table)).c_str());
    }
    for (auto validation : worksheet.child("dataValidations").children("dataValidation"))
      validation.attribute("sqref").set_value(map_ranges(validation.attribute("sqref").value(), table).c_str());
    if (auto filter = worksheet.child("autoFilter"))
      filter.attribute("ref").set_value(map_range(filter.attribute("ref").value(), table).c_str());
    for (auto link : worksheet.child("hyperlinks").children("hyperlink"))
      link.attribute("ref").set_value(map_range(link.attribute("ref").value(), table).c_str());
    if (auto dimension = worksheet.child("dimension"); dimension && max_row && max_column)
      dimension.attribute("ref").set_value(("A1:" + cell_name(max_column, max_row)).c_str());
  }

 private:
  const Prepared& prepared_;
  const Sheet& sheet_;
  const std::map<std::string, RowTable>& tables_;

  // Template rows strictly between two rows that no pass produced (a loop over nothing, a false condition).
  static int vanished_between(const RowTable& table, int above, int below) {
    int count = 0;
    for (auto it = table.copies.upper_bound(above); it != table.copies.end() && it->first < below; ++it)
      count += it->second.empty() ? 1 : 0;
    return count;
  }

  // A reference from a row copy to a row of the same loop pass moves with
  // the pass; a range over looped rows grows to all their copies.
  RowMap mapper(int new_row, int template_row, const RowTable& table) const {
    return [this, new_row, template_row, &table](const std::string& sheet, int row, int part) {
      if (!sheet.empty() && sheet != sheet_.name) {
        auto other = tables_.find(sheet);
        if (other == tables_.end()) return row;
        return part == 2 ? other->second.last(row) : other->second.first(row);
      }
      auto copies = table.copies.find(row);
      const auto mine = table.copies.find(template_row);
      if (new_row && copies != table.copies.end() && copies->second.size() > 1 && mine != table.copies.end() &&
          mine->second.size() > 1) {
        const int candidate = new_row + (row - template_row);
        auto at = table.template_of.find(candidate);
        if (at != table.template_of.end() && at->second == row) return candidate;
      }
      return part == 2 ? table.last(row) : table.first(row);
    };
  }

  void type_value(pugi::xml_node cell) {
    cell.remove_attribute("s2d:typed");
    const std::string text = cell_text(cell.child("is"));
    const bool date_cell = prepared_.date_styles.count(cell.attribute("s").as_int(-1)) != 0;
    std::string number = canonical_number(text) ? text : date_cell ? iso_to_serial(text) : "";
    if (text.empty()) return clear(cell);
    if (number.empty()) return;
    cell.remove_child("is");
    cell.remove_attribute("t");
    cell.append_child("v").text().set(number.c_str());
  }

  static void clear(pugi::xml_node cell) {
    cell.remove_child("is");
    cell.remove_attribute("t");
    cell.remove_attribute("s2d:typed");
  }

  static void remap_merges(pugi::xml_node merges, const RowTable& table) {
    std::vector<std::string> ranges;
    for (auto merge : merges.children("mergeCell")) {
      const std::string ref = merge.attribute("ref").value();
      const auto colon = ref.find(':');
      int c1 = 0, r1 = 0, c2 = 0, r2 = 0;
      if (colon == std::string::npos || !parse_cell(ref.substr(0, colon), &c1, &r1) ||
          !parse_cell(ref.substr(colon + 1), &c2, &r2)) {
        ranges.push_back(ref);
        continue;
      }
      const auto top = table.copies.find(r1), bottom = table.copies.find(r2);
      if (top != table.copies.end() && bottom != table.copies.end() && top->second.size() == bottom->second.size() &&
          top->second.size() != 1) {
        for (std::size_t k = 0; k < top->second.size(); ++k)   // a merge inside a looped row: one per copy
          ranges.push_back(cell_name(c1, top->second[k]) + ":" + cell_name(c2, bottom->second[k]));
        continue;
      }
      ranges.push_back(cell_name(c1, table.first(r1)) + ":" + cell_name(c2, std::max(table.first(r1), table.last(r2))));
    }
    while (merges.first_child()) merges.remove_child(merges.first_child());
    for (const auto& range : ranges) merges.append_child("mergeCell").append_attribute("ref") = range.c_str();
    merges.attribute("count") ? merges.attribute("count").set_value(ranges.size())
                              : merges.append_attribute("count").set_value(ranges.size());
    if (ranges.empty()) merges.parent().remove_child(merges);
  }
};

}  // namespace

bool merge(const Prepared& prepared, const PackageIn& in, const nlohmann::json& data, const Options& options,
           PackageOut* out, Error* error) {
  PackageEdits edits(in);
  std::vector<std::unique_ptr<pugi::xml_document>> documents;
  std::map<std::string, RowTable> tables;
  for (const auto& sheet : prepared.sheets) {
    std::string merged;
    if (!render_part(sheet.part, data, options, &merged, error)) {
      name_cell(sheet.name, error);
      return false;
    }
    auto document = std::make_unique<pugi::xml_document>();
    if (!load_xml(document.get(), merged)) {
      *error = Error::of("render_failed", "the merge of " + sheet.part.name + " produced malformed XML", sheet.part.name);
      return false;
    }
    std::vector<pugi::xml_node> multi_line;
    if (!rich_cells(*document, sheet.part, options, &multi_line, error)) {
      name_cell(sheet.name, error);
      return false;
    }
    wrap_cells(edits, prepared, multi_line);
    SheetMerge(prepared, sheet, tables).number_rows(document->child("worksheet"), &tables[sheet.name]);
    documents.push_back(std::move(document));
  }
  for (std::size_t i = 0; i < prepared.sheets.size(); ++i) {
    const auto& sheet = prepared.sheets[i];
    SheetMerge(prepared, sheet, tables).finish(documents[i]->child("worksheet"), tables[sheet.name]);
    edits.put(sheet.part.name, save_xml(*documents[i]));
  }
  // Defined names follow their sheets' rows; Excel rebuilds the calculation chain.
  auto& workbook = edits.xml(prepared.workbook_part, "workbook");
  for (auto name : workbook.child("workbook").child("definedNames").children("definedName")) {
    const std::string text = name.text().get();
    name.text().set(rewrite_formula(text, [&](const std::string& sheet, int row, int part) {
                      auto table = tables.find(sheet);
                      if (table == tables.end()) return row;
                      return part == 2 ? table->second.last(row) : table->second.first(row);
                    }).c_str());
  }
  auto book = workbook.child("workbook");
  auto calc = book.child("calcPr");
  if (!calc) {
    auto after = book.child("definedNames") ? book.child("definedNames") : book.child("sheets");
    calc = after ? book.insert_child_after("calcPr", after) : book.append_child("calcPr");
  }
  if (!calc.attribute("fullCalcOnLoad")) calc.append_attribute("fullCalcOnLoad") = "1";
  auto& rels = edits.rels(prepared.workbook_part);
  for (auto rel = rels.child("Relationships").first_child(); rel;) {
    auto next = rel.next_sibling();
    if (ends_with(rel.attribute("Type").value(), "/calcChain")) {
      const std::string target = resolve_target(prepared.workbook_part, rel.attribute("Target").value());
      edits.drop(target);
      edits.remove_override(target);
      rels.child("Relationships").remove_child(rel);
    }
    rel = next;
  }
  if (!prepared.shared_strings_part.empty()) edits.put(prepared.shared_strings_part, prepared.shared_strings);
  if (!merge_plain_parts(prepared.plain, data, options, &edits, error)) return false;
  edits.write_to(out);
  return true;
}

}  // namespace s2d::office_template::xlsx
