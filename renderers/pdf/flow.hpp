#pragma once
// The vertical flow of a document and its pagination.
//
// Layout turns the document into a flat list: boxes (a line of text, a table
// row, an image: never split), gaps between them (where a page may or may not
// end), explicit page breaks, and group markers around blocks with a
// decoration that spans their boxes on each page (a quote's bar, a code
// block's background). Keep rules are expressed as unbreakable gaps: a
// heading's gap to the next block, a paragraph's first and last two lines
// (orphans and widows), a keep-together block. When a chain of unbreakable
// boxes is taller than a page, the paginator breaks it anyway rather than
// overflow.

#include <cairo.h>

#include <functional>
#include <string>
#include <vector>

namespace s2d::pdf {

using DrawBox = std::function<void(cairo_t* cr, double top)>;
using DrawDecoration = std::function<void(cairo_t* cr, double top, double bottom)>;

struct Bookmark {
  int level = 1;
  std::string title;
};

struct FlowItem {
  enum class Kind { box, gap, page_break, group_begin, group_end };
  Kind kind = Kind::box;
  double height = 0;
  bool breakable = true;      // gap: a page may end here
  bool landscape = false;     // page_break: the pages after it are landscape (until the next page break)
  DrawBox draw;               // box
  DrawDecoration decorate;    // group_begin
  int table = -1;             // box: a row of this table
  bool table_header = false;  // box: the header row, repeated at the top of each page the table continues on
  bool has_bookmark = false;  // box: the first line of a heading
  Bookmark bookmark;
};

struct PlacedBox {
  const FlowItem* item;
  double top;  // from the top of the text area
};
struct PlacedDecoration {
  const FlowItem* group;
  double top, bottom;
};
struct PageContent {
  std::vector<PlacedDecoration> decorations;  // drawn first, behind the boxes
  std::vector<PlacedBox> boxes;
  bool landscape = false;
};

// Cuts the flow into pages whose text area is `page_height` points tall
// (`landscape_height` on landscape pages).
std::vector<PageContent> paginate(const std::vector<FlowItem>& flow, double page_height, double landscape_height);

}  // namespace s2d::pdf
