// The document model as a PresentationML package (PPTX): the slides that
// pptx_slides.hpp plans, drawn on a master with two layouts (docs/formats.md).
#include "renderers/chart/look.hpp"
#include "renderers/ooxml/chart_part.hpp"
#include "renderers/ooxml/geometry.hpp"
#include "renderers/ooxml/media.hpp"
#include "renderers/ooxml/office.hpp"
#include "renderers/ooxml/package.hpp"
#include "renderers/ooxml/pptx_parts.hpp"
#include "renderers/ooxml/pptx_slides.hpp"
#include "renderers/ooxml/pptx_text.hpp"
#include "renderers/ooxml/xml.hpp"
#include "renderers/text/direction.hpp"
#include "renderers/text/page_fields.hpp"
#include "renderers/text/sanitize.hpp"

#include <algorithm>
#include <map>

namespace s2d::office {
namespace {

using doc::Block;
using Kind = doc::Block::Kind;
using pptx::Box;
using pptx::Slide;
using pptx::SlideSize;

constexpr std::string_view kPresentationType =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml";
constexpr std::string_view kSlideType = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml";
constexpr std::string_view kLayoutType = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml";
constexpr std::string_view kMasterType = "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml";
constexpr std::string_view kNotesMasterType =
    "application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml";
constexpr std::string_view kNotesSlideType =
    "application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml";
constexpr std::string_view kPresPropsType = "application/vnd.openxmlformats-officedocument.presentationml.presProps+xml";
constexpr std::string_view kViewPropsType = "application/vnd.openxmlformats-officedocument.presentationml.viewProps+xml";
constexpr std::string_view kTableStylesType =
    "application/vnd.openxmlformats-officedocument.presentationml.tableStyles+xml";

constexpr const char* kRelBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
std::string rel(const char* name) { return std::string(kRelBase) + name; }

constexpr long long kInch = kEmuPerInch;
constexpr const char* kMutedGray = "6B7280";

// ---------------------------------------------------------------- layout

struct Placed {
  const Block* block;
  Box box;
};

struct BodyPlan {
  Box text_box;
  double text_size = 0;
  std::vector<Placed> visuals;
};

constexpr long long kVisualGap = kInch / 4;

// Pictures side by side share the width equally; stacked visuals share the
// height by what they hold (a table by its rows, a picture like four rows).
std::vector<Placed> place_visuals(const std::vector<const Block*>& visuals, const Box& region) {
  if (visuals.empty()) return {};
  const auto count = static_cast<long long>(visuals.size());
  const bool all_images = std::all_of(visuals.begin(), visuals.end(), [](const Block* b) { return b->kind == Kind::image; });
  std::vector<Placed> placed;
  if (all_images && count > 1) {
    const long long each = (region.cx - kVisualGap * (count - 1)) / count;
    for (long long i = 0; i < count; ++i)
      placed.push_back({visuals[i], {region.x + i * (each + kVisualGap), region.y, each, region.cy}});
    return placed;
  }
  auto weight = [](const Block* b) { return b->kind == Kind::table ? static_cast<double>(b->rows.size()) + 0.5 : 4.0; };
  double total_weight = 0;
  for (const Block* visual : visuals) total_weight += weight(visual);
  const long long height = region.cy - kVisualGap * (count - 1);
  long long y = region.y;
  for (const Block* visual : visuals) {
    const long long share = std::llround(height * weight(visual) / total_weight);
    placed.push_back({visual, {region.x, y, region.cx, share}});
    y += share + kVisualGap;
  }
  return placed;
}

BodyPlan plan_body(const pptx::SlideContent& content, const Box& region, double max_size) {
  BodyPlan plan;
  const bool has_text = !content.text.empty();
  const bool has_visuals = !content.visuals.empty();
  const bool images_only =
      std::all_of(content.visuals.begin(), content.visuals.end(), [](const Block* b) { return b->kind == Kind::image; });
  if (!has_visuals) {
    plan.text_box = region;
    plan.text_size = pptx::fitting_size(content.text, region, max_size);
  } else if (!has_text) {
    plan.visuals = place_visuals(content.visuals, region);
  } else if (images_only) {  // text beside the pictures
    const long long gap = kInch * 3 / 10;
    const long long text_width = region.cx * 52 / 100;
    plan.text_box = {region.x, region.y, text_width, region.cy};
    plan.text_size = pptx::fitting_size(content.text, plan.text_box, max_size);
    plan.visuals = place_visuals(content.visuals, {region.x + text_width + gap, region.y, region.cx - text_width - gap, region.cy});
  } else {  // text above the tables
    // The text takes what it needs at the size that fits 45 % of the space,
    // and up to 65 % when even the smallest size needs more.
    Box top = {region.x, region.y, region.cx, region.cy * 45 / 100};
    plan.text_size = pptx::fitting_size(content.text, top, std::min(max_size, 20.0));
    const long long needed = pptx::text_height(content.text, plan.text_size, top.cx) + kInch / 10;
    top.cy = std::min(needed, region.cy * 65 / 100);
    plan.text_box = top;
    const long long gap = kInch / 5;
    plan.visuals = place_visuals(content.visuals, {region.x, top.bottom() + gap, region.cx, region.cy - top.cy - gap});
  }
  return plan;
}

// ---------------------------------------------------------------- writing

struct Deck {
  const doc::Document& document;
  SlideSize size;
  MediaStore& media;
  ChartStore& charts;
  std::string lang;
  std::string text_color, heading_color, link_color, rule_color, stripe_color, header_fill, header_text;
  std::size_t slide_count = 0;
  bool right_to_left = false;  // every shape mirrored, text aligned to the right
};

class SlideWriter final : public pptx::LinkRegistry {
 public:
  SlideWriter(const Deck& deck, const Slide& slide, std::size_t number)
      : deck_(deck),
        slide_(slide),
        number_(number),
        // On the dark title design links take the light text color.
        text_(deck.lang, deck.document.fonts, slide.title_style ? deck.stripe_color : deck.link_color,
              deck.right_to_left) {
    relationships_.add(rel("slideLayout"), slide.title_style ? "../slideLayouts/slideLayout1.xml"
                                                             : "../slideLayouts/slideLayout2.xml");
  }

