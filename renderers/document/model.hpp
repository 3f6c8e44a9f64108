#pragma once
// The document model: the small tree every output renderer consumes.
//
// Markdown (after the template merge) is parsed into a Document once; the
// PDF, DOCX, PPTX, HTML and text renderers each walk the same tree, so a
// construct means the same thing in every format. The tree holds values only
// (no pointers into parser state) so a Document can be rendered from any
// thread and copied freely.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace s2d::chart {
struct Chart;
}

namespace s2d::doc {

// Inline style flags; combine with |.
enum InlineStyle : std::uint8_t {
  plain = 0,
  bold = 1 << 0,
  italic = 1 << 1,
  strike = 1 << 2,
  code = 1 << 3,
};

struct Inline {
  enum class Kind { text, soft_break, line_break };
  Kind kind = Kind::text;
  std::string text;      // UTF-8, never escaped: each renderer escapes for its format
  std::uint8_t style = plain;
  std::string link;      // target URL when this run is (part of) a link
};
using Inlines = std::vector<Inline>;

// Image bytes are resolved by the parser (template asset or data: URI), so
// renderers never touch the file system or the network.
struct Image {
  std::string mime;                    // image/png or image/jpeg
  std::string bytes;                   // the encoded file
  int pixel_width = 0, pixel_height = 0;
  std::optional<double> width_mm;      // requested width, absolute
  std::optional<double> width_percent; // requested width, share of the text width
  std::string alt;
};

enum class Align { none, left, center, right };

struct Block;
using Blocks = std::vector<Block>;

struct ListItem {
  Blocks blocks;
  std::optional<bool> task_checked;  // GFM task list item: [ ] or [x]
};

struct TableCell {
  Inlines inlines;
};
using TableRow = std::vector<TableCell>;

// An author's width for a table column: `{width=35%}` or `{width=40mm}` at
// the end of its header cell. Neither set: the column is sized by its content.
struct ColumnWidth {
  std::optional<double> percent;  // share of the table's width
  std::optional<double> mm;
};

struct Block {
  enum class Kind {
    heading,        // level, inlines
    paragraph,      // inlines
    list,           // ordered, start, items (items nest further lists)
    table,          // align, rows (rows[0] is the header row)
    image,          // image
    code_block,     // text, info
    quote,          // children
    rule,           // thematic break (PPTX: starts a new slide)
    page_break,     // explicit page break
    keep_together,  // children are kept on one page where they fit
    notes,          // speaker notes (PPTX); children; other formats skip them
    chart,          // text (the spec), first_line/last_line; chart once resolved (chart/resolve.hpp)
  };
  Kind kind = Kind::paragraph;
  int level = 0;
  Inlines inlines;
  bool ordered = false;
  int start = 1;
  std::vector<ListItem> items;
  std::vector<Align> align;
  std::vector<TableRow> rows;
  std::vector<ColumnWidth> column_widths;  // table: one per column, from the header cells
  bool landscape = false;                  // table: set on a landscape page of its own (PDF, DOCX)
  Image image;
  std::string text;
  std::string info;
  Blocks children;
  int first_line = 0, last_line = 0;           // chart: the fence lines in the merged Markdown
  std::shared_ptr<const chart::Chart> chart;   // immutable, shared by copies
};

struct PageSetup {
  double width_mm = 210.0, height_mm = 297.0;  // A4 portrait; orientation is already applied
  double margin_top_mm = 20, margin_right_mm = 20, margin_bottom_mm = 20, margin_left_mm = 20;
};

struct Fonts {
  std::string body = "DejaVu Sans";
  std::string headings = "DejaVu Sans";
  std::string mono = "DejaVu Sans Mono";
  double size_pt = 10.5;
};

// Colors as "#rrggbb".
struct Theme {
  std::string text = "#1f2328";
  std::string headings = "#0b3d91";
  std::string links = "#0b62d6";
  std::string table_header_bg = "#0b3d91";
  std::string table_header_text = "#ffffff";
  std::string table_stripe_bg = "#f2f5fa";
  std::string rule = "#c9d1dc";
};

struct Document {
  std::string title, author, locale;
  PageSetup page;
  Fonts fonts;
  Theme theme;
  std::string header, footer;      // may hold {{page}} and {{pages}}
  std::optional<Image> logo;
  bool slides_4_3 = false;         // PPTX aspect; 16:9 unless the front matter asks for 4:3
  Blocks blocks;
  std::vector<std::string> warnings;  // parse-time warnings (e.g. an image that could not be decoded)
};

}  // namespace s2d::doc
