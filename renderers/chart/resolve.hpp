#pragma once
// The charts of a merged document: each ```chart block's spec read against
// the generation's data (spec.hpp), so every format's writer finds a
// ready chart::Chart in the block.

#include "renderers/chart/spec.hpp"
#include "renderers/document/model.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace s2d::chart {

struct ResolveInput {
  const nlohmann::json& data;
  std::string_view template_body;  // the template as written, to give errors its line numbers
  int body_first_line = 1;         // the body's first line in the template (after the front matter)
  bool strict = true;
  std::string locale = "en-US";
};

// Rows of all charts of one document together (charts in a loop could
// otherwise repeat a large list without end).
inline constexpr std::size_t kMaxDocumentRows = 100'000;

// False with *error at the first chart that cannot be drawn.
bool resolve_charts(doc::Document* document, const ResolveInput& input, SpecError* error);

// How many ```chart blocks `blocks` hold (nested ones too).
std::size_t count_charts(const doc::Blocks& blocks);

}  // namespace s2d::chart
