// Greedy pagination with backtracking to the last allowed break.
#include "renderers/pdf/flow.hpp"

#include <map>

namespace s2d::pdf {
namespace {

// A box or group marker placed on the page being filled.
struct Entry {
  std::size_t index;
  double top;
  const FlowItem* repeated_header = nullptr;  // set for a table header repeated at the page top
};

struct PageHeights {
  double portrait = 0, landscape = 0;
};

// Fills one page from `first`; returns where the next page starts. A page
// break at the top of a page sets the orientation of the pages after it.
std::size_t fill_page(const std::vector<FlowItem>& flow, std::size_t first, const PageHeights& heights,
                      bool* landscape, const std::map<int, std::size_t>& table_headers, std::vector<Entry>* placed) {
  double page_height = *landscape ? heights.landscape : heights.portrait;
  double y = 0, pending_gap = 0;
  bool has_box = false;
  std::size_t break_index = 0, placed_at_break = 0;
  bool can_break = false;
  for (std::size_t i = first; i < flow.size(); ++i) {
    const FlowItem& item = flow[i];
    switch (item.kind) {
      case FlowItem::Kind::gap:
        if (!has_box) break;  // gaps vanish at the top of a page
        pending_gap += item.height;
        if (item.breakable) {
          can_break = true;
          break_index = i;
          placed_at_break = placed->size();
        }
        break;
      case FlowItem::Kind::page_break:
        if (has_box) return i;  // the next page starts with this break and takes its orientation
        *landscape = item.landscape;
        page_height = *landscape ? heights.landscape : heights.portrait;
        break;
      case FlowItem::Kind::group_begin:
        placed->push_back({i, has_box ? y + pending_gap : y});
        break;
      case FlowItem::Kind::group_end:
        placed->push_back({i, y});
        break;
      case FlowItem::Kind::box: {
        if (!has_box && item.table >= 0 && !item.table_header) {
          auto header = table_headers.find(item.table);
          if (header != table_headers.end()) {
            const FlowItem& header_row = flow[header->second];
            placed->push_back({header->second, y, &header_row});
            y += header_row.height;
          }
        }
        double top = has_box ? y + pending_gap : y;
        if (has_box && top + item.height > page_height) {
          if (can_break) {
            placed->resize(placed_at_break);
            return break_index + 1;
          }
          return i;  // nothing may break here, but the chain is taller than what is left
        }
        placed->push_back({i, top});
        y = top + item.height;
        pending_gap = 0;
        has_box = true;
        break;
      }
    }
  }
  return flow.size();
}

}  // namespace

std::vector<PageContent> paginate(const std::vector<FlowItem>& flow, double page_height, double landscape_height) {
  std::map<int, std::size_t> table_headers;
  for (std::size_t i = 0; i < flow.size(); ++i)
    if (flow[i].kind == FlowItem::Kind::box && flow[i].table_header) table_headers.emplace(flow[i].table, i);

  std::vector<PageContent> pages;
  std::vector<std::pair<const FlowItem*, double>> open_groups;  // carried over from earlier pages
  std::size_t next = 0;
  bool landscape = false;
  do {
    std::vector<Entry> placed;
    next = fill_page(flow, next, PageHeights{page_height, landscape_height}, &landscape, table_headers, &placed);
    PageContent page;
    page.landscape = landscape;
    for (auto& group : open_groups) group.second = 0;  // continued groups start at the top
    double bottom = 0;
    for (const Entry& entry : placed) {
      const FlowItem& item = *(entry.repeated_header ? entry.repeated_header : &flow[entry.index]);
      if (item.kind == FlowItem::Kind::box) {
        page.boxes.push_back({&item, entry.top});
        bottom = entry.top + item.height;
      } else if (item.kind == FlowItem::Kind::group_begin) {
        open_groups.emplace_back(&item, entry.top);
      } else if (!open_groups.empty()) {
        page.decorations.push_back({open_groups.back().first, open_groups.back().second, entry.top});
        open_groups.pop_back();
      }
    }
    for (const auto& group : open_groups) page.decorations.push_back({group.first, group.second, bottom});
    // A page break right at the end of the flow leaves nothing for a last page.
    if (!page.boxes.empty() || pages.empty()) pages.push_back(std::move(page));
  } while (next < flow.size());
  return pages;
}

}  // namespace s2d::pdf
