// Lays the document out, paginates it, then paints each page with its
// header, footer and bookmarks onto Cairo's PDF surface.

#include "renderers/pdf/pdf.hpp"

#include "renderers/pdf/flow.hpp"
#include "renderers/pdf/images.hpp"
#include "renderers/pdf/layout.hpp"
#include "renderers/pdf/text.hpp"
#include "renderers/text/direction.hpp"
#include "renderers/text/page_fields.hpp"

#include <cairo-pdf.h>

#include <cstdio>

namespace s2d::pdf {
namespace {

// Any fixed instant works; this one reads as "no real date".
constexpr const char* kDeterministicDate = "2000-01-01T00:00:00Z";

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Fills `{{page}}` and `{{pages}}` (spaces inside the braces allowed).
std::string fill_page_numbers(const std::string& text, int page, int pages) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("{{", pos);
    std::size_t close = open == std::string::npos ? std::string::npos : text.find("}}", open + 2);
    if (close == std::string::npos) break;
    std::string name = text.substr(open + 2, close - open - 2);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    out += text.substr(pos, open - pos);
    if (name == "page")
      out += std::to_string(page);
    else if (name == "pages")
      out += std::to_string(pages);
    else
      out += text.substr(open, close + 2 - open);
    pos = close + 2;
  }
  return out + text.substr(std::min(pos, text.size()));
}

struct Painter {
  cairo_t* cr;
  cairo_surface_t* surface;
  const doc::Document& document;
  const Styles& styles;
  const PageGeometry portrait, landscape;
  PageGeometry page;  // the current page's
  TextFactory& text;
  bool rtl;
  std::vector<std::pair<int, int>> outline_parents;  // (level, outline id) of the open headings

  // Header or footer: one part is centred; two go to the start and end
  // edges; three to start, centre and end. `middle` is the band's centre line.
  void margin_text(const std::string& source, int number, int count, double middle) {
    if (source.empty()) return;
    using Position = s2d::text::RunningPart::Position;
    for (const auto& running : s2d::text::split_running_parts(fill_page_numbers(source, number, count))) {
      TextPtr part = text.make_plain(running.text, styles.page_margin_text, -1);
      const TextLine& line = part->lines().front();
      double left = page.margin_left, right = page.width - page.margin_right;
      bool centred = running.position == Position::center;
      bool at_start = running.position == Position::start;
      double x = centred ? (left + right - line.width) / 2
                         : (at_start != rtl ? left : right - line.width);
      part->draw_line(cr, 0, x - line.x, middle - line.height / 2);
    }
  }

  void bookmark(const Bookmark& mark, int page_number, double y) {
    while (!outline_parents.empty() && outline_parents.back().first >= mark.level) outline_parents.pop_back();
    int parent = outline_parents.empty() ? CAIRO_PDF_OUTLINE_ROOT : outline_parents.back().second;
    char destination[64];
    std::snprintf(destination, sizeof destination, "page=%d pos=[%.1f %.1f]", page_number, page.margin_left,
                  std::max(0.0, y - 6));
    std::string title = mark.title.empty() ? "(untitled)" : mark.title;
    int id = cairo_pdf_surface_add_outline(surface, parent, title.c_str(), destination,
                                           mark.level <= 2 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : static_cast<cairo_pdf_outline_flags_t>(0));
    outline_parents.emplace_back(mark.level, id);
  }

  void paint(const PageContent& content, int number, int count) {
    const PageGeometry& wanted = content.landscape ? landscape : portrait;
    if (wanted.width != page.width) cairo_pdf_surface_set_size(surface, wanted.width, wanted.height);
    page = wanted;
    for (const auto& decoration : content.decorations)
      decoration.group->decorate(cr, page.margin_top + decoration.top, page.margin_top + decoration.bottom);
    for (const auto& placed : content.boxes) {
      double top = page.margin_top + placed.top;
      placed.item->draw(cr, top);
      if (placed.item->has_bookmark) bookmark(placed.item->bookmark, number, top);
    }
    margin_text(document.header, number, count, page.margin_top / 2);
    margin_text(document.footer, number, count, page.height - page.margin_bottom / 2);
    cairo_show_page(cr);
  }
};

std::string first_heading(const doc::Blocks& blocks) {
  for (const auto& block : blocks) {
    if (block.kind != doc::Block::Kind::heading) continue;
    std::string title;
    for (const auto& run : block.inlines) title += run.kind == doc::Inline::Kind::text ? run.text : " ";
    return title;
  }
  return "";
}

void set_metadata(cairo_surface_t* surface, const doc::Document& document, const Options& options) {
  std::string title = document.title.empty() ? first_heading(document.blocks) : document.title;
  if (!title.empty()) cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  if (!document.author.empty())
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, document.author.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "s2d");
  if (options.deterministic) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, kDeterministicDate);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, kDeterministicDate);
  }
}

}  // namespace

Rendered render(const doc::Document& document, const Options& options) {
  Rendered result;
  PageGeometry page = page_geometry(document.page);
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_bytes, &result.bytes, page.width, page.height);
  cairo_t* cr = cairo_create(surface);
  cairo_tag_begin(cr, "Document", "");
  {
    Styles styles(document);
    TextFactory text(cr, document);
    ImageCache images;
    std::vector<std::string> layout_warnings;
    std::vector<FlowItem> flow = lay_out(document, styles, page, text, images, &layout_warnings);
    PageGeometry landscape = landscape_of(page);
    std::vector<PageContent> pages = paginate(flow, page.body_height(), landscape.body_height());
    set_metadata(surface, document, options);
    Painter painter{cr,   surface, document, styles, page, landscape, page,
                    text, s2d::text::is_right_to_left(document.locale), {}};
    for (std::size_t i = 0; i < pages.size(); ++i)
      painter.paint(pages[i], static_cast<int>(i) + 1, static_cast<int>(pages.size()));
    result.pages = static_cast<int>(pages.size());
    result.warnings = text.warnings();
    result.warnings.insert(result.warnings.end(), images.warnings().begin(), images.warnings().end());
    result.warnings.insert(result.warnings.end(), layout_warnings.begin(), layout_warnings.end());
  }
  cairo_tag_end(cr, "Document");
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    result.bytes.clear();
    result.pages = 0;
    result.error = std::string("the PDF could not be written: ") + cairo_status_to_string(status);
  }
  return result;
}

}  // namespace s2d::pdf