  std::string xml() {
    XmlPart part;
    Node root = part.root("p:sld");
    pptx::declare_namespaces(root);
    Node data = root.add("p:cSld");
    if (slide_.title_style) add_background(data, deck_.heading_color);
    tree_ = pptx::add_shape_tree(data);
    if (slide_.title_style) {
      write_title_slide();
    } else {
      write_content_slide();
    }
    root.add("p:clrMapOvr").add("a:masterClrMapping");
    return part.str();
  }

  Relationships& relationships() { return relationships_; }

  std::string hyperlink_id(const std::string& url) override { return relationship_id(rel("hyperlink"), url, true); }

 private:
  static void add_background(Node data, const std::string& color) {
    Node properties = data.add("p:bg").add("p:bgPr");
    properties.add("a:solidFill").add("a:srgbClr").attr("val", color);
    properties.add("a:effectLst");
  }

  void write_title_slide() {
    const auto& size = deck_.size;
    const long long x = kInch * 9 / 10, width = size.cx - 2 * x;
    const double title_size = deck_.size.cx > 10000000 ? 44 : 40;
    const Box title{x, size.cy * 26 / 100, width, size.cy * 30 / 100};
    Node title_shape = add_text_shape(title, "Title", "ctrTitle", -1, "b");
    text_.write_title(title_shape, *slide_.title, {}, pptx::fitting_title_size(*slide_.title, title, title_size, 2),
                      deck_.header_text, *this);
    const Box bar{x, title.bottom() + kInch * 18 / 100, kInch * 14 / 10, kInch * 7 / 100};
    add_rectangle(bar, deck_.rule_color);
    if (!slide_.body.empty()) {
      const Box subtitle{x, bar.bottom() + kInch / 5, width, size.cy - bar.bottom() - kInch * 7 / 10};
      Node subtitle_shape = add_text_shape(subtitle, "Subtitle", "subTitle", 1, "t");
      const auto content = pptx::flatten(slide_.body);
      text_.write_body(subtitle_shape, content.text, std::min(20.0, pptx::fitting_size(content.text, subtitle, 20)),
                       deck_.stripe_color, *this);
    }
    if (deck_.document.logo) add_logo({x, kInch * 6 / 10, kInch * 25 / 10, kInch * 7 / 10}, false);
  }

