#include "renderers/text/page_fields.hpp"

namespace s2d::text {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

void append_text(std::vector<HeaderPiece>& pieces, std::string_view text) {
  if (text.empty()) return;
  if (!pieces.empty() && pieces.back().kind == HeaderPiece::Kind::text) {
    pieces.back().text += text;
  } else {
    pieces.push_back({HeaderPiece::Kind::text, std::string(text)});
  }
}

}  // namespace

std::vector<HeaderPiece> split_page_fields(std::string_view line) {
  std::vector<HeaderPiece> pieces;
  std::size_t at = 0;
  while (at < line.size()) {
    const auto open = line.find("{{", at);
    const auto close = open == std::string_view::npos ? open : line.find("}}", open + 2);
    if (close == std::string_view::npos) {
      append_text(pieces, line.substr(at));
      break;
    }
    append_text(pieces, line.substr(at, open - at));
    const auto name = trim(line.substr(open + 2, close - open - 2));
    if (name == "page") {
      pieces.push_back({HeaderPiece::Kind::page, {}});
    } else if (name == "pages") {
      pieces.push_back({HeaderPiece::Kind::pages, {}});
    } else {
      append_text(pieces, line.substr(open, close + 2 - open));
    }
    at = close + 2;
  }
  return pieces;
}

std::vector<RunningPart> split_running_parts(std::string_view line) {
  std::vector<std::string_view> texts;
  for (std::size_t at = 0; texts.size() < 3;) {
    const auto bar = line.find('|', at);
    texts.push_back(trim(line.substr(at, bar == std::string_view::npos ? std::string_view::npos : bar - at)));
    if (bar == std::string_view::npos) break;
    at = bar + 1;
  }
  using Position = RunningPart::Position;
  static constexpr Position kOne[] = {Position::center};
  static constexpr Position kTwo[] = {Position::start, Position::end};
  static constexpr Position kThree[] = {Position::start, Position::center, Position::end};
  const Position* positions = texts.size() == 1 ? kOne : texts.size() == 2 ? kTwo : kThree;
  std::vector<RunningPart> parts;
  for (std::size_t i = 0; i < texts.size(); ++i)
    if (!texts[i].empty()) parts.push_back({positions[i], std::string(texts[i])});
  return parts;
}

}  // namespace s2d::text
