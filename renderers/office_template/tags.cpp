#include "renderers/office_template/tags.hpp"

#include <algorithm>
#include <cstring>

namespace s2d::office_template {
namespace {

constexpr std::string_view kTokenMark = "\xEF\xBF\xBF";   // U+FFFF: never in well-formed XML
constexpr std::size_t kContextChars = 80;

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::string first_word(std::string_view text, std::string_view* rest) {
  text = trim(text);
  std::size_t end = 0;
  while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
  *rest = trim(text.substr(end));
  return std::string(text.substr(0, end));
}

// "photo width=\"4cm\" height=3cm" -> expression and options of an image tag.
void parse_image_arguments(std::string_view arguments, Tag* tag) {
  std::vector<std::string> words;
  std::string current;
  char quote = 0;
  for (char c : arguments) {
    if (quote) {
      if (c == quote) quote = 0; else current += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      if (current.empty() && words.empty()) current += '"';   // a literal asset name
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (!current.empty()) words.push_back(std::move(current)), current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  if (words.empty()) return;
  tag->expression = words.front();
  for (std::size_t i = 1; i < words.size(); ++i) {
    const auto eq = words[i].find('=');
    if (eq == std::string::npos) continue;
    const std::string key = words[i].substr(0, eq), value = words[i].substr(eq + 1);
    if (key == "width") tag->width = value;
    if (key == "height") tag->height = value;
  }
}

void append_utf8_context(std::string& out, std::string_view text) {
  std::size_t n = std::min(text.size(), kContextChars);
  while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  out.append(text.substr(0, n));
  if (n < text.size()) out += "...";
}

}  // namespace

bool named(pugi::xml_node node, std::string_view name) { return name == node.name(); }

std::string straighten(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto rest = text.substr(i);
    if (rest.rfind("\xE2\x80\x9C", 0) == 0 || rest.rfind("\xE2\x80\x9D", 0) == 0 || rest.rfind("\xE2\x80\x9E", 0) == 0) {
      out += '"';
      i += 2;
    } else if (rest.rfind("\xE2\x80\x98", 0) == 0 || rest.rfind("\xE2\x80\x99", 0) == 0) {
      out += '\'';
      i += 2;
    } else if (rest.rfind("\xC2\xA0", 0) == 0) {
      out += ' ';
      i += 1;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool classify_tag(std::string_view written, Tag* tag, std::string* problem) {
  tag->written = std::string(written);
  std::string text = straighten(written);
  const bool triple = text.rfind("{{{", 0) == 0 && text.size() >= 6 && text.compare(text.size() - 3, 3, "}}}") == 0;
  std::string inner = triple ? text.substr(3, text.size() - 6) : text.substr(2, text.size() - 4);
  // Raw output would let data write XML into the document: every value is escaped.
  if (!inner.empty() && inner.front() == '&') inner.erase(0, 1);
  std::string_view content = trim(inner);
  bool tilde_left = false, tilde_right = false;
  if (!content.empty() && content.front() == '~') content.remove_prefix(1), tilde_left = true;
  if (!content.empty() && content.back() == '~') content.remove_suffix(1), tilde_right = true;
  content = trim(content);
  tag->text = std::string("{{") + (tilde_left ? "~" : "") + std::string(content) + (tilde_right ? "~" : "") + "}}";
  if (content.empty()) {
    *problem = "empty tag";
    return false;
  }
  const char sigil = content.front();
  std::string_view rest = trim(content.substr(1));
  switch (sigil) {
    case '#': {
      std::string_view argument;
      tag->kind = Tag::Kind::open;
      tag->block = first_word(rest, &argument);
      tag->expression = std::string(argument);
      if (tag->block.empty()) *problem = "a block tag needs a name, e.g. {{#each items}}";
      return problem->empty();
    }
    case '^':
      if (rest.empty()) {
        tag->kind = Tag::Kind::else_tag;
        return true;
      }
      tag->kind = Tag::Kind::open;
      tag->block = first_word(rest, &rest);
      return true;
    case '/':
      tag->kind = Tag::Kind::close;
      tag->block = std::string(rest);
      return true;
    case '!':
      tag->kind = Tag::Kind::comment;
      return true;
    case '>':
    case '<':
    case '$':
      *problem = "partials and template inheritance are not available in Office templates";
      return false;
    case '=':
      *problem = "Office templates keep the {{ }} delimiters: delimiter changes are not available";
      return false;
    default:
      break;
  }
  std::string_view arguments;
  const std::string word = first_word(content, &arguments);
  if (word == "else") {
    tag->kind = Tag::Kind::else_tag;
  } else if (word == "pagebreak" && arguments.empty()) {
    tag->kind = Tag::Kind::pagebreak;
  } else if (word == "image" && !arguments.empty()) {
    tag->kind = Tag::Kind::image;
    parse_image_arguments(arguments, tag);
  } else if (word == "markdown" && !arguments.empty()) {
    tag->kind = Tag::Kind::markdown;
    tag->expression = std::string(arguments);
  } else if (word == "chart" && !arguments.empty()) {
    tag->kind = Tag::Kind::chart;
    tag->expression = std::string(trim(arguments));
  } else {
    tag->kind = Tag::Kind::value;
  }
  return true;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '{': out += "&#123;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string PartSource::token(Piece piece) {
  pieces_.push_back(std::move(piece));
  return std::string(kTokenMark) + std::to_string(pieces_.size() - 1) + std::string(kTokenMark);
}

int PartSource::add_tag(Tag tag, Where where) {
  tags_.push_back(std::move(tag));
  wheres_.push_back(std::move(where));
  return static_cast<int>(tags_.size() - 1);
}

namespace {
struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
};
}  // namespace

std::string save_xml(const pugi::xml_document& document) {
  StringWriter writer;
  writer.out = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
  writer.out += "\r\n";
  document.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return std::move(writer.out);
}

namespace {
// Deeper than any document Office writes; the merge's tree walks recurse.
constexpr int kMaxXmlDepth = 256;

bool shallow(const pugi::xml_document& document) {
  int depth = 0;
  for (pugi::xml_node node = document.first_child(); node;) {
    if (node.first_child()) {
      node = node.first_child();
      if (++depth > kMaxXmlDepth) return false;
      continue;
    }
    while (node && !node.next_sibling()) {
      node = node.parent();
      --depth;
    }
    if (node) node = node.next_sibling();
  }
  return true;
}
}  // namespace

bool load_xml(pugi::xml_document* document, std::string_view bytes) {
  return document->load_buffer(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
                               pugi::encoding_utf8) &&
         shallow(*document);
}

std::string PartSource::write(const pugi::xml_document& document, const std::string& wrap_open,
                              const std::string& wrap_close) {
  std::string xml = save_xml(document);
  if (!wrap_open.empty()) xml.erase(0, xml.find('>') + 1);
  source_ = wrap_open;
  source_.reserve(xml.size() + xml.size() / 8);
  offsets_.clear();
  for (std::size_t i = 0; i < xml.size();) {
    if (xml[i] == '{') {
      source_ += "&#123;";
      ++i;
    } else if (xml.compare(i, kTokenMark.size(), kTokenMark) == 0) {
      const std::size_t digits = i + kTokenMark.size();
      const std::size_t end = xml.find(kTokenMark, digits);
      const auto index = std::stoul(xml.substr(digits, end - digits));
      const Piece& piece = pieces_.at(index);
      if (piece.tag >= 0) offsets_.emplace_back(static_cast<std::uint32_t>(source_.size()), piece.tag);
      source_ += piece.text;
      i = end + kTokenMark.size();
    } else {
      source_ += xml[i++];
    }
  }
  source_ += wrap_close;
  return source_;
}

int PartSource::tag_at(int line, int column) const {
  std::size_t offset = 0;
  for (int l = 1; l < line && offset < source_.size(); ++l) {
    const auto newline = source_.find('\n', offset);
    if (newline == std::string::npos) break;
    offset = newline + 1;
  }
  for (int c = 1; c < column && offset < source_.size(); ++c) {
    ++offset;
    while (offset < source_.size() && (static_cast<unsigned char>(source_[offset]) & 0xC0) == 0x80) ++offset;
  }
  auto after = std::upper_bound(offsets_.begin(), offsets_.end(), std::make_pair(static_cast<std::uint32_t>(offset), 1 << 30));
  if (after == offsets_.begin()) return -1;
  return std::prev(after)->second;
}

Error PartSource::error_at(int tag, std::string code, std::string message) const {
  Error error;
  error.code = std::move(code);
  error.message = std::move(message);
  if (tag < 0 || static_cast<std::size_t>(tag) >= tags_.size()) return error;
  const Where& where = wheres_[static_cast<std::size_t>(tag)];
  error.part = where.part;
  error.paragraph = where.paragraph;
  error.cell = where.cell;
  error.slide = where.slide;
  error.tag = tags_[static_cast<std::size_t>(tag)].written;
  append_utf8_context(error.context, where.context);
  return error;
}

std::string strip_tokens(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, kTokenMark.size(), kTokenMark) == 0) {
      const auto end = text.find(kTokenMark, i + kTokenMark.size());
      i = end == std::string_view::npos ? text.size() : end + kTokenMark.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

bool has_token(std::string_view text) { return text.find(kTokenMark) != std::string_view::npos; }

namespace {

void collect_text_nodes(pugi::xml_node node, const TextDialect& dialect, std::vector<pugi::xml_node>* out) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    if (named(child, dialect.paragraph)) continue;   // a nested paragraph (text box) has its own tags
    if (named(child, dialect.text)) {
      out->push_back(child);
      continue;
    }
    collect_text_nodes(child, dialect, out);
  }
}

struct Span {
  std::size_t begin, end;
};

}  // namespace

void erase_text(pugi::xml_node paragraph, const TextDialect& dialect, std::string_view written) {
  std::vector<pugi::xml_node> nodes;
  collect_text_nodes(paragraph, dialect, &nodes);
  std::string text;
  std::vector<std::size_t> starts;
  for (const auto& node : nodes) {
    starts.push_back(text.size());
    text += node.text().get();
  }
  const auto begin = text.find(written);
  if (begin == std::string::npos) return;
  const auto end = begin + written.size();
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    const std::size_t from = starts[k], to = from + std::strlen(nodes[k].text().get());
    if (to <= begin || from >= end) continue;
    std::string value = nodes[k].text().get();
    const std::size_t cut_from = std::max(begin, from) - from, cut_to = std::min(end, to) - from;
    value.erase(cut_from, cut_to - cut_from);
    nodes[k].text().set(value.c_str());
  }
}

bool scan_paragraph(pugi::xml_node paragraph, const TextDialect& dialect, PartSource* source, const Where& where,
                    ParagraphText* out, Error* error) {
  std::vector<pugi::xml_node> nodes;
  collect_text_nodes(paragraph, dialect, &nodes);
  std::string text;
  std::vector<std::size_t> starts;
  for (const auto& node : nodes) {
    starts.push_back(text.size());
    text += node.text().get();
  }
  starts.push_back(text.size());
  if (text.find(kTokenMark) != std::string::npos) {
    *error = Error::of("template_invalid", "the document holds the character U+FFFF, which XML does not allow", where.part);
    error->paragraph = where.paragraph;
    error->cell = where.cell;
    return false;
  }
  std::vector<Span> spans;
  for (std::size_t from = 0;;) {
    const auto open = text.find("{{", from);
    if (open == std::string::npos) break;
    const bool triple = text.compare(open, 3, "{{{") == 0;
    const auto close = text.find(triple ? "}}}" : "}}", open + 2);
    const auto next_open = text.find("{{", open + (triple ? 3 : 2));
    if (close == std::string::npos || (next_open != std::string::npos && next_open < close)) {
      Where w = where;
      w.context = text;
      PartSource scratch;
      Tag tag;
      tag.written = text.substr(open, std::min<std::size_t>(40, text.size() - open));
      *error = scratch.error_at(scratch.add_tag(tag, w), "template_invalid",
                                "the tag is not closed with }} in the same paragraph");
      return false;
    }
    spans.push_back({open, close + (triple ? 3 : 2)});
    from = spans.back().end;
  }
  out->plain.clear();
  std::size_t at = 0;
  for (const auto& span : spans) {
    out->plain.append(text, at, span.begin - at);
    at = span.end;
  }
  out->plain.append(text, at, std::string::npos);
  if (spans.empty()) return true;

  Where w = where;
  w.context = out->plain;
  std::vector<std::string> tokens;
  std::vector<int> tag_ids, piece_ids;
  for (const auto& span : spans) {
    Tag tag;
    std::string problem;
    if (!classify_tag(std::string_view(text).substr(span.begin, span.end - span.begin), &tag, &problem)) {
      *error = source->error_at(source->add_tag(tag, w), "template_invalid", problem);
      return false;
    }
    const std::string normalized = tag.text;
    const int id = source->add_tag(std::move(tag), w);
    tag_ids.push_back(id);
    tokens.push_back(source->token({normalized, id}));
    piece_ids.push_back(source->last_piece());
  }
  // Rebuild each text element: text outside tags stays where it was; each tag
  // moves whole into the element where it starts.
  std::size_t next_span = 0;
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    const std::size_t begin = starts[k], end = starts[k + 1];
    std::string rebuilt;
    std::size_t pos = begin;
    bool changed = false;
    while (pos < end) {
      while (next_span < spans.size() && spans[next_span].end <= pos) ++next_span;
      if (next_span == spans.size() || spans[next_span].begin >= end) {
        rebuilt.append(text, pos, end - pos);
        break;
      }
      const Span& span = spans[next_span];
      if (span.begin >= pos) {
        rebuilt.append(text, pos, span.begin - pos);
        rebuilt += tokens[next_span];
        out->tags.push_back({tag_ids[next_span], piece_ids[next_span], nodes[k], tokens[next_span]});
      }
      changed = true;
      pos = std::min(span.end, end);
    }
    if (changed || rebuilt.size() != end - begin) nodes[k].text().set(rebuilt.c_str());
  }
  return true;
}

nlohmann::json Error::to_json() const {
  nlohmann::json out = {{"code", code}, {"message", message}};
  if (!part.empty()) out["part"] = part;
  if (paragraph) out["paragraph"] = paragraph;
  if (!cell.empty()) out["cell"] = cell;
  if (slide) out["slide"] = slide;
  if (!tag.empty()) out["tag"] = tag;
  if (!placeholder.empty()) out["placeholder"] = placeholder;
  if (!context.empty()) out["context"] = context;
  return out;
}

}  // namespace s2d::office_template