  void write_content_slide() {
    const auto& size = deck_.size;
    Box title = pptx::title_box(size);
    if (deck_.document.logo) {
      const long long logo_width = kInch * 16 / 10;
      const Box logo_box{title.right() - logo_width, title.y + kInch / 10, logo_width, kInch * 45 / 100};
      if (add_logo(logo_box, true)) title.cx -= logo_width + kInch / 5;
    }
    if (slide_.title) {
      const double title_size = size.cx > 10000000 ? 30 : 28;
      Node shape = add_text_shape(title, "Title", "title", -1, "b");
      const std::string part =
          slide_.parts > 1 ? " (" + std::to_string(slide_.part) + "/" + std::to_string(slide_.parts) + ")" : "";
      text_.write_title(shape, *slide_.title, part, pptx::fitting_title_size(*slide_.title, title, title_size, 1),
                        deck_.heading_color, *this);
      add_rectangle({title.x, title.bottom() + kInch * 8 / 100, kInch * 9 / 10, kInch * 5 / 100}, deck_.link_color);
    }
    const auto content = pptx::flatten(slide_.body);
    const auto plan = plan_body(content, pptx::body_box(size), size.cx > 10000000 ? 24 : 22);
    if (!content.text.empty()) {
      Node body = add_text_shape(plan.text_box, "Content", nullptr, 1, "t");
      text_.write_body(body, content.text, plan.text_size, deck_.text_color, *this);
    }
    // A table whose rows cannot shrink further pushes what follows down
    // rather than drawing over it.
    long long pushed_to = 0;
    for (const auto& placed : plan.visuals) {
      Box box = placed.box;
      if (pushed_to > box.y) box.y = pushed_to;
      if (placed.block->kind == Kind::table) {
        pushed_to = box.y + add_table(*placed.block, box) + kVisualGap;
      } else if (placed.block->kind == Kind::chart) {
        add_chart(*placed.block->chart, box);
      } else {
        add_picture(placed.block->image, box, true);  // centered across, from the top
      }
    }
    write_footer();
  }

  void write_footer() {
    const auto& size = deck_.size;
    const Box body = pptx::body_box(size);
    const long long y = size.cy - kInch * 45 / 100, height = kInch * 3 / 10;
    Node number = add_text_shape({body.right() - kInch, y, kInch, height}, "Slide Number", nullptr, -1, "ctr");
    text_.write_plain(number, std::to_string(number_), 11, kMutedGray, pptx::Edge::end);
    // The footer's parts share the left box; the slide number has the right.
    std::string footer;
    for (const auto& part : text::split_running_parts(deck_.document.footer)) {
      if (!footer.empty()) footer += "   \u00B7   ";
      for (const auto& piece : text::split_page_fields(part.text)) {
        if (piece.kind == text::HeaderPiece::Kind::page) footer += std::to_string(number_);
        if (piece.kind == text::HeaderPiece::Kind::pages) footer += std::to_string(deck_.slide_count);
        if (piece.kind == text::HeaderPiece::Kind::text) footer += piece.text;
      }
    }
    if (footer.empty()) return;
    Node shape = add_text_shape({body.x, y, body.cx - kInch * 12 / 10, height}, "Footer", nullptr, -1, "ctr");
    text_.write_plain(shape, footer, 11, kMutedGray, pptx::Edge::start);
  }

