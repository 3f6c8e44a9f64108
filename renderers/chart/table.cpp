#include "renderers/chart/table.hpp"

#include "renderers/chart/format.hpp"

#include <functional>
#include <map>

namespace s2d::chart {
namespace {

doc::TableCell cell(std::string text) {
  doc::Inline run;
  run.text = std::move(text);
  return {{run}};
}

// Markdown table text: pipes and backslashes escaped, newlines as spaces.
std::string cell_markdown(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|' || c == '\\') out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

void collect(const doc::Blocks& blocks, std::map<int, const doc::Block*>* out) {
  for (const auto& block : blocks) {
    if (block.kind == doc::Block::Kind::chart && block.chart) (*out)[block.first_line] = &block;
    for (const auto& item : block.items) collect(item.blocks, out);
    collect(block.children, out);
  }
}

}  // namespace

doc::Block data_table(const Chart& chart) {
  doc::Block table;
  table.kind = doc::Block::Kind::table;
  doc::TableRow header{cell(chart.x_title.empty() ? chart.x_field : chart.x_title)};
  table.align.push_back(doc::Align::left);
  for (const auto& series : chart.series) {
    header.push_back(cell(series.name));
    table.align.push_back(doc::Align::right);
  }
  table.rows.push_back(std::move(header));
  for (std::size_t i = 0; i < chart.categories.size(); ++i) {
    doc::TableRow row{cell(chart.categories[i])};
    for (const auto& series : chart.series)
      row.push_back(cell(series.values[i] ? format_value(chart, *series.values[i]) : std::string()));
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string replace_chart_fences(std::string_view markdown, const doc::Document& document) {
  std::map<int, const doc::Block*> charts;
  collect(document.blocks, &charts);
  if (charts.empty()) return std::string(markdown);
  std::string out;
  int line = 1;
  const doc::Block* inside = nullptr;
  for (std::size_t start = 0; start < markdown.size(); ++line) {
    std::size_t end = markdown.find('\n', start);
    const std::size_t next = end == std::string_view::npos ? markdown.size() : end + 1;
    std::string_view row = markdown.substr(start, next - start);
    start = next;
    if (inside) {
      if (line >= inside->last_line) inside = nullptr;
      continue;
    }
    auto found = charts.find(line);
    if (found == charts.end()) {
      out += row;
      continue;
    }
    inside = found->second;
    if (line >= inside->last_line) inside = nullptr;
    // The fence's own prefix (indentation, "> ") starts every line of the table.
    const std::string prefix(row.substr(0, row.find_first_of("`~")));
    const Chart& chart = *found->second->chart;
    const doc::Block table = data_table(chart);
    if (!chart.title.empty()) out += prefix + "**" + cell_markdown(chart.title) + "**\n" + prefix + "\n";
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      out += prefix + "|";
      for (const auto& value : table.rows[r]) out += " " + cell_markdown(value.inlines[0].text) + " |";
      out += "\n";
      if (r == 0) {
        out += prefix + "|";
        for (std::size_t c = 0; c < table.rows[0].size(); ++c) out += c == 0 ? " --- |" : " ---: |";
        out += "\n";
      }
    }
  }
  return out;
}

}  // namespace s2d::chart
