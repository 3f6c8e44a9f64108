// The document model as a WordprocessingML package (DOCX).
//
// Every construct maps to a real Word style (see docs/formats.md) so the
// file stays editable: headings are "heading N", lists use numbering.xml,
// tables "Table Grid" with a repeating header row.
#include "renderers/document/table_measure.hpp"
#include "renderers/ooxml/docx_parts.hpp"
#include "renderers/ooxml/geometry.hpp"
#include "renderers/chart/look.hpp"
#include "renderers/chart/scene.hpp"
#include "renderers/ooxml/chart_part.hpp"
#include "renderers/ooxml/media.hpp"
#include "renderers/ooxml/office.hpp"
#include "renderers/ooxml/package.hpp"
#include "renderers/ooxml/xml.hpp"
#include "renderers/text/direction.hpp"
#include "renderers/text/page_fields.hpp"
#include "renderers/text/sanitize.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace s2d::office {
namespace {

using doc::Block;
using Kind = doc::Block::Kind;

constexpr std::string_view kMainType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
constexpr std::string_view kStylesType = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml";
constexpr std::string_view kSettingsType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml";
constexpr std::string_view kNumberingType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml";
constexpr std::string_view kHeaderType = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml";
constexpr std::string_view kFooterType = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml";

constexpr std::string_view kSettingsRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings";
constexpr std::string_view kNumberingRel =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering";
constexpr std::string_view kHeaderRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header";
constexpr std::string_view kFooterRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer";

// Letterhead logo, as the PDF renderer draws it: natural size within these.
constexpr double kLogoMaxHeightMm = 18, kLogoMaxWidthMm = 70;
constexpr int kSpaceAfterTable = 160;  // twips: Word puts no gap between a table and what follows
constexpr long long kCellMargin = 108;  // twips: the left and right cell margins of "Normal Table"
constexpr long long kCellPadding = 2 * kCellMargin + 30;  // twips: both margins and some air

void declare_namespaces(Node root) {
  root.attr("xmlns:w", docx::kWordNs)
      .attr("xmlns:r", docx::kRelationshipsNs)
      .attr("xmlns:wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing")
      .attr("xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main")
      .attr("xmlns:pic", "http://schemas.openxmlformats.org/drawingml/2006/picture");
}

bool needs_space_preserved(std::string_view text) {
  return !text.empty() && (text.front() == ' ' || text.back() == ' ' || text.find("  ") != std::string_view::npos);
}

// Run text with tabs and newlines as Word's own elements.
void append_run_text(Node run, std::string_view text) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\t' && text[i] != '\n') continue;
    const auto piece = text.substr(start, i - start);
    if (!piece.empty()) {
      Node t = run.add("w:t");
      if (needs_space_preserved(piece)) t.attr("xml:space", "preserve");
      t.text(piece);
    }
    if (i < text.size()) run.add(text[i] == '\t' ? "w:tab" : "w:br");
    start = i + 1;
  }
}

// Paragraph properties, written in the order the schema requires.
struct ParagraphProps {
  explicit ParagraphProps(const char* style_id = nullptr, bool keep_with_next = false)
      : style(style_id), keep_next(keep_with_next) {}
  const char* style;
  bool keep_next;
  int num_id = 0, num_level = 0;
  std::string bottom_rule_color;  // thematic break
  long long center_tab = 0, end_tab = 0;  // running headers: stops for the centre and end parts
  long long indent_left = 0;
  int space_before = 0;  // twips; set where a paragraph follows a table
  const char* justify = nullptr;
};

