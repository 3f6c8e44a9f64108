#pragma once
// Charts of DOCX and PPTX templates (word/charts/, ppt/charts/). Tags in a
// chart's titles (the chart's and its axes') merge like the text's. A chart
// whose title or first series name is {{chart PATH}} takes its categories
// and series from the rows at PATH in the data: in the series' caches, in
// their formulas and in the embedded workbook, so the chart stays editable.

#include "renderers/office_template/common.hpp"

#include <string>
#include <vector>

namespace s2d::office_template::charts {

struct PreparedChart {
  PreparedPart part;        // the chart part, its title tags compiled
  std::string data_path;    // PATH of {{chart PATH}}; empty when only titles merge
  int tag = -1;             // that tag in part.source
  bool in_title = false;    // the tag was the chart's title (else its first series name)
};

// The chart parts under `folder` ("word/", "ppt/") that hold tags.
bool prepare(const PackageIn& in, const std::string& folder, std::vector<PreparedChart>* out, nlohmann::json* fields,
             Error* error);

// Merges every prepared chart into `edits`. Charts read the document's data
// (the root), wherever they are shown.
bool merge(const std::vector<PreparedChart>& charts, const nlohmann::json& data, const Options& options,
           PackageEdits* edits, Error* error);

// A copy of a chart part under a new name, with copies of the parts it
// relates to (its workbook, style and colours), for a chart that a loop
// shows more than once (Word and PowerPoint expect one part per chart
// frame). Returns the copy's part name.
std::string copy_chart(PackageEdits* edits, const std::string& chart_part);

inline constexpr std::string_view kChartRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";

}  // namespace s2d::office_template::charts