  // A text shape: a placeholder when `placeholder` or `index` says so
  // (PowerPoint then lists it in the outline), else a plain text box.
  Node add_text_shape(const Box& box, const std::string& name, const char* placeholder, int index, const char* anchor) {
    const int id = next_id_++;
    Node shape = tree_.add("p:sp");
    Node non_visual = shape.add("p:nvSpPr");
    non_visual.add("p:cNvPr").attr("id", id).attr("name", name + " " + std::to_string(id));
    Node properties = non_visual.add("p:cNvSpPr");
    Node app = non_visual.add("p:nvPr");
    if (placeholder || index >= 0) {
      properties.add("a:spLocks").attr("noGrp", 1);
      Node ph = app.add("p:ph");
      if (placeholder) ph.attr("type", placeholder);
      if (index >= 0) ph.attr("idx", index);
    } else {
      properties.attr("txBox", 1);
    }
    Node shape_properties = shape.add("p:spPr");
    pptx::add_transform(shape_properties, "a:xfrm", mirrored(box));
    shape_properties.add("a:prstGeom").attr("prst", "rect").add("a:avLst");
    shape_properties.add("a:noFill");
    Node text_body = shape.add("p:txBody");
    Node body_properties = text_body.add("a:bodyPr");
    body_properties.attr("wrap", "square").attr("lIns", 0).attr("tIns", 0).attr("rIns", 0).attr("bIns", 0)
        .attr("anchor", anchor);
    body_properties.add("a:normAutofit");
    text_body.add("a:lstStyle");
    return text_body;
  }

  void add_rectangle(const Box& box, const std::string& color) {
    const int id = next_id_++;
    Node shape = tree_.add("p:sp");
    Node non_visual = shape.add("p:nvSpPr");
    non_visual.add("p:cNvPr").attr("id", id).attr("name", "Accent " + std::to_string(id));
    non_visual.add("p:cNvSpPr");
    non_visual.add("p:nvPr");
    Node properties = shape.add("p:spPr");
    pptx::add_transform(properties, "a:xfrm", mirrored(box));
    properties.add("a:prstGeom").attr("prst", "rect").add("a:avLst");
    properties.add("a:solidFill").add("a:srgbClr").attr("val", color);
    properties.add("a:ln").add("a:noFill");
  }

  bool add_logo(const Box& box, bool align_right) { return add_picture(*deck_.document.logo, box, false, align_right); }

  // Scaled into `box`, aspect kept, at its top; centered across, or against
  // the box's right edge for logos. False when the format cannot be embedded.
  bool add_picture(const doc::Image& image, const Box& box, bool centered, bool align_right = false) {
    const std::string name = deck_.media.add(image);
    if (name.empty()) return false;
    const Extent extent = fill_extent(image, box.cx, box.cy);
    Box placed{box.x, box.y, extent.cx, extent.cy};
    if (centered) {
      placed.x += (box.cx - extent.cx) / 2;
    } else if (align_right) {
      placed.x = box.right() - extent.cx;
    }
    const int id = next_id_++;
    Node picture = tree_.add("p:pic");
    Node non_visual = picture.add("p:nvPicPr");
    non_visual.add("p:cNvPr").attr("id", id).attr("name", "Picture " + std::to_string(id)).user_attr("descr", image.alt);
    non_visual.add("p:cNvPicPr").add("a:picLocks").attr("noChangeAspect", 1);
    non_visual.add("p:nvPr");
    Node fill = picture.add("p:blipFill");
    fill.add("a:blip").attr("r:embed", relationship_id(rel("image"), "../media/" + name, false));
    fill.add("a:stretch").add("a:fillRect");
    Node properties = picture.add("p:spPr");
    pptx::add_transform(properties, "a:xfrm", mirrored(placed));
    properties.add("a:prstGeom").attr("prst", "rect").add("a:avLst");
    return true;
  }

  // A native chart filling `box`.
  void add_chart(const chart::Chart& chart, const Box& box) {
    const std::string target = "../" + deck_.charts.add(chart);
    const int id = next_id_++;
    Node frame = tree_.add("p:graphicFrame");
    Node non_visual = frame.add("p:nvGraphicFramePr");
    non_visual.add("p:cNvPr").attr("id", id).attr("name", "Chart " + std::to_string(id)).user_attr("descr", chart.title);
    non_visual.add("p:cNvGraphicFramePr");
    non_visual.add("p:nvPr");
    pptx::add_transform(frame, "p:xfrm", mirrored(box));
    Node data = frame.add("a:graphic").add("a:graphicData");
    data.attr("uri", kChartNs);
    data.add("c:chart").attr("xmlns:c", kChartNs).attr("r:id", relationship_id(rel("chart"), target, false));
  }

