#pragma once
// {{markdown notes}} in PowerPoint: the value's Markdown as DrawingML
// paragraphs and runs (bold, italic, strikethrough, code, links, bullet and
// numbered lists, line breaks) in the style of the run and paragraph it
// stands in. Alone in its paragraph it becomes as many paragraphs as it
// has; inside a sentence its text stays in the sentence.

#include "renderers/office_template/common.hpp"

#include <string>

namespace s2d::office_template::pptx {

// The marker the merge leaves for a {{markdown}} tag inside an a:t.
std::string markdown_marker(int tag_index, const std::string& value_markup);

// Replaces every marker of a merged slide or notes part (`target`: the part
// in the package, for its links' relationships).
bool place_markdown(pugi::xml_document& document, const PreparedPart& part, const std::string& target,
                    PackageEdits& edits, const Options& options, Error* error);

}  // namespace s2d::office_template::pptx
