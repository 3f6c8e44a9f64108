#pragma once
// PPTX: slides and their speaker notes are merged; a slide whose notes begin
// with {{#each list}} is repeated once per item, up to the slide whose notes
// hold the matching {{/each}}.

#include "renderers/office_template/charts.hpp"
#include "renderers/office_template/common.hpp"

#include <string>
#include <vector>

namespace s2d::office_template::pptx {

struct Slide {
  std::string rel_id;        // in presentation.xml's relationships
  PreparedPart slide;
  PreparedPart notes;        // empty name when the slide has none
  bool repeated = false;     // inside a slide loop: rendered once per item
  int loop = -1;             // which slide loop (slides of one loop are consecutive)
};

struct Prepared {
  std::string presentation_part;
  std::vector<Slide> slides;   // in presentation order
  std::vector<PreparedPart> plain;   // document properties with tags
  std::vector<charts::PreparedChart> charts;
  nlohmann::json fields = nlohmann::json::array();
};

bool prepare(const PackageIn& in, Prepared* out, Error* error);
bool merge(const Prepared& prepared, const PackageIn& in, const nlohmann::json& data, const Options& options,
           PackageOut* out, Error* error);

}  // namespace s2d::office_template::pptx
