// Column loops of Word tables: {{#each quarters}}...{{/each}} making up a
// header cell repeats that column. The header cell's loop is echoed around
// the column's w:gridCol and around the cell at the same grid position in
// every other row; a cell spanning the column grows its w:gridSpan by the
// list's length. After the merge the grid is rescaled to the template's width.
#include "renderers/office_template/docx.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace s2d::office_template::docx {
namespace {

int span_of(pugi::xml_node cell) {
  return std::max(1, cell.child("w:tcPr").child("w:gridSpan").attribute("w:val").as_int(1));
}

int grid_before(pugi::xml_node row) {
  return std::max(0, row.child("w:trPr").child("w:gridBefore").attribute("w:val").as_int(0));
}

// The grid column where each cell of a row starts.
std::vector<std::pair<pugi::xml_node, int>> cells_at(pugi::xml_node row) {
  std::vector<std::pair<pugi::xml_node, int>> out;
  int column = grid_before(row);
  for (auto cell : row.children("w:tc")) {
    out.emplace_back(cell, column);
    column += span_of(cell);
  }
  return out;
}

int position_of(pugi::xml_node row) {
  int position = 0;
  for (auto n = row.previous_sibling("w:tr"); n; n = n.previous_sibling("w:tr")) ++position;
  return position;
}

bool plain_path(std::string_view expression) {
  if (expression.empty()) return false;
  return std::all_of(expression.begin(), expression.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '/' || c == '@' || c == '-' ||
           c == '[' || c == ']';
  });
}

struct Loop {
  int column = 0;   // grid column of the header cell
  int tag = -1;
  std::string expression;
};

class TableColumns {
 public:
  TableColumns(pugi::xml_node table, PartSource* source) : table_(table), source_(source) {}

  void add(const ColumnLoop& loop) {
    const auto row = loop.header.parent();
    for (const auto& [cell, column] : cells_at(row))
      if (cell == loop.header) loops_.push_back({column, loop.tag, source_->tag(loop.tag).expression});
    header_ = row;
  }

  bool repeat(const std::vector<RowBlock>& row_blocks, Error* error) {
    std::sort(loops_.begin(), loops_.end(), [](const Loop& a, const Loop& b) { return a.column < b.column; });
    if (!mark_grid(error)) return false;
    for (auto row : table_.children("w:tr")) {
      if (row == header_) continue;
      int depth = 0;
      if (!depth_of(row, row_blocks, &depth, error)) return false;
      if (!repeat_in_row(row, depth, error)) return false;
    }
    return true;
  }

 private:
  pugi::xml_node table_, header_;
  PartSource* source_;
  std::vector<Loop> loops_;

  Error fail(const Loop& loop, const std::string& message) const {
    return source_->error_at(loop.tag, "template_invalid", message);
  }

  // The grid columns get the loops and the table a marker with its width.
  bool mark_grid(Error* error) {
    auto grid = table_.child("w:tblGrid");
    std::vector<pugi::xml_node> columns;
    long long width = 0;
    for (auto column : grid.children("w:gridCol")) {
      columns.push_back(column);
      width += std::max(0LL, column.attribute("w:w").as_llong(0));
    }
    for (const auto& loop : loops_) {
      if (loop.column >= static_cast<int>(columns.size()))
        return *error = fail(loop, "the table's grid has no column under this header cell: open the document in "
                                   "Word or LibreOffice and save it again"),
               false;
      wrap(columns[std::size_t(loop.column)], loop, "");
    }
    table_.prepend_child(kColumnsMarker).append_attribute("w") = width;
    return true;
  }

  void wrap(pugi::xml_node node, const Loop& loop, const std::string& path) {
    const std::string open = path.empty() ? source_->tag(loop.tag).text : "{{#each " + path + "}}";
    node.parent().insert_child_before(pugi::node_pcdata, node).set_value(source_->token({open, loop.tag}).c_str());
    node.parent().insert_child_after(pugi::node_pcdata, node).set_value(source_->token({"{{/each}}", loop.tag}).c_str());
  }

  // How many contexts the row's blocks push between the table and the row:
  // a loop's list, as seen from the row, is that many levels up.
  bool depth_of(pugi::xml_node row, const std::vector<RowBlock>& row_blocks, int* depth, Error* error) const {
    const int at = position_of(row);
    for (const auto& block : row_blocks) {
      if (block.first.parent() != table_ || at < position_of(block.first) || at > position_of(block.last)) continue;
      const std::string& name = source_->tag(block.tag).block;
      if (name == "each" || name == "with") ++*depth;
      else if (name != "if" && name != "unless")
        return *error = source_->error_at(block.tag, "template_invalid",
                                          "rows of a table with a repeated column can only be repeated or chosen by "
                                          "{{#each}}, {{#with}}, {{#if}} or {{#unless}}"),
               false;
    }
    return true;
  }