Node add_paragraph(Node parent, const ParagraphProps& props) {
  Node paragraph = parent.add("w:p");
  const bool any = props.style || props.keep_next || props.num_id || !props.bottom_rule_color.empty() ||
                   props.center_tab || props.end_tab || props.indent_left || props.space_before || props.justify;
  if (!any) return paragraph;
  Node pr = paragraph.add("w:pPr");
  if (props.style) pr.add("w:pStyle").attr("w:val", props.style);
  if (props.keep_next) {
    pr.add("w:keepNext");
    pr.add("w:keepLines");
  }
  if (props.num_id) {
    Node numbering = pr.add("w:numPr");
    numbering.add("w:ilvl").attr("w:val", props.num_level);
    numbering.add("w:numId").attr("w:val", props.num_id);
  }
  if (!props.bottom_rule_color.empty()) {
    pr.add("w:pBdr").add("w:bottom")
        .attr("w:val", "single").attr("w:sz", 6).attr("w:space", 1).attr("w:color", props.bottom_rule_color);
  }
  if (props.center_tab || props.end_tab) {
    Node tabs = pr.add("w:tabs");
    if (props.center_tab) tabs.add("w:tab").attr("w:val", "center").attr("w:pos", props.center_tab);
    if (props.end_tab) tabs.add("w:tab").attr("w:val", "right").attr("w:pos", props.end_tab);
  }
  if (props.space_before) pr.add("w:spacing").attr("w:before", props.space_before);
  if (props.indent_left) pr.add("w:ind").attr("w:left", props.indent_left);
  if (props.justify) pr.add("w:jc").attr("w:val", props.justify);
  return paragraph;
}

const char* justify_for(doc::Align align) {
  switch (align) {
    case doc::Align::center: return "center";
    case doc::Align::right: return "right";
    case doc::Align::left:
    case doc::Align::none: break;
  }
  return nullptr;
}

// Look of runs decided by where they stand (table header cells).
struct RunLook {
  bool bold = false;
  std::string color;
  double size_pt = 0;  // 0: the paragraph style's size
};

void write_run(Node parent, std::string_view text, std::uint8_t style, const RunLook& look, bool in_link) {
  Node run = parent.add("w:r");
  const bool code = style & doc::code;
  const bool bold = (style & doc::bold) || look.bold;
  const bool italic = style & doc::italic;
  const bool strike = style & doc::strike;
  const bool right_to_left = text::has_right_to_left_text(text);
  if (code || in_link || bold || italic || strike || !look.color.empty() || right_to_left || look.size_pt > 0) {
    Node pr = run.add("w:rPr");
    if (code) {
      pr.add("w:rStyle").attr("w:val", docx::style::code_char);
    } else if (in_link) {
      pr.add("w:rStyle").attr("w:val", docx::style::hyperlink);
    }
    if (bold) {
      pr.add("w:b");
      pr.add("w:bCs");
    }
    if (italic) {
      pr.add("w:i");
      pr.add("w:iCs");
    }
    if (strike) pr.add("w:strike");
    if (!look.color.empty() && !in_link) pr.add("w:color").attr("w:val", look.color);
    if (look.size_pt > 0) {
      const long long half_points = std::llround(look.size_pt * 2);
      pr.add("w:sz").attr("w:val", half_points);
      pr.add("w:szCs").attr("w:val", half_points);
    }
    if (right_to_left) pr.add("w:rtl");
  }
  append_run_text(run, text);
}

// The relationships of the document part, with each
// hyperlink and image referenced once.
struct PartRelations {
  Relationships relationships;
  std::map<std::string, std::string> ids_by_target;

  std::string id_for(std::string_view type, const std::string& target, bool external) {
    const auto found = ids_by_target.find(target);
    if (found != ids_by_target.end()) return found->second;
    std::string id = relationships.add(type, target, external);
    ids_by_target.emplace(target, id);
    return id;
  }
};

// How the blocks at one place of the tree are written.
struct Placement {
  const char* paragraph_style = nullptr;  // quotes and list continuations
  long long indent = 0;                   // twips, inside list items
  bool keep_with_next = false;            // inside keep_together
  int list_level = 0;
};

bool is_lone_leading_title(const doc::Blocks& blocks) {
  if (blocks.empty() || blocks.front().kind != Kind::heading || blocks.front().level != 1) return false;
  return std::none_of(blocks.begin() + 1, blocks.end(),
                      [](const Block& block) { return block.kind == Kind::heading && block.level == 1; });
}

class DocxWriter {
 public:
  DocxWriter(const doc::Document& document, const Options& options)
      : doc_(document), options_(options), right_to_left_(text::is_right_to_left(document.locale)) {
    const auto& page = document.page;
    const double text_width_mm = std::max(20.0, page.width_mm - page.margin_left_mm - page.margin_right_mm);
    const double text_height_mm = std::max(20.0, page.height_mm - page.margin_top_mm - page.margin_bottom_mm);
    text_width_twips_ = mm_to_twips(text_width_mm);
    text_width_emu_ = mm_to_emu(text_width_mm);
    text_height_emu_ = mm_to_emu(text_height_mm * 0.85);
  }

