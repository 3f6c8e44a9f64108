#include "renderers/text/sanitize.hpp"

#include "renderers/chart/model.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>

namespace s2d::text {
namespace {

bool is_dropped_control(UChar32 c) {
  if (c == '\t' || c == '\n') return false;
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF;
}

void append_utf8(std::string& out, UChar32 c) {
  char buffer[U8_MAX_LENGTH];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(buffer, length, U8_MAX_LENGTH, c, error);
  if (!error) out.append(buffer, static_cast<std::size_t>(length));
}

template <typename Visit>
void for_each_code_point(std::string_view text, Visit visit) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    visit(c, text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
  }
}

void append_plain(std::string& out, const doc::Blocks& blocks);

void append_plain(std::string& out, const doc::Block& block) {
  using Kind = doc::Block::Kind;
  auto new_paragraph = [&] {
    if (!out.empty() && out.back() != '\n') out += '\n';
  };
  switch (block.kind) {
    case Kind::heading:
    case Kind::paragraph:
      new_paragraph();
      out += plain_text(block.inlines);
      break;
    case Kind::code_block:
      new_paragraph();
      out += block.text;
      break;
    case Kind::image:
      new_paragraph();
      out += block.image.alt;
      break;
    case Kind::chart:
      new_paragraph();
      if (block.chart) out += block.chart->title;
      break;
    case Kind::list:
      for (const auto& item : block.items) append_plain(out, item.blocks);
      break;
    case Kind::table:
      for (const auto& row : block.rows) {
        new_paragraph();
        for (std::size_t c = 0; c < row.size(); ++c) {
          if (c) out += '\t';
          out += plain_text(row[c].inlines);
        }
      }
      break;
    case Kind::quote:
    case Kind::keep_together:
    case Kind::notes:
      append_plain(out, block.children);
      break;
    case Kind::rule:
    case Kind::page_break:
      break;
  }
}

void append_plain(std::string& out, const doc::Blocks& blocks) {
  for (const auto& block : blocks) append_plain(out, block);
}

}  // namespace

std::string clean(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](UChar32 c, std::string_view bytes) {
    if (c < 0) {
      append_utf8(out, 0xFFFD);
    } else if (!is_dropped_control(c)) {
      out.append(bytes);
    }
  });
  return out;
}

std::string plain_text(const doc::Inlines& inlines) {
  std::string out;
  for (const auto& run : inlines) {
    switch (run.kind) {
      case doc::Inline::Kind::text: out += run.text; break;
      case doc::Inline::Kind::soft_break: out += ' '; break;
      case doc::Inline::Kind::line_break: out += '\n'; break;
    }
  }
  return out;
}

std::string plain_text(const doc::Block& block) {
  std::string out;
  append_plain(out, block);
  return out;
}

bool is_safe_link(std::string_view url) {
  const auto colon = url.find(':');
  if (colon == std::string_view::npos) return !url.empty();  // relative or #fragment
  const auto first_delimiter = url.find_first_of("/?#");
  if (first_delimiter != std::string_view::npos && first_delimiter < colon) return true;  // "a/b:c"
  std::string scheme(url.substr(0, colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
}

std::string uri_for_target(std::string_view url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(url.size());
  for (const char ch : url) {
    const auto byte = static_cast<unsigned char>(ch);
    const bool reserved_elsewhere = std::string_view("\"<>\\^`{|} ").find(ch) != std::string_view::npos;
    if (byte < 0x21 || byte >= 0x7F || reserved_elsewhere) {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += ch;
    }
  }
  return out;
}

int display_width(std::string_view utf8) {
  int width = 0;
  for_each_code_point(utf8, [&](UChar32 c, std::string_view) {
    if (c < 0) {
      width += 1;
      return;
    }
    const auto category = u_charType(c);
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR) return;
    const auto east_asian = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    width += (east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH) ? 2 : 1;
  });
  return width;
}

}  // namespace s2d::text
