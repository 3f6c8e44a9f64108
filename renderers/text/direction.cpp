#include "renderers/text/direction.hpp"

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/utf8.h>

#include <string>

namespace s2d::text {

bool is_right_to_left(std::string_view locale) {
  if (locale.empty()) return false;
  const std::string id(locale);
  return uloc_isRightToLeft(id.c_str());
}

bool has_right_to_left_text(std::string_view utf8) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0x0590) continue;  // nothing before Hebrew is right to left
    const auto direction = u_charDirection(c);
    if (direction == U_RIGHT_TO_LEFT || direction == U_RIGHT_TO_LEFT_ARABIC) return true;
  }
  return false;
}

}  // namespace s2d::text
