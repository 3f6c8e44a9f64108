#pragma once
// Text hygiene shared by the DOCX, PPTX, XLSX, HTML and plain-text renderers.
//
// The document model carries user data verbatim. XML 1.0 forbids most control
// characters and every format here expects valid UTF-8, so text goes through
// these helpers before it reaches an output: a bad byte becomes U+FFFD instead
// of a file that Word or a browser refuses to open.

#include "renderers/document/model.hpp"

#include <string>
#include <string_view>

namespace s2d::text {

// Valid UTF-8 with every C0/C1 control character except tab and newline
// removed, invalid sequences replaced by U+FFFD and carriage returns dropped.
std::string clean(std::string_view text);

// The text of a run of inlines: soft breaks become spaces, hard breaks "\n".
// Not cleaned; the caller cleans once for its format.
std::string plain_text(const doc::Inlines& inlines);

// The text of a block and everything under it, paragraphs separated by "\n".
std::string plain_text(const doc::Block& block);

// True for a link target that is safe to make clickable: http(s), mailto and
// tel URLs, and fragment or relative references. javascript:, data: and other
// schemes are rendered as plain text.
bool is_safe_link(std::string_view url);

// Percent-encodes what may not stand in a URI (spaces, quotes, non-ASCII, ...)
// so that strict OOXML consumers accept the target; existing escapes stay.
std::string uri_for_target(std::string_view url);

// Columns the text occupies in a monospaced terminal: East Asian wide and
// full-width characters count two, combining marks zero.
int display_width(std::string_view utf8);

}  // namespace s2d::text
