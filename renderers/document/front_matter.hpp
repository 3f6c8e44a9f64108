#pragma once
// Front matter: the YAML block between `---` lines at the top of a Markdown
// template. It sets the document's metadata, page, fonts, theme, header and
// footer (docs/templates/documents.md lists every key). It is read before the
// template merge and is not merged itself, so `{{page}}` and `{{pages}}` in the
// header and footer reach the PDF renderer untouched.

#include "renderers/document/model.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace s2d::doc {

// A template split at its front matter. `body_first_line` is the 1-based line
// of the whole source where the body starts, so errors in the body can point
// into the source the user wrote.
struct SourceParts {
  std::string_view front_matter;  // the YAML text, without the `---` lines
  std::string_view body;
  int front_matter_first_line = 0;
  int body_first_line = 1;
  bool has_front_matter = false;
};

struct FrontMatterError {
  std::string message;
  int line = 0, column = 0;  // in the whole source, 1-based; 0 when unknown
};

// Splits `source` (a leading UTF-8 BOM is skipped). A block opened with `---`
// on the first line must be closed by `---` or `...`; false with `error` if not.
bool split_front_matter(std::string_view source, SourceParts* parts, FrontMatterError* error);

// What the front matter sets beyond the Document itself.
struct FrontMatter {
  bool strict = true;           // `strict: false`: missing fields merge as empty
  std::string logo_asset;       // asset name of `logo`, resolved with the body's images
  nlohmann::json values = nlohmann::json::object();  // the block as JSON, for inspection
};

// Parses the YAML of `parts` into `document` (title, author, locale, page,
// fonts, theme, header, footer, slides) and `front_matter`. Unknown keys and
// invalid values are errors that name the key and its line.
bool parse_front_matter(const SourceParts& parts, Document* document, FrontMatter* front_matter,
                        FrontMatterError* error);

}  // namespace s2d::doc
