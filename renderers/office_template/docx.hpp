#pragma once
// DOCX: the main document, headers, footers, footnotes, endnotes and
// comments are merged; numbering, ids, relationships and media are repaired
// across the package afterwards.

#include "renderers/office_template/charts.hpp"
#include "renderers/office_template/common.hpp"

#include <map>
#include <string>
#include <vector>

namespace s2d::office_template::docx {

struct StyleNumbering {
  std::string num_id;
  std::string level = "0";
};

struct Prepared {
  std::vector<PreparedPart> parts;
  std::string main_part;
  std::map<std::string, StyleNumbering> style_numbering;   // paragraph style id -> its list
  std::vector<PreparedPart> plain;   // document properties with tags
  std::vector<charts::PreparedChart> charts;
  nlohmann::json fields = nlohmann::json::array();
};

bool prepare(const PackageIn& in, Prepared* out, Error* error);
bool merge(const Prepared& prepared, const PackageIn& in, const nlohmann::json& data, const Options& options,
           PackageOut* out, Error* error);

// Paragraph-level preparation shared with PPTX (DrawingML paragraphs and tables).
struct Structure {
  const char* paragraph;     // w:p | a:p
  const char* text;          // w:t | a:t
  const char* row;           // w:tr | a:tr
  const char* table;         // w:tbl | a:tbl
  const char* cell;          // w:tc | a:tc
  // Replacement of an inline tag that closes and reopens the text element.
  std::string (*inline_markup)(const Tag& tag, int tag_index);
  // Numbering of a paragraph ("" when none); PPTX has none.
  std::string (*list_of)(pugi::xml_node paragraph, const Prepared* prepared);
  // Fills the cell of a paragraph's location where the kind has cells (XLSX); may be null.
  void (*locate)(pugi::xml_node paragraph, Where* where);
  // A loop that is the whole of a cell in a table's first row repeats the column (Word tables only).
  bool column_loops = false;
};

bool prepare_structure(pugi::xml_document& document, const std::string& part, const Structure& structure,
                       const Prepared* prepared, PartSource* source, Error* error);

// Column loops of Word tables (columns.cpp). The lifter finds them and the
// blocks over rows of the same tables; repeat_columns makes the grid and the
// other rows follow the header cell's loop, and leaves a marker that
// fit_columns (after the merge) reads to rescale the widths.
struct ColumnLoop {
  pugi::xml_node header;   // the w:tc the loop makes up, in the table's first row
  int tag = -1;            // its opening tag
};
struct RowBlock {
  pugi::xml_node first, last;   // the w:tr it spans
  int tag = -1;                 // its opening tag
};
bool repeat_columns(const std::vector<ColumnLoop>& loops, const std::vector<RowBlock>& row_blocks, PartSource* source,
                    Error* error);
// Rescales the grid of a merged table to the width the template gave it; `marker` goes.
void fit_columns(pugi::xml_node marker);
inline constexpr const char* kColumnsMarker = "s2d:cols";

}  // namespace s2d::office_template::docx
