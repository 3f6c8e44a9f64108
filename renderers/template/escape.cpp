#include "renderers/template/escape.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace s2d::tmpl::detail {
namespace {

using Replacements = std::array<const char*, 256>;

// The five characters that are markup in both HTML and XML.
Replacements markup_replacements(const char* apostrophe) {
  Replacements t{};
  t['&'] = "&amp;";
  t['<'] = "&lt;";
  t['>'] = "&gt;";
  t['"'] = "&quot;";
  t['\''] = apostrophe;
  return t;
}

// For each byte, its replacement in HTML (nullptr: copied as is). Matches
// Handlebars so that output is byte-identical for the same template.
const Replacements& html_table() {
  static const Replacements table = [] {
    Replacements t = markup_replacements("&#x27;");
    t['`'] = "&#x60;";
    t['='] = "&#x3D;";
    return t;
  }();
  return table;
}

const Replacements& xml_table() {
  static const Replacements table = [] {
    Replacements t = markup_replacements("&apos;");
    // Control characters are not allowed in XML 1.0 at all: dropped.
    for (int c = 0; c < 0x20; ++c)
      if (c != '\t' && c != '\n' && c != '\r') t[c] = "";
    return t;
  }();
  return table;
}

void append_with_table(std::string& out, std::string_view text, const Replacements& table) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* replacement = table[static_cast<unsigned char>(text[i])];
    if (!replacement) continue;
    out.append(text.data() + run, i - run);
    out.append(replacement);
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
}

// Characters U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters either.
void append_xml(std::string& out, std::string_view text) {
  std::size_t start = out.size();
  append_with_table(out, text, xml_table());
  for (std::size_t i = start; i + 2 < out.size();) {
    if (static_cast<unsigned char>(out[i]) == 0xEF && static_cast<unsigned char>(out[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(out[i + 2]) == 0xBE || static_cast<unsigned char>(out[i + 2]) == 0xBF)) {
      out.erase(i, 3);
    } else {
      ++i;
    }
  }
}

// Markdown escaping leaves a value as it is except for the characters that
// would start markup where they stand under CommonMark and the GFM
// extensions cmark-gfm parses with (tables, strikethrough, autolinks, task
// lists): "2026-Q3", "48.900,00 €", "$1,234.50", "Acme Inc." come out
// verbatim; "*bold*", "<script>", a leading "1. " or "# " get a backslash.
// A value may stand at the start of a line, so its start (and every line
// after a newline in it) is treated as one.

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_ascii_punctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

bool blank_or_end(std::string_view line, std::size_t k) {
  return k >= line.size() || line[k] == ' ' || line[k] == '\t';
}

// The line holds only `marker` characters and blanks: a thematic break or
// a setext underline.
bool only_marker(std::string_view line, char marker) {
  return line.find_first_not_of(std::string{marker, ' ', '\t'}) == std::string_view::npos;
}

// The offset in `line` (which starts a line) of the character that would
// open a block there (heading, list item, block quote, thematic break,
// setext underline), or npos.
std::size_t block_marker(std::string_view line) {
  constexpr auto none = std::string_view::npos;
  if (line.empty()) return none;
  switch (line[0]) {
    case '>': return 0;
    case '#': {
      const auto run = std::min(line.find_first_not_of('#'), line.size());
      return run <= 6 && blank_or_end(line, run) ? 0 : none;
    }
    case '+': return blank_or_end(line, 1) ? 0 : none;
    case '-': return blank_or_end(line, 1) || only_marker(line, '-') ? 0 : none;
    case '=': return only_marker(line, '=') ? 0 : none;
    case '_': return only_marker(line, '_') ? 0 : none;
    default: break;
  }
  const auto digits = std::min(line.find_first_not_of("0123456789"), line.size());
  if (digits >= 1 && digits <= 9 && digits < line.size() && (line[digits] == '.' || line[digits] == ')') &&
      blank_or_end(line, digits + 1))
    return digits;
  return none;
}

// "&name;", "&#123;" or "&#x1F;": a character reference cmark would decode.
bool starts_entity(std::string_view text) {
  std::size_t k = 1;
  if (k < text.size() && text[k] == '#') {
    ++k;
    if (k < text.size() && (text[k] == 'x' || text[k] == 'X')) ++k;
  }
  const std::size_t name_start = k;
  while (k < text.size() && is_alnum(text[k])) ++k;
  return k > name_start && k < text.size() && text[k] == ';';
}

bool equals_ignoring_case(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (char(text[i] | 0x20) != lower[i]) return false;
  return true;
}

// Whether text[i], anywhere in a line, would start inline markup.
bool opens_inline(std::string_view text, std::size_t i) {
  const char c = text[i];
  const char next = i + 1 < text.size() ? text[i + 1] : '\0';
  switch (c) {
    case '*': case '`': case '<': case '[': case ']': case '|': case '~':
      return true;
    case '\\':  // a backslash escapes punctuation and breaks a line
      return next == '\0' || next == '\n' || next == '\r' || is_ascii_punctuation(next);
    case '_':  // an underscore inside a word cannot open or close emphasis
      return !(i > 0 && is_alnum(text[i - 1]) && is_alnum(next));
    case '&':
      return starts_entity(text.substr(i));
    case ':':  // a URL autolink: scheme://
      return text.substr(i + 1, 2) == "//";
    case '.':  // a www. autolink
      return i >= 3 && equals_ignoring_case(text.substr(i - 3, 3), "www");
    default:
      return false;
  }
}

// A newline inside a value becomes a hard line break (backslash + newline),
// so the value cannot end its paragraph; in a table row it becomes a space,
// since a newline would end the row. Trailing newlines are dropped: a break
// at the end of a paragraph would print a backslash. Leading spaces and tabs
// of each line become character references: they would otherwise indent
// (a code block, or a block marker hidden behind up to three spaces).
void append_markdown(std::string& out, std::string_view value, bool table_cell) {
  std::size_t end = value.size();
  while (end > 0 && (value[end - 1] == '\n' || value[end - 1] == '\r')) --end;
  const std::string_view text = value.substr(0, end);
  std::size_t i = 0;
  while (i < text.size()) {
    for (; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) out.append(text[i] == ' ' ? "&#32;" : "&#9;");
    const auto line_end = std::min(text.find_first_of("\r\n", i), text.size());
    const auto marker = block_marker(text.substr(i, line_end - i));
    for (std::size_t k = i; k < line_end; ++k) {
      if (k - i == marker || opens_inline(text, k)) out.push_back('\\');
      out.push_back(text[k]);
    }
    i = line_end;
    if (i < text.size()) {
      i += text.compare(i, 2, "\r\n") == 0 ? 2 : 1;
      out.append(table_cell ? " " : "\\\n");
    }
  }
}

}  // namespace

