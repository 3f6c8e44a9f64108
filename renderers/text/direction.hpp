#pragma once
// Writing direction, from ICU: which locales are written right to left, and
// which runs of text hold right-to-left letters.

#include <string_view>

namespace s2d::text {

// "ar", "he-IL", "fa", "ur-PK", ... (ICU's likely script for the locale).
bool is_right_to_left(std::string_view locale);

// True when the text holds a strong right-to-left character (Arabic, Hebrew,
// Syriac, Thaana, ...); Word marks such runs so it shapes them as complex script.
bool has_right_to_left_text(std::string_view utf8);

}  // namespace s2d::text