  std::string render() {
    XmlPart document;
    Node root = document.root("w:document");
    declare_namespaces(root);
    Node body = root.add("w:body");
    Package package(options_);
    if (!doc_.header.empty()) header_id_ = add_running_part(package, true);
    if (!doc_.footer.empty()) footer_id_ = add_running_part(package, false);
    write_top_level(body);
    write_section(body, false);

    body_.relationships.add(reltype::styles, "styles.xml");
    body_.relationships.add(kSettingsRel, "settings.xml");
    package.add_part("word/document.xml", kMainType, document.str());
    package.add_part("word/styles.xml", kStylesType, docx::styles_xml(doc_));
    package.add_part("word/settings.xml", kSettingsType, docx::settings_xml());
    if (uses_lists_) {
      body_.relationships.add(kNumberingRel, "numbering.xml");
      package.add_part("word/numbering.xml", kNumberingType, docx::numbering_xml(ordered_lists_));
    }
    package.add_relationships("word/document.xml", body_.relationships);
    media_.write_to(package);
    charts_.write_to(package);
    package.add_properties("word/document.xml", core_title(), doc_.author);
    return package.finish();
  }

 private:
  std::string core_title() const {
    if (!doc_.title.empty()) return doc_.title;
    for (const auto& block : doc_.blocks)
      if (block.kind == Kind::heading) return text::plain_text(block.inlines);
    return {};
  }

  void write_top_level(Node body) {
    if (doc_.logo) write_logo(body);
    const bool titled = is_lone_leading_title(doc_.blocks);
    for (std::size_t i = 0; i < doc_.blocks.size(); ++i) {
      if (i == 0 && titled) {
        Node paragraph = open_paragraph(body, ParagraphProps(docx::style::title));
        write_inlines(paragraph, doc_.blocks[0].inlines);
      } else {
        write_block(body, doc_.blocks[i], {});
      }
    }
    // Word expects the body to end with a paragraph, not a table.
    if (std::string_view(body.raw().last_child().name()) == "w:tbl") open_paragraph(body, ParagraphProps());
  }

  void write_blocks(Node body, const doc::Blocks& blocks, const Placement& placement) {
    for (const auto& block : blocks) write_block(body, block, placement);
  }

  // Every body paragraph goes through here, so the one after a table gets
  // the gap Word does not leave by itself.
  Node open_paragraph(Node parent, ParagraphProps props) {
    if (std::string_view(parent.raw().last_child().name()) == "w:tbl") props.space_before = kSpaceAfterTable;
    return add_paragraph(parent, props);
  }

  void write_block(Node body, const Block& block, const Placement& placement) {
    switch (block.kind) {
      case Kind::heading: {
        ParagraphProps props(nullptr, placement.keep_with_next);
        const std::string style = docx::heading_style_id(block.level);
        props.style = style.c_str();
        write_inlines(add_paragraph(body, props), block.inlines);  // has its own space before
        break;
      }
      case Kind::paragraph: {
        ParagraphProps props(placement.paragraph_style, placement.keep_with_next);
        props.indent_left = placement.indent;
        write_inlines(open_paragraph(body, props), block.inlines);
        break;
      }
      case Kind::list: write_list(body, block, placement); break;
      case Kind::table: write_table_block(body, block, placement); break;
      case Kind::image: write_image(body, block.image, placement); break;
      case Kind::code_block: write_code(body, block, placement); break;
      case Kind::quote: {
        Placement quoted = placement;
        quoted.paragraph_style = docx::style::quote;
        write_blocks(body, block.children, quoted);
        break;
      }
      case Kind::rule: {
        ParagraphProps props;
        props.bottom_rule_color = hex_color(doc_.theme.rule, "C9D1DC");
        open_paragraph(body, props);
        break;
      }
      case Kind::page_break: open_paragraph(body, ParagraphProps()).add("w:r").add("w:br").attr("w:type", "page"); break;
      case Kind::keep_together: write_kept_together(body, block, placement); break;
      case Kind::notes: break;  // speaker notes belong to slides only
      case Kind::chart: write_chart(body, block, placement); break;
    }
  }