void append_escaped(std::string& out, std::string_view text, EscapeMode mode) {
  switch (mode) {
    case EscapeMode::html: append_with_table(out, text, html_table()); return;
    case EscapeMode::xml: append_xml(out, text); return;
    case EscapeMode::markdown: append_markdown(out, text, false); return;
    case EscapeMode::markdown_cell: append_markdown(out, text, true); return;
    case EscapeMode::none: out.append(text); return;
  }
}

void append_number(std::string& out, const nlohmann::json& number) {
  char buffer[64];
  std::to_chars_result r{};
  if (number.is_number_unsigned()) {
    r = std::to_chars(buffer, buffer + sizeof buffer, number.get<std::uint64_t>());
  } else if (number.is_number_integer()) {
    r = std::to_chars(buffer, buffer + sizeof buffer, number.get<std::int64_t>());
  } else {
    double d = number.get<double>();
    if (d == 0) {
      out.push_back('0');  // also -0, as JavaScript prints it
      return;
    }
    double magnitude = std::fabs(d);
    auto format = (magnitude >= 1e-7 && magnitude < 1e21) ? std::chars_format::fixed : std::chars_format::general;
    r = std::to_chars(buffer, buffer + sizeof buffer, d, format);
  }
  out.append(buffer, r.ptr);
}

bool append_text(std::string& out, const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::string: out.append(value.get_ref<const std::string&>()); return true;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: append_number(out, value); return true;
    case nlohmann::json::value_t::boolean: out.append(value.get<bool>() ? "true" : "false"); return true;
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded: return true;
    case nlohmann::json::value_t::array: {
      bool first = true;
      for (const auto& item : value) {
        if (!first) out.push_back(',');
        first = false;
        if (item.is_array() || item.is_object()) return false;
        append_text(out, item);
      }
      return true;
    }
    default: return false;
  }
}

}  // namespace s2d::tmpl::detail