  // Returns the height the table takes.
  long long add_table(const Block& table, const Box& box) {
    doc::TableMeasurer measurer(deck_.document.fonts, deck_.document.locale);
    const auto layout = pptx::table_layout(table, box, measurer);
    if (layout.column_widths.empty()) return 0;
    const int id = next_id_++;
    Node frame = tree_.add("p:graphicFrame");
    Node non_visual = frame.add("p:nvGraphicFramePr");
    non_visual.add("p:cNvPr").attr("id", id).attr("name", "Table " + std::to_string(id));
    non_visual.add("p:cNvGraphicFramePr").add("a:graphicFrameLocks").attr("noGrp", 1);
    non_visual.add("p:nvPr");
    const long long height = layout.row_height * static_cast<long long>(table.rows.size());
    pptx::add_transform(frame, "p:xfrm", mirrored({box.x, box.y, box.cx, height}));
    Node data = frame.add("a:graphic").add("a:graphicData");
    data.attr("uri", "http://schemas.openxmlformats.org/drawingml/2006/table");
    Node tbl = data.add("a:tbl");
    Node table_properties = tbl.add("a:tblPr");
    if (deck_.right_to_left) table_properties.attr("rtl", 1);  // first column on the right
    table_properties.attr("firstRow", 1).attr("bandRow", 1);
    Node grid = tbl.add("a:tblGrid");
    for (const long long width : layout.column_widths) grid.add("a:gridCol").attr("w", width);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      Node row = tbl.add("a:tr");
      row.attr("h", layout.row_height);
      const bool header = r == 0;
      const std::string* fill = header ? &deck_.header_fill : (r % 2 == 0 ? &deck_.stripe_color : nullptr);
      for (std::size_t c = 0; c < layout.column_widths.size(); ++c) {
        const doc::Inlines* inlines = c < table.rows[r].size() ? &table.rows[r][c].inlines : nullptr;
        const doc::Align align = c < table.align.size() ? table.align[c] : doc::Align::none;
        Node cell = row.add("a:tc");
        text_.write_cell(cell, inlines, align, layout.font_size, header, header ? deck_.header_text : deck_.text_color,
                         *this);
        Node properties = cell.add("a:tcPr");
        properties.attr("marL", layout.cell_margin).attr("marR", layout.cell_margin).attr("marT", kInch / 20).attr("marB", kInch / 20)
            .attr("anchor", "ctr");
        Node bottom = properties.add("a:lnB");
        bottom.attr("w", 9525).attr("cap", "flat").attr("cmpd", "sng").attr("algn", "ctr");
        bottom.add("a:solidFill").add("a:srgbClr").attr("val", deck_.rule_color);
        bottom.add("a:prstDash").attr("val", "solid");
        if (fill) {
          properties.add("a:solidFill").add("a:srgbClr").attr("val", *fill);
        } else {
          properties.add("a:noFill");
        }
      }
    }
    return height;
  }

  // Layouts are planned left to right; right-to-left decks mirror them.
  Box mirrored(const Box& box) const {
    if (!deck_.right_to_left) return box;
    return {deck_.size.cx - box.x - box.cx, box.y, box.cx, box.cy};
  }

  // Hyperlinks and pictures, each target related once per slide.
  std::string relationship_id(const std::string& type, const std::string& target, bool external) {
    const auto found = ids_by_target_.find(target);
    if (found != ids_by_target_.end()) return found->second;
    std::string id = relationships_.add(type, target, external);
    ids_by_target_.emplace(target, id);
    return id;
  }

