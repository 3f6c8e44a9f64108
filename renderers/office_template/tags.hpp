#pragma once
// Tags in an Office part: found in the text of a paragraph however Word cut
// it into runs, classified, and turned into a template source. The XML of a
// part becomes the source of one template: every literal '{' is escaped as a
// character reference, and each tag is kept at a token (U+FFFF n U+FFFF, a
// character XML cannot hold) until the source is written, so the template
// engine only ever sees the tags the author wrote and the markers this
// library adds.

#include "renderers/office_template/office_template.hpp"

#include <pugixml.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::office_template {

struct Tag {
  enum class Kind { value, open, close, else_tag, comment, pagebreak, image, markdown, chart };
  Kind kind = Kind::value;
  std::string written;     // as it appears in the document
  std::string text;        // normalised: straight quotes, triple braces as double, '~' kept
  std::string block;       // open/close: each, if, unless, with or the section's name
  std::string expression;  // image/markdown: what gives the value; chart: its data path; open: the block's argument
  std::string width, height;  // image options (e.g. "4cm"), empty when not given
  bool is_block() const { return kind == Kind::open || kind == Kind::close || kind == Kind::else_tag || kind == Kind::comment; }
};

// Splits "{{ ... }}" (already cut out of the text) into a Tag; false + *problem for
// constructs Office templates do not allow (partials, delimiter changes).
bool classify_tag(std::string_view written, Tag* tag, std::string* problem);

// Smart quotes and non-breaking spaces typed by Word's autocorrect become plain ones.
std::string straighten(std::string_view text);

// Where a tag sits, for messages.
struct Where {
  std::string part;
  int paragraph = 0;
  std::string cell;
  int slide = 0;
  std::string context;
};

// One token of a part: the template text it stands for and the tag it came from.
struct Piece {
  std::string text;
  int tag = -1;     // index into PartSource::tags, -1 for markers this library adds
};

// A part on its way to being a template.
class PartSource {
 public:
  // A token to put into the DOM (text or attribute) for this piece.
  std::string token(Piece piece);
  void set_piece_text(int piece, std::string text) { pieces_.at(static_cast<std::size_t>(piece)).text = std::move(text); }
  int last_piece() const { return static_cast<int>(pieces_.size()) - 1; }
  // Records a tag found in the document; returns its index.
  int add_tag(Tag tag, Where where);
  const Tag& tag(int index) const { return tags_[static_cast<std::size_t>(index)]; }
  const Where& where(int index) const { return wheres_[static_cast<std::size_t>(index)]; }
  std::size_t tag_count() const { return tags_.size(); }

  // The template source of the document, with positions of its pieces. With
  // `wrap_open`/`wrap_close` the source (without its XML declaration) is put
  // between them: a slide repeated by a loop.
  std::string write(const pugi::xml_document& document, const std::string& wrap_open = "",
                    const std::string& wrap_close = "");
  // The tag at a line/column the template engine reported, -1 when none.
  int tag_at(int line, int column) const;

  // Error carrying the tag's location.
  Error error_at(int tag, std::string code, std::string message) const;

 private:
  std::vector<Piece> pieces_;
  std::vector<Tag> tags_;
  std::vector<Where> wheres_;
  std::string source_;
  std::vector<std::pair<std::uint32_t, int>> offsets_;   // source offset of a tag piece, tag index
};

// Replaces every token in `text` (an attribute value or text node) by nothing.
std::string strip_tokens(std::string_view text);
// True when `text` holds the token of piece `n`.
bool has_token(std::string_view text);

// Text of one paragraph as the author sees it, cut into the text elements that hold it.
struct TextDialect {
  const char* paragraph;  // w:p, a:p, is (xlsx)
  const char* text;       // w:t, a:t, t
};

struct FoundTag {
  int tag = -1;              // index in the PartSource
  int piece = -1;            // its token's piece
  pugi::xml_node text_node;  // the text element holding the tag's token
  std::string token;
};

struct ParagraphText {
  std::string plain;         // all text with the tags removed
  std::vector<FoundTag> tags;
};

// Finds the tags of `paragraph` (not of paragraphs nested in it), joins each
// into the text element where it starts and leaves a token there. false +
// *error for an unclosed or unsupported tag.
bool scan_paragraph(pugi::xml_node paragraph, const TextDialect& dialect, PartSource* source, const Where& where,
                    ParagraphText* out, Error* error);

// Removes the first occurrence of `written` from the paragraph's text, however it is cut into runs.
void erase_text(pugi::xml_node paragraph, const TextDialect& dialect, std::string_view written);

// XML-escapes text that goes into the template source verbatim.
std::string xml_escape(std::string_view text);

// Document order walk over elements.
template <typename F>
void each_element(pugi::xml_node node, F&& visit) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element) {
      visit(child);
      each_element(child, visit);
    }
}

bool named(pugi::xml_node node, std::string_view name);

// Parses an XML part (whitespace-only text kept where it is an element's only
// child: Word's <w:t> </w:t>); false when malformed or nested deeper than 256.
bool load_xml(pugi::xml_document* document, std::string_view bytes);
std::string save_xml(const pugi::xml_document& document);

}  // namespace s2d::office_template
