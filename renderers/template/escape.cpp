#include "renderers/template/escape.hpp"

#include <array>
#include <charconv>
#include <cmath>

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

// ASCII punctuation that Markdown/GFM could read as syntax: emphasis, code,
// links, images, headings, lists, quotes, tables, strikethrough, HTML,
// entities, setext underlines and URL autolinks (http: and www.). GFM links
// bare e-mail addresses after parsing, whatever the escaping: they stay
// literal text inside a mailto: link.
const std::array<bool, 256>& markdown_specials() {
  static const std::array<bool, 256> table = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : std::string_view("\\`*_{}[]<>()#+-.!|~&=:")) t[c] = true;
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

// A newline inside a value becomes a hard line break (backslash + newline),
// so the value cannot end its paragraph or start a block; in a table row it
// becomes a space, since a newline would end the row. Trailing newlines are
// dropped: a break at the end of a paragraph would print a backslash.
// Leading spaces and tabs become character references: at the start of a
// line they would otherwise open an indented code block.
void append_markdown(std::string& out, std::string_view text, bool table_cell) {
  const auto& specials = markdown_specials();
  std::size_t end = text.size();
  while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
  std::size_t i = 0;
  for (; i < end && (text[i] == ' ' || text[i] == '\t'); ++i) out.append(text[i] == ' ' ? "&#32;" : "&#9;");
  for (; i < end; ++i) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < end && text[i + 1] == '\n') ++i;
      out.append(table_cell ? " " : "\\\n");
      continue;
    }
    if (specials[static_cast<unsigned char>(c)]) out.push_back('\\');
    out.push_back(c);
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