  const Deck& deck_;
  const Slide& slide_;
  std::size_t number_;
  pptx::TextWriter text_;
  Relationships relationships_;
  std::map<std::string, std::string> ids_by_target_;
  Node tree_{pugi::xml_node()};
  int next_id_ = 2;
};

std::string notes_slide_xml(const Slide& slide, const std::string& lang) {
  XmlPart part;
  Node root = part.root("p:notes");
  pptx::declare_namespaces(root);
  Node tree = pptx::add_shape_tree(root.add("p:cSld"));
  Node picture = tree.add("p:sp");
  Node picture_nv = picture.add("p:nvSpPr");
  picture_nv.add("p:cNvPr").attr("id", 2).attr("name", "Slide Image 1");
  picture_nv.add("p:cNvSpPr").add("a:spLocks").attr("noGrp", 1).attr("noRot", 1).attr("noChangeAspect", 1);
  picture_nv.add("p:nvPr").add("p:ph").attr("type", "sldImg");
  picture.add("p:spPr");
  Node notes = tree.add("p:sp");
  Node notes_nv = notes.add("p:nvSpPr");
  notes_nv.add("p:cNvPr").attr("id", 3).attr("name", "Notes 2");
  notes_nv.add("p:cNvSpPr").add("a:spLocks").attr("noGrp", 1);
  notes_nv.add("p:nvPr").add("p:ph").attr("type", "body").attr("idx", 1);
  notes.add("p:spPr");
  Node body = notes.add("p:txBody");
  body.add("a:bodyPr");
  body.add("a:lstStyle");
  for (const auto& line : slide.notes) {
    Node run = body.add("a:p").add("a:r");
    run.add("a:rPr").attr("lang", lang).attr("dirty", 0);
    run.add("a:t").text(line);
  }
  root.add("p:clrMapOvr").add("a:masterClrMapping");
  return part.str();
}

std::string presentation_xml(const SlideSize& size, bool four_by_three, std::size_t slides, bool has_notes) {
  XmlPart part;
  Node root = part.root("p:presentation");
  pptx::declare_namespaces(root);
  root.attr("saveSubsetFonts", 1);
  root.add("p:sldMasterIdLst").add("p:sldMasterId").attr("id", 2147483648LL).attr("r:id", "rId1");
  // rId1 master, rId2.. slides, then the notes master: see render_pptx.
  if (has_notes) root.add("p:notesMasterIdLst").add("p:notesMasterId").attr("r:id", "rId" + std::to_string(slides + 2));
  Node list = root.add("p:sldIdLst");
  for (std::size_t i = 0; i < slides; ++i)
    list.add("p:sldId").attr("id", static_cast<long long>(256 + i)).attr("r:id", "rId" + std::to_string(i + 2));
  Node slide_size = root.add("p:sldSz");
  slide_size.attr("cx", size.cx).attr("cy", size.cy);
  if (four_by_three) slide_size.attr("type", "screen4x3");
  root.add("p:notesSz").attr("cx", 6858000).attr("cy", 9144000);
  return part.str();
}

std::string first_heading_text(const std::vector<Slide>& slides) {
  for (const auto& slide : slides)
    if (slide.title) return text::plain_text(*slide.title);
  return {};
}

}  // namespace

