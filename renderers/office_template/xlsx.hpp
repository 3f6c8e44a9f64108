#pragma once
// XLSX: worksheets are merged; a loop over rows inserts rows and everything
// that names a row (formulas, merged cells, conditional formats, validations,
// the autofilter, defined names) follows the rows it meant.

#include "renderers/office_template/common.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace s2d::office_template::xlsx {

struct Sheet {
  std::string name;      // as in workbook.xml, e.g. Sheet1
  PreparedPart part;
  std::vector<int> template_rows;   // row numbers present in the template
};

struct Prepared {
  std::string workbook_part;
  std::vector<Sheet> sheets;
  std::set<int> date_styles;          // cellXfs indexes whose number format is a date
  std::string styles_part;            // xl/styles.xml, or empty when the workbook has none
  std::string shared_strings_part, shared_strings;   // the table without template text
  std::vector<PreparedPart> plain;   // document properties with tags
  nlohmann::json fields = nlohmann::json::array();
};

bool prepare(const PackageIn& in, Prepared* out, Error* error);
bool merge(const Prepared& prepared, const PackageIn& in, const nlohmann::json& data, const Options& options,
           PackageOut* out, Error* error);

// Cell references: "B7" <-> column 2, row 7.
bool parse_cell(std::string_view text, int* column, int* row);
std::string cell_name(int column, int row);

// Rewrites the row numbers of every A1 reference in a formula; `map(sheet, row, is_range_end)`
// returns the new row. Sheet is empty for references to the formula's own sheet.
using RowMap = std::function<int(const std::string& sheet, int row, int range_part)>;
std::string rewrite_formula(std::string_view formula, const RowMap& map);
// Moves relative references by (rows, columns): a shared formula's text for another cell.
std::string shift_formula(std::string_view formula, int rows, int columns);

}  // namespace s2d::office_template::xlsx
