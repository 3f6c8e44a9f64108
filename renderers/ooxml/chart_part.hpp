#pragma once
// Native OOXML charts (DrawingML charts): a chart::Chart as a c:chartSpace
// part with every series' values and categories cached, plus the workbook
// that holds the same data, so Word's and PowerPoint's "Edit data" opens it
// and readers that only use the caches (LibreOffice, viewers) draw it.
//
// The data sheet's layout is fixed: the categories (or scatter x values)
// in column A from row 2, one series per column from B, each series' name
// in row 1. Formulas in the chart part point at that sheet.
//
// Used by the DOCX, PPTX and XLSX writers, and by anything else that puts
// a chart into a package (Office templates).

#include "renderers/chart/model.hpp"
#include "renderers/ooxml/office.hpp"
#include "renderers/ooxml/package.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace s2d::office {

namespace reltype {
inline constexpr std::string_view chart = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
inline constexpr std::string_view package = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package";
}  // namespace reltype

namespace mediatype {
inline constexpr std::string_view chart = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
inline constexpr std::string_view workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}  // namespace mediatype

inline constexpr const char* kChartNs = "http://schemas.openxmlformats.org/drawingml/2006/chart";

// The chart part. `sheet` names the data sheet in formulas; with
// `embedded_workbook` the part's relationship rId1 must point at the
// workbook (ChartStore does that).
std::string chart_space_xml(const chart::Chart& chart, const chart::Look& look, const std::string& sheet,
                            bool embedded_workbook);

// The data sheet (a SpreadsheetML worksheet); `drawing_id`, when not empty,
// is the sheet's relationship to a drawing that shows the chart beside the data.
std::string chart_sheet_xml(const chart::Chart& chart, const std::string& drawing_id);

// A whole XLSX whose first sheet, "Sheet1", holds the chart's data.
std::string chart_workbook(const chart::Chart& chart, const Options& options);

// The charts of one package, numbered chart1, chart2, ... Each goes to
// <folder>charts/chartN.xml with its relationships and its workbook in
// <folder>embeddings/.
class ChartStore {
 public:
  ChartStore(std::string folder, chart::Look look, Options options)
      : folder_(std::move(folder)), look_(std::move(look)), options_(options) {}

  // The chart part's name relative to `folder`, e.g. "charts/chart1.xml".
  // The chart must outlive the store.
  std::string add(const chart::Chart& chart);

  void write_to(Package& package) const;

 private:
  std::string folder_;
  chart::Look look_;
  Options options_;
  std::vector<const chart::Chart*> charts_;
};

}  // namespace s2d::office
