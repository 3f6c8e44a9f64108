#include "renderers/text/text.hpp"

#include "renderers/chart/model.hpp"
#include "renderers/chart/table.hpp"
#include "renderers/text/sanitize.hpp"

#include <algorithm>

namespace s2d::text {
namespace {

using doc::Block;
using Kind = doc::Block::Kind;
using Lines = std::vector<std::string>;

constexpr std::size_t kRuleWidth = 40;

Lines split_lines(const std::string& text) {
  Lines lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Link text followed by its target, unless the text already is the target.
std::string inline_text(const doc::Inlines& inlines) {
  std::string out;
  for (std::size_t i = 0; i < inlines.size();) {
    const std::string& link = inlines[i].link;
    std::string label;
    std::size_t end = i;
    for (; end < inlines.size() && inlines[end].link == link; ++end) {
      const auto& run = inlines[end];
      label += run.kind == doc::Inline::Kind::text ? run.text : run.kind == doc::Inline::Kind::soft_break ? " " : "\n";
    }
    out += label;
    const bool same = label == link || "mailto:" + label == link;
    if (!link.empty() && !same) out += " (" + link + ")";
    i = end;
  }
  return out;
}

void append_with_prefix(Lines& out, const Lines& lines, const std::string& first, const std::string& rest) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& prefix = i == 0 ? first : rest;
    if (lines[i].empty()) {
      // Keep blank lines free of trailing spaces.
      std::string trimmed = prefix;
      while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
      out.push_back(trimmed);
    } else {
      out.push_back(prefix + lines[i]);
    }
  }
}

std::string pad(const std::string& cell, int width, doc::Align align) {
  const int gap = std::max(0, width - display_width(cell));
  switch (align) {
    case doc::Align::right: return std::string(static_cast<std::size_t>(gap), ' ') + cell;
    case doc::Align::center: {
      const int left = gap / 2;
      return std::string(static_cast<std::size_t>(left), ' ') + cell + std::string(static_cast<std::size_t>(gap - left), ' ');
    }
    case doc::Align::left:
    case doc::Align::none: break;
  }
  return cell + std::string(static_cast<std::size_t>(gap), ' ');
}

std::string trim_right(std::string line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

Lines render_blocks(const doc::Blocks& blocks);
Lines render_block(const Block& block);

Lines render_table(const Block& table) {
  std::size_t columns = 0;
  for (const auto& row : table.rows) columns = std::max(columns, row.size());
  std::vector<std::vector<std::string>> cells;
  std::vector<int> widths(columns, 1);
  for (const auto& row : table.rows) {
    auto& texts = cells.emplace_back(columns);
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string cell = inline_text(row[c].inlines);
      std::replace(cell.begin(), cell.end(), '\n', ' ');
      widths[c] = std::max(widths[c], display_width(cell));
      texts[c] = std::move(cell);
    }
  }
  Lines lines;
  for (std::size_t r = 0; r < cells.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < columns; ++c) {
      if (c) line += "  ";
      line += pad(cells[r][c], widths[c], c < table.align.size() ? table.align[c] : doc::Align::none);
    }
    lines.push_back(trim_right(line));
    if (r == 0) {
      std::string underline;
      for (std::size_t c = 0; c < columns; ++c) {
        if (c) underline += "  ";
        underline += std::string(static_cast<std::size_t>(widths[c]), '-');
      }
      lines.push_back(underline);
    }
  }
  return lines;
}

Lines render_list(const Block& list) {
  Lines lines;
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const auto& item = list.items[i];
    std::string marker = list.ordered ? std::to_string(list.start + static_cast<int>(i)) + ". " : "- ";
    if (item.task_checked) marker += *item.task_checked ? "[x] " : "[ ] ";
    // Blocks of an item are separated by blank lines, except that a nested
    // list follows its parent line directly.
    Lines body;
    for (const auto& block : item.blocks) {
      Lines rendered = render_block(block);
      if (rendered.empty()) continue;
      if (!body.empty() && block.kind != Kind::list) body.emplace_back();
      body.insert(body.end(), rendered.begin(), rendered.end());
    }
    if (body.empty()) body.emplace_back();
    append_with_prefix(lines, body, marker, std::string(marker.size(), ' '));
  }
  return lines;
}

// Its title, then its data as a table.
Lines render_chart(const Block& block) {
  if (!block.chart) return {};
  Lines lines;
  if (!block.chart->title.empty()) lines = {block.chart->title, ""};
  Lines table = render_table(chart::data_table(*block.chart));
  lines.insert(lines.end(), table.begin(), table.end());
  return lines;
}

Lines render_block(const Block& block) {
  switch (block.kind) {
    case Kind::heading: {
      Lines lines = split_lines(inline_text(block.inlines));
      if (block.level <= 2) {
        int width = 0;
        for (const auto& line : lines) width = std::max(width, display_width(line));
        lines.push_back(std::string(static_cast<std::size_t>(std::max(width, 1)), block.level == 1 ? '=' : '-'));
      }
      return lines;
    }
    case Kind::paragraph: return split_lines(inline_text(block.inlines));
    case Kind::list: return render_list(block);
    case Kind::table: return render_table(block);
    case Kind::image: return {"[Image" + (block.image.alt.empty() ? std::string() : ": " + block.image.alt) + "]"};
    case Kind::code_block: {
      std::string code = block.text;
      while (!code.empty() && code.back() == '\n') code.pop_back();
      Lines lines;
      append_with_prefix(lines, split_lines(code), "    ", "    ");
      return lines;
    }
    case Kind::quote: {
      Lines lines;
      append_with_prefix(lines, render_blocks(block.children), "> ", "> ");
      return lines;
    }
    case Kind::rule: return {std::string(kRuleWidth, '-')};
    case Kind::keep_together: return render_blocks(block.children);
    case Kind::chart: return render_chart(block);
    case Kind::page_break:
    case Kind::notes: break;  // no page in plain text; notes belong to slides
  }
  return {};
}

Lines render_blocks(const doc::Blocks& blocks) {
  Lines lines;
  for (const auto& block : blocks) {
    Lines rendered = render_block(block);
    if (rendered.empty()) continue;
    if (!lines.empty()) lines.emplace_back();
    lines.insert(lines.end(), rendered.begin(), rendered.end());
  }
  return lines;
}

}  // namespace

std::string render_text(const doc::Document& document) {
  std::string out;
  for (const auto& line : render_blocks(document.blocks)) {
    out += line;
    out += '\n';
  }
  return clean(out);
}

}  // namespace s2d::text
