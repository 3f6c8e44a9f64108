#include "renderers/office_template/rich_text.hpp"

#include <algorithm>

namespace s2d::office_template {

std::vector<doc::Inlines> code_lines(const doc::Block& block) {
  std::vector<doc::Inlines> lines;
  for (std::size_t start = 0; start <= block.text.size();) {
    auto end = std::min(block.text.find('\n', start), block.text.size());
    doc::Inline code{doc::Inline::Kind::text, block.text.substr(start, end - start), doc::code, ""};
    if (end == block.text.size() && code.text.empty()) break;
    lines.push_back({code});
    start = end + 1;
  }
  return lines;
}

std::vector<doc::Inlines> table_lines(const doc::Block& block) {
  std::vector<doc::Inlines> lines;
  for (const auto& row : block.rows) {
    doc::Inlines line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) line.push_back({doc::Inline::Kind::text, "\t", doc::plain, ""});
      line.insert(line.end(), row[c].inlines.begin(), row[c].inlines.end());
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

namespace {

void flatten(const doc::Blocks& blocks, bool* first, doc::Inlines* out) {
  for (const auto& block : blocks) {
    if (block.kind == doc::Block::Kind::list) {
      for (const auto& item : block.items) flatten(item.blocks, first, out);
      continue;
    }
    if (!*first) out->push_back({doc::Inline::Kind::line_break, "", doc::plain, ""});
    *first = false;
    for (auto inline_item : block.inlines) {
      if (block.kind == doc::Block::Kind::heading) inline_item.style |= doc::bold;
      out->push_back(std::move(inline_item));
    }
  }
}

}  // namespace

doc::Inlines flat_inlines(const doc::Blocks& blocks) {
  doc::Inlines out;
  bool first = true;
  flatten(blocks, &first, &out);
  return out;
}

}  // namespace s2d::office_template
