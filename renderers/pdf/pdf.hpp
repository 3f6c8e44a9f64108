#pragma once
// The native PDF renderer: document model -> PDF bytes with Pango (shaping,
// bidi, wrapping, font fallback) and Cairo's PDF surface (fonts embedded and
// subset, links, outline, metadata). Each call owns its surface and Pango
// context, so threads may render documents at the same time.

#include "renderers/document/model.hpp"

#include <string>
#include <vector>

namespace s2d::pdf {

struct Options {
  bool deterministic = false;  // fixed creation date: equal input gives equal bytes
};

struct Rendered {
  std::string bytes;
  int pages = 0;
  std::vector<std::string> warnings;  // missing glyphs and fonts, images that did not decode
  std::string error;                  // set when Cairo failed: bytes is then empty
};

Rendered render(const doc::Document& document, const Options& options);

}  // namespace s2d::pdf