  void write_kept_together(Node body, const Block& block, const Placement& placement) {
    Placement kept = placement;
    kept.keep_with_next = true;
    for (std::size_t i = 0; i < block.children.size(); ++i) {
      const bool last = i + 1 == block.children.size();
      write_block(body, block.children[i], last ? placement : kept);
    }
  }

  void write_list(Node body, const Block& list, const Placement& placement) {
    uses_lists_ = true;
    const int level = std::min(placement.list_level, 8);
    int num_id = docx::kBulletNumId;
    if (list.ordered) {
      num_id = next_num_id_++;
      ordered_lists_.push_back({num_id, level, std::max(0, list.start)});
    }
    const std::string style = docx::list_style_id(list.ordered, level);
    Placement inside = placement;
    inside.list_level = placement.list_level + 1;
    inside.indent = docx::list_indent_twips(level);
    inside.paragraph_style = docx::style::list_continue;

    for (const auto& item : list.items) {
      ParagraphProps props(style.c_str(), placement.keep_with_next);
      props.num_id = item.task_checked ? (*item.task_checked ? docx::kCheckedNumId : docx::kUncheckedNumId) : num_id;
      props.num_level = level;
      bool numbered = false;
      for (const auto& block : item.blocks) {
        if (!numbered) {
          numbered = true;
          Node paragraph = open_paragraph(body, props);
          if (block.kind == Kind::paragraph) {
            write_inlines(paragraph, block.inlines);
            continue;
          }
        }
        write_block(body, block, inside);
      }
      if (!numbered) open_paragraph(body, props);
    }
  }

  // A landscape table at the top level of a portrait document gets a
  // section of its own, its page turned on its side.
  void write_table_block(Node body, const Block& table, const Placement& placement) {
    const auto& page = doc_.page;
    const bool turn = table.landscape && placement.indent == 0 && !placement.paragraph_style &&
                      page.height_mm > page.width_mm;
    if (!turn) {
      write_table(body, table, placement, text_width_twips_);
      return;
    }
    if (body.raw().first_child()) end_section(body, false);
    write_table(body, table, placement, mm_to_twips(std::max(20.0, page.height_mm - page.margin_left_mm - page.margin_right_mm)));
    end_section(body, true);
  }

  // A paragraph that ends the section before it (Word keeps a section's
  // properties in its last paragraph).
  void end_section(Node body, bool landscape) {
    Node paragraph = open_paragraph(body, ParagraphProps());
    pugi::xml_node pr = paragraph.raw().child("w:pPr");
    write_section(pr ? Node(pr) : paragraph.add("w:pPr"), landscape);
  }

