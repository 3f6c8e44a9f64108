#pragma once
// GitHub-flavoured Markdown (tables, strikethrough, autolinks, task lists)
// to the document model, with the business-document extensions:
//
//   <!-- pagebreak -->                         explicit page break
//   <!-- keep-together --> ... <!-- /keep-together -->   blocks kept on one page
//   ![alt](logo.png){width=40mm}               image from an asset, with a width
//   ![alt](data:image/png;base64,...)          image from a data: URI
//   ```notes                                    speaker notes (PPTX only)
//   ```chart                                    a chart from the data (chart/resolve.hpp)
//
// docs/templates/documents.md describes each of them.

#include "renderers/document/model.hpp"
#include "renderers/render.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace s2d::doc {

struct ParseOptions {
  const std::vector<render::Asset>* assets = nullptr;  // what images may name
  int max_depth = 64;                                  // nested quotes, lists, emphasis
};

struct ParseError {
  std::string code;     // asset_missing, nesting_too_deep
  std::string message;
  std::string asset;    // the missing asset's name
};

// Appends the blocks of `markdown` to `document->blocks`; images that cannot
// be used (not PNG or JPEG, broken data: URI) become warnings in
// `document->warnings`. False with `error` for a missing asset or nesting
// beyond `max_depth`.
bool parse_markdown(std::string_view markdown, const ParseOptions& options, Document* document, ParseError* error);

// Resolves an image reference as Markdown images do: `data:` URI, `asset:NAME`
// or a bare asset name. Returns false with `error` when the asset is missing;
// true with `image->bytes` empty and a warning in `warning` when it is
// unusable.
bool resolve_image(std::string_view reference, const ParseOptions& options, Image* image, std::string* warning,
                   ParseError* error);

}  // namespace s2d::doc
