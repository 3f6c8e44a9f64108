#pragma once
// What the {{markdown}} values of Word, PowerPoint and Excel share: the
// Markdown blocks that are not paragraphs or lists, as lines of inlines.

#include "renderers/document/model.hpp"

#include <vector>

namespace s2d::office_template {

// A code block's lines, each one inline in code style.
std::vector<doc::Inlines> code_lines(const doc::Block& block);
// A table's rows as lines, its cells separated by tabs.
std::vector<doc::Inlines> table_lines(const doc::Block& block);
// Every inline of the blocks (list items included) in one line, blocks
// separated by line breaks, headings bold: a value inside a sentence.
doc::Inlines flat_inlines(const doc::Blocks& blocks);

}  // namespace s2d::office_template