std::string render_pptx(const doc::Document& document, const Options& options, std::size_t* slide_count) {
  const bool four_by_three = document.slides_4_3;
  const SlideSize size = pptx::slide_size(document);
  const pptx::SlidePlan plan = pptx::plan_slides(document, size);
  const std::vector<Slide>& slides = plan.slides;
  if (slide_count) *slide_count = slides.size();
  const auto& theme = document.theme;
  MediaStore media("ppt/media/");
  chart::Look chart_look = chart::look_for(document);
  chart_look.font_size_pt = 12;  // read across a room
  ChartStore charts("ppt/", chart_look, options);
  const Deck deck{document, size, media, charts, document.locale.empty() ? "en-US" : document.locale,
                  hex_color(theme.text, "1F2328"), hex_color(theme.headings, "0B3D91"),
                  hex_color(theme.links, "0B62D6"), hex_color(theme.rule, "C9D1DC"),
                  hex_color(theme.table_stripe_bg, "F2F5FA"), hex_color(theme.table_header_bg, "0B3D91"),
                  hex_color(theme.table_header_text, "FFFFFF"), slides.size(),
                  text::is_right_to_left(document.locale)};

  Package package(options);
  Relationships presentation;
  presentation.add(rel("slideMaster"), "slideMasters/slideMaster1.xml");
  bool has_notes = false;
  for (std::size_t i = 0; i < slides.size(); ++i) {
    const std::string number = std::to_string(i + 1);
    const std::string name = "ppt/slides/slide" + number + ".xml";
    SlideWriter writer(deck, slides[i], i + 1);
    package.add_part(name, kSlideType, writer.xml());
    if (!slides[i].notes.empty()) {
      has_notes = true;
      const std::string notes_name = "ppt/notesSlides/notesSlide" + number + ".xml";
      writer.relationships().add(rel("notesSlide"), "../notesSlides/notesSlide" + number + ".xml");
      package.add_part(notes_name, kNotesSlideType, notes_slide_xml(slides[i], deck.lang));
      Relationships notes_relationships;
      notes_relationships.add(rel("notesMaster"), "../notesMasters/notesMaster1.xml");
      notes_relationships.add(rel("slide"), "../slides/slide" + number + ".xml");
      package.add_relationships(notes_name, notes_relationships);
    }
    package.add_relationships(name, writer.relationships());
    presentation.add(rel("slide"), "slides/slide" + number + ".xml");
  }
  if (has_notes) {
    presentation.add(rel("notesMaster"), "notesMasters/notesMaster1.xml");
    package.add_part("ppt/notesMasters/notesMaster1.xml", kNotesMasterType, pptx::notes_master_xml());
    package.add_part("ppt/theme/theme2.xml", mediatype::theme, pptx::theme_xml(document, "s2d notes"));
    Relationships notes_master;
    notes_master.add(reltype::theme, "../theme/theme2.xml");
    package.add_relationships("ppt/notesMasters/notesMaster1.xml", notes_master);
  }
  presentation.add(rel("presProps"), "presProps.xml");
  presentation.add(rel("viewProps"), "viewProps.xml");
  presentation.add(reltype::theme, "theme/theme1.xml");
  presentation.add(rel("tableStyles"), "tableStyles.xml");

  package.add_part("ppt/presentation.xml", kPresentationType,
                   presentation_xml(size, four_by_three, slides.size(), has_notes));
  package.add_relationships("ppt/presentation.xml", presentation);
  package.add_part("ppt/slideMasters/slideMaster1.xml", kMasterType, pptx::slide_master_xml(size));
  Relationships master;
  master.add(rel("slideLayout"), "../slideLayouts/slideLayout1.xml");
  master.add(rel("slideLayout"), "../slideLayouts/slideLayout2.xml");
  master.add(reltype::theme, "../theme/theme1.xml");
  package.add_relationships("ppt/slideMasters/slideMaster1.xml", master);
  const std::pair<const char*, std::string> layouts[] = {{"1", pptx::title_layout_xml(size)},
                                                          {"2", pptx::content_layout_xml(size)}};
  for (const auto& [number, xml] : layouts) {
    const std::string name = std::string("ppt/slideLayouts/slideLayout") + number + ".xml";
    package.add_part(name, kLayoutType, xml);
    Relationships layout;
    layout.add(rel("slideMaster"), "../slideMasters/slideMaster1.xml");
    package.add_relationships(name, layout);
  }
  package.add_part("ppt/theme/theme1.xml", mediatype::theme, pptx::theme_xml(document, "s2d"));
  package.add_part("ppt/presProps.xml", kPresPropsType, pptx::presentation_properties_xml());
  package.add_part("ppt/viewProps.xml", kViewPropsType, pptx::view_properties_xml());
  package.add_part("ppt/tableStyles.xml", kTableStylesType, pptx::table_styles_xml());
  media.write_to(package);
  charts.write_to(package);
  package.add_properties("ppt/presentation.xml", document.title.empty() ? first_heading_text(slides) : document.title,
                         document.author);
  return package.finish();
}

}  // namespace s2d::office
