#pragma once
// The fixed parts of a DOCX package, shaped by the document's fonts and theme.
// Internal to the DOCX writer.

#include "renderers/document/model.hpp"

#include <string>
#include <vector>

namespace s2d::office::docx {

inline constexpr const char* kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
inline constexpr const char* kRelationshipsNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// Style ids the body refers to.
namespace style {
inline constexpr const char* title = "Title";
inline constexpr const char* quote = "Quote";
inline constexpr const char* code = "Code";
inline constexpr const char* code_char = "CodeChar";
inline constexpr const char* hyperlink = "Hyperlink";
inline constexpr const char* table_grid = "TableGrid";
inline constexpr const char* table_text = "TableText";
inline constexpr const char* list_continue = "ListContinue";
inline constexpr const char* header = "Header";
inline constexpr const char* footer = "Footer";
}  // namespace style

inline constexpr int kListStyleLevels = 5;  // List Bullet .. List Bullet 5
inline constexpr double kTableTextScale = 0.95;  // table text against the body size, as in the PDF
std::string heading_style_id(int level);               // "Heading1" .. "Heading6"
std::string list_style_id(bool ordered, int level);    // "ListBullet", "ListNumber2", ...

std::string styles_xml(const doc::Document& document);
std::string settings_xml();

// One numbered or bulleted list as Word numbers it: bullet lists share one
// w:num; every ordered list gets its own so its numbering restarts at `start`.
struct ListInstance {
  int num_id = 0;
  int level = 0;
  int start = 1;
};
// w:numId of the shared bullet numbering, and of the task-list boxes (which
// take the bullet's place, as in the PDF); ordered lists count on from kFirstOrderedNumId.
inline constexpr int kBulletNumId = 1, kCheckedNumId = 2, kUncheckedNumId = 3, kFirstOrderedNumId = 4;
std::string numbering_xml(const std::vector<ListInstance>& ordered_lists);
// Left indent of list level `level`, in twips (also used for continuation paragraphs).
int list_indent_twips(int level);

}  // namespace s2d::office::docx
