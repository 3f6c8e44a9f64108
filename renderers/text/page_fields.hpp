#pragma once
// Running headers and footers: "start | center | end" parts (as the PDF
// renderer places them) holding {{page}} and {{pages}}, which each format
// turns into its own page-number field.

#include <string>
#include <string_view>
#include <vector>

namespace s2d::text {

struct HeaderPiece {
  enum class Kind { text, page, pages };
  Kind kind = Kind::text;
  std::string text;  // for Kind::text
};

// "Page {{page}} of {{pages}}" -> text "Page ", page, text " of ", pages.
// Spaces inside the braces are allowed ({{ page }}); other {{...}} stay text.
std::vector<HeaderPiece> split_page_fields(std::string_view line);

struct RunningPart {
  enum class Position { start, center, end };
  Position position = Position::center;
  std::string text;  // trimmed, never empty
};

// Up to three parts separated by "|": one part is centered, two sit at the
// start and end, three at start, center and end. Empty parts are dropped.
std::vector<RunningPart> split_running_parts(std::string_view line);

}  // namespace s2d::text