  bool path_for(const Loop& loop, int depth, std::string* path, Error* error) const {
    if (depth == 0 || loop.expression.rfind("@root.", 0) == 0) {
      *path = loop.expression;
      return true;
    }
    if (!plain_path(loop.expression))
      return *error = fail(loop, "a repeated column inside repeated rows must loop over a field path, not an "
                                 "expression"),
             false;
    path->clear();
    for (int i = 0; i < depth; ++i) *path += "../";
    *path += loop.expression;
    return true;
  }

  bool repeat_in_row(pugi::xml_node row, int depth, Error* error) {
    for (const auto& [cell, start] : cells_at(row)) {
      const int span = span_of(cell);
      std::vector<std::string> spanned;   // lists of the loops under a wide cell
      for (const auto& loop : loops_) {
        if (loop.column < start || loop.column >= start + span) continue;
        std::string path;
        if (!path_for(loop, depth, &path, error)) return false;
        if (span == 1) wrap(cell, loop, depth == 0 ? "" : path);
        else spanned.push_back(path);
      }
      if (!spanned.empty()) grow_span(cell, span - static_cast<int>(spanned.size()), spanned);
    }
    return true;
  }

  // gridSpan = the cell's other columns + the length of each list it spans.
  void grow_span(pugi::xml_node cell, int fixed, const std::vector<std::string>& paths) {
    std::string expression = std::to_string(fixed);
    for (const auto& path : paths) expression = "(add " + expression + " (length " + path + "))";
    const std::string text = "{{" + expression.substr(1, expression.size() - 2) + "}}";
    cell.child("w:tcPr").child("w:gridSpan").attribute("w:val").set_value(source_->token({text, -1}).c_str());
  }
};

}  // namespace

bool repeat_columns(const std::vector<ColumnLoop>& loops, const std::vector<RowBlock>& row_blocks, PartSource* source,
                    Error* error) {
  std::map<const void*, TableColumns> tables;
  for (const auto& loop : loops) {
    for (const auto& block : row_blocks)
      if (block.first.parent() == loop.header.parent().parent() &&
          position_of(block.first) <= position_of(loop.header.parent()) &&
          position_of(loop.header.parent()) <= position_of(block.last))
        return *error = source->error_at(loop.tag, "template_invalid",
                                         "a repeated column's header row cannot sit inside a block over rows"),
               false;
    const auto table = loop.header.parent().parent();
    tables.try_emplace(table.internal_object(), table, source).first->second.add(loop);
  }
  for (auto& [key, table] : tables)
    if (!table.repeat(row_blocks, error)) return false;
  return true;
}

void fit_columns(pugi::xml_node marker) {
  auto table = marker.parent();
  const double width = marker.attribute("w").as_double();
  table.remove_child(marker);
  std::vector<pugi::xml_node> columns;
  double sum = 0;
  for (auto column : table.child("w:tblGrid").children("w:gridCol")) {
    columns.push_back(column);
    sum += std::max(0.0, column.attribute("w:w").as_double());
  }
  if (columns.empty()) {
    // Every column was a loop over an empty list: no table is left to show.
    table.parent().insert_child_before("w:p", table);
    table.parent().remove_child(table);
    return;
  }
  if (sum <= 0 || width <= 0) return;
  std::vector<long long> widths;
  for (auto column : columns) {
    widths.push_back(std::llround(std::max(0.0, column.attribute("w:w").as_double()) * width / sum));
    column.attribute("w:w").set_value(widths.back());
  }
  for (auto row : table.children("w:tr"))
    for (const auto& [cell, start] : cells_at(row)) {
      auto cell_width = cell.child("w:tcPr").child("w:tcW");
      const std::string_view type = cell_width.attribute("w:type").value();
      if (!cell_width || !(type.empty() || type == "dxa")) continue;
      long long total = 0;
      for (int c = start; c < start + span_of(cell) && c < static_cast<int>(widths.size()); ++c)
        total += widths[std::size_t(c)];
      cell_width.attribute("w:w").set_value(total);
    }
}

}  // namespace s2d::office_template::docx