  void write_table(Node body, const Block& table, const Placement& placement, long long text_width) {
    const long long total = std::max(1440LL, text_width - placement.indent);
    // The same columns as the PDF: widths measured in its fonts, in points (20 twips).
    const double size_pt = doc_.fonts.size_pt * docx::kTableTextScale;
    const doc::TableFit fit = doc::fit_table(measurer_, table, size_pt, total / 20.0, kCellPadding / 20.0);
    const auto widths = doc::in_units(fit.widths, total);
    if (widths.empty()) return;
    const double run_size = fit.font_scale < 1 ? size_pt * fit.font_scale : 0;
    const std::size_t columns = widths.size();
    // Word joins tables that touch into one: keep them apart.
    if (std::string_view(body.raw().last_child().name()) == "w:tbl")
      open_paragraph(body, ParagraphProps(nullptr, placement.keep_with_next));

    Node tbl = body.add("w:tbl");
    Node pr = tbl.add("w:tblPr");
    pr.add("w:tblStyle").attr("w:val", docx::style::table_grid);
    if (right_to_left_) pr.add("w:bidiVisual");  // first column on the right
    pr.add("w:tblW").attr("w:w", total).attr("w:type", "dxa");
    if (placement.indent) pr.add("w:tblInd").attr("w:w", placement.indent).attr("w:type", "dxa");
    pr.add("w:tblLayout").attr("w:type", "fixed");
    if (fit.font_scale < 1) {  // a table set smaller has narrower cell margins too, as in the PDF
      const long long margin = std::llround(kCellMargin * fit.font_scale);
      Node margins = pr.add("w:tblCellMar");
      margins.add("w:left").attr("w:w", margin).attr("w:type", "dxa");
      margins.add("w:right").attr("w:w", margin).attr("w:type", "dxa");
    }
    pr.add("w:tblLook").attr("w:val", "04A0").attr("w:firstRow", 1).attr("w:lastRow", 0)
        .attr("w:firstColumn", 0).attr("w:lastColumn", 0).attr("w:noHBand", 0).attr("w:noVBand", 1);
    Node grid = tbl.add("w:tblGrid");
    for (const long long width : widths) grid.add("w:gridCol").attr("w:w", width);

    const std::string header_fill = hex_color(doc_.theme.table_header_bg, "0B3D91");
    const std::string stripe_fill = hex_color(doc_.theme.table_stripe_bg, "F2F5FA");
    const RunLook header_look{true, hex_color(doc_.theme.table_header_text, "FFFFFF"), run_size};
    const RunLook cell_look{false, "", run_size};
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const bool header = r == 0;
      Node tr = tbl.add("w:tr");
      Node row_pr = tr.add("w:trPr");
      row_pr.add("w:cantSplit");
      if (header) row_pr.add("w:tblHeader");
      const std::string* fill = header ? &header_fill : (r % 2 == 0 ? &stripe_fill : nullptr);
      for (std::size_t c = 0; c < columns; ++c) {
        Node tc = tr.add("w:tc");
        Node cell_pr = tc.add("w:tcPr");
        cell_pr.add("w:tcW").attr("w:w", widths[c]).attr("w:type", "dxa");
        if (fill) cell_pr.add("w:shd").attr("w:val", "clear").attr("w:color", "auto").attr("w:fill", *fill);
        ParagraphProps props(docx::style::table_text, placement.keep_with_next || header);
        props.justify = justify_for(c < table.align.size() ? table.align[c] : doc::Align::none);
        Node paragraph = add_paragraph(tc, props);
        if (c < table.rows[r].size()) write_inlines(paragraph, table.rows[r][c].inlines, header ? header_look : cell_look);
      }
    }
  }

  void write_image(Node body, const doc::Image& image, const Placement& placement) {
    const std::string name = media_.add(image);
    ParagraphProps props(nullptr, placement.keep_with_next);
    props.justify = "center";
    Node paragraph = open_paragraph(body, props);
    if (name.empty()) {  // a format Word cannot embed: keep its description
      write_run(paragraph, "[" + (image.alt.empty() ? std::string("image") : image.alt) + "]", doc::italic, {}, false);
      return;
    }
    const long long max_width = std::max(kEmuPerInch, text_width_emu_ - placement.indent * kEmuPerInch / 1440);
    write_drawing(paragraph.add("w:r"), name, image, image_extent(image, max_width, text_height_emu_));
  }

  void write_drawing(Node run, const std::string& media_name, const doc::Image& image, Extent extent) {
    const std::string rel_id = body_.id_for(reltype::image, "media/" + media_name, false);
    const int id = next_drawing_id_++;
    Node inline_drawing = run.add("w:drawing").add("wp:inline");
    inline_drawing.attr("distT", 0).attr("distB", 0).attr("distL", 0).attr("distR", 0);
    inline_drawing.add("wp:extent").attr("cx", extent.cx).attr("cy", extent.cy);
    inline_drawing.add("wp:effectExtent").attr("l", 0).attr("t", 0).attr("r", 0).attr("b", 0);
    inline_drawing.add("wp:docPr").attr("id", id).attr("name", "Picture " + std::to_string(id)).user_attr("descr", image.alt);
    inline_drawing.add("wp:cNvGraphicFramePr").add("a:graphicFrameLocks").attr("noChangeAspect", 1);
    Node data = inline_drawing.add("a:graphic").add("a:graphicData");
    data.attr("uri", "http://schemas.openxmlformats.org/drawingml/2006/picture");
    Node pic = data.add("pic:pic");
    Node non_visual = pic.add("pic:nvPicPr");
    non_visual.add("pic:cNvPr").attr("id", id).attr("name", media_name);
    non_visual.add("pic:cNvPicPr");
    Node fill = pic.add("pic:blipFill");
    fill.add("a:blip").attr("r:embed", rel_id);
    fill.add("a:stretch").add("a:fillRect");
    Node shape = pic.add("pic:spPr");
    Node transform = shape.add("a:xfrm");
    transform.add("a:off").attr("x", 0).attr("y", 0);
    transform.add("a:ext").attr("cx", extent.cx).attr("cy", extent.cy);
    shape.add("a:prstGeom").attr("prst", "rect").add("a:avLst");
  }

  // A native chart: an inline graphic frame pointing at its chart part.
  void write_chart(Node body, const Block& block, const Placement& placement) {
    if (!block.chart) return;
    ParagraphProps props(nullptr, placement.keep_with_next);
    props.justify = "center";
    Node paragraph = open_paragraph(body, props);
    const long long max_width = std::max(kEmuPerInch, text_width_emu_ - placement.indent * kEmuPerInch / 1440);
    const auto size = chart::chart_size(*block.chart, static_cast<double>(max_width) / kEmuPerPoint,
                                        static_cast<double>(text_height_emu_) / kEmuPerPoint);
    const std::string rel_id = body_.id_for(reltype::chart, charts_.add(*block.chart), false);
    const int id = next_drawing_id_++;
    Node inline_drawing = paragraph.add("w:r").add("w:drawing").add("wp:inline");
    inline_drawing.attr("distT", 0).attr("distB", 0).attr("distL", 0).attr("distR", 0);
    inline_drawing.add("wp:extent").attr("cx", points_to_emu(size.width)).attr("cy", points_to_emu(size.height));
    inline_drawing.add("wp:effectExtent").attr("l", 0).attr("t", 0).attr("r", 0).attr("b", 0);
    inline_drawing.add("wp:docPr").attr("id", id).attr("name", "Chart " + std::to_string(id)).user_attr("descr", block.chart->title);
    inline_drawing.add("wp:cNvGraphicFramePr");
    Node data = inline_drawing.add("a:graphic").add("a:graphicData");
    data.attr("uri", kChartNs);
    data.add("c:chart").attr("xmlns:c", kChartNs).attr("xmlns:r", docx::kRelationshipsNs).attr("r:id", rel_id);
  }

  void write_code(Node body, const Block& block, const Placement& placement) {
    ParagraphProps props(docx::style::code, placement.keep_with_next);
    props.indent_left = placement.indent;
    Node paragraph = open_paragraph(body, props);
    std::string_view code = block.text;
    while (!code.empty() && code.back() == '\n') code.remove_suffix(1);
    if (code.empty()) return;
    Node run = paragraph.add("w:r");
    append_run_text(run, code);
  }

  void write_inlines(Node paragraph, const doc::Inlines& inlines, const RunLook& look = {}) {
    for (std::size_t i = 0; i < inlines.size();) {
      const std::string& link = inlines[i].link;
      if (link.empty() || !text::is_safe_link(link)) {
        write_inline(paragraph, inlines[i++], look, false);
        continue;
      }
      Node hyperlink = paragraph.add("w:hyperlink");
      if (link.front() == '#') {
        hyperlink.user_attr("w:anchor", std::string_view(link).substr(1));
      } else {
        hyperlink.attr("r:id", body_.id_for(reltype::hyperlink, text::uri_for_target(link), true));
      }
      hyperlink.attr("w:history", 1);
      for (; i < inlines.size() && inlines[i].link == link; ++i) write_inline(hyperlink, inlines[i], look, true);
    }
  }

  static void write_inline(Node parent, const doc::Inline& run, const RunLook& look, bool in_link) {
    switch (run.kind) {
      case doc::Inline::Kind::text: write_run(parent, run.text, run.style, look, in_link); break;
      case doc::Inline::Kind::soft_break: write_run(parent, " ", run.style, look, in_link); break;
      case doc::Inline::Kind::line_break: parent.add("w:r").add("w:br"); break;
    }
  }

  // header1.xml or footer1.xml; returns the document's relationship id to it.
  std::string add_running_part(Package& package, bool is_header) {
    const std::string name = is_header ? "header1.xml" : "footer1.xml";
    XmlPart part;
    Node root = part.root(is_header ? "w:hdr" : "w:ftr");
    declare_namespaces(root);
    // A tab stop for each part after the start one, so one tab reaches it.
    using Position = text::RunningPart::Position;
    const auto parts = text::split_running_parts(is_header ? doc_.header : doc_.footer);
    ParagraphProps props(is_header ? docx::style::header : docx::style::footer);
    for (const auto& running : parts) {
      if (running.position == Position::center) props.center_tab = text_width_twips_ / 2;
      if (running.position == Position::end) props.end_tab = text_width_twips_;
    }
    Node paragraph = add_paragraph(root, props);
    for (const auto& running : parts) {
      if (running.position != Position::start) paragraph.add("w:r").add("w:tab");
      write_page_fields(paragraph, running.text);
    }
    package.add_part("word/" + name, is_header ? kHeaderType : kFooterType, part.str());
    return body_.relationships.add(is_header ? kHeaderRel : kFooterRel, name);
  }

  // The logo opens the first page at the end edge, like letterhead.
  void write_logo(Node body) {
    const std::string name = media_.add(*doc_.logo);
    if (name.empty()) return;
    ParagraphProps props;
    props.justify = "right";
    const auto extent = image_extent(*doc_.logo, std::min(text_width_emu_, mm_to_emu(kLogoMaxWidthMm)),
                                     mm_to_emu(kLogoMaxHeightMm));
    write_drawing(add_paragraph(body, props).add("w:r"), name, *doc_.logo, extent);
  }

  static void write_page_fields(Node paragraph, const std::string& line) {
    for (const auto& piece : text::split_page_fields(line)) {
      if (piece.kind == text::HeaderPiece::Kind::text) {
        write_run(paragraph, piece.text, 0, {}, false);
        continue;
      }
      Node field = paragraph.add("w:fldSimple");
      field.attr("w:instr", piece.kind == text::HeaderPiece::Kind::page ? " PAGE " : " NUMPAGES ");
      field.add("w:r").add("w:t").text("1");
    }
  }

  // The page of a section: the document's, or turned to landscape.
  void write_section(Node parent, bool landscape) {
    const auto& page = doc_.page;
    Node section = parent.add("w:sectPr");
    if (!header_id_.empty()) section.add("w:headerReference").attr("w:type", "default").attr("r:id", header_id_);
    if (!footer_id_.empty()) section.add("w:footerReference").attr("w:type", "default").attr("r:id", footer_id_);
    const bool turned = landscape && page.height_mm > page.width_mm;
    Node size = section.add("w:pgSz");
    size.attr("w:w", mm_to_twips(turned ? page.height_mm : page.width_mm))
        .attr("w:h", mm_to_twips(turned ? page.width_mm : page.height_mm));
    if (turned || page.width_mm > page.height_mm) size.attr("w:orient", "landscape");
    section.add("w:pgMar")
        .attr("w:top", mm_to_twips(page.margin_top_mm))
        .attr("w:right", mm_to_twips(page.margin_right_mm))
        .attr("w:bottom", mm_to_twips(page.margin_bottom_mm))
        .attr("w:left", mm_to_twips(page.margin_left_mm))
        .attr("w:header", mm_to_twips(std::max(5.0, page.margin_top_mm / 2)))
        .attr("w:footer", mm_to_twips(std::max(5.0, page.margin_bottom_mm / 2)))
        .attr("w:gutter", 0);
    section.add("w:cols").attr("w:space", 720);
  }

  const doc::Document& doc_;
  Options options_;
  bool right_to_left_;
  PartRelations body_;
  MediaStore media_{"word/media/"};
  doc::TableMeasurer measurer_{doc_.fonts, doc_.locale};
  ChartStore charts_{"word/", chart::look_for(doc_), options_};
  std::vector<docx::ListInstance> ordered_lists_;
  int next_num_id_ = docx::kFirstOrderedNumId;
  int next_drawing_id_ = 1;
  bool uses_lists_ = false;
  long long text_width_twips_ = 0, text_width_emu_ = 0, text_height_emu_ = 0;
  std::string header_id_, footer_id_;  // relationship ids of the running header and footer
};

}  // namespace

std::string render_docx(const doc::Document& document, const Options& options) {
  return DocxWriter(document, options).render();
}

}  // namespace s2d::office
