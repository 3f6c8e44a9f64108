#include "renderers/ooxml/pptx_text.hpp"

#include "renderers/document/table_measure.hpp"
#include "renderers/ooxml/geometry.hpp"
#include "renderers/text/sanitize.hpp"

#include <algorithm>
#include <cmath>

namespace s2d::office::pptx {
namespace {

using doc::Block;
using Kind = doc::Block::Kind;

constexpr long long kInch = kEmuPerInch;
constexpr long long kBulletHang = kInch * 38 / 100;
constexpr long long kLevelStep = kInch * 4 / 10;
constexpr const char* kQuoteGray = "57606A";
// Average advance of a character, in ems: DejaVu Sans runs wide.
constexpr double kProportionalEm = 0.55, kMonospaceEm = 0.6;
constexpr double kImpressWidening = 1.05;
constexpr const char* kBullets[] = {"\u2022", "\u2013", "\u25AA"};
constexpr const char* kNumberings[] = {"arabicPeriod", "alphaLcPeriod", "romanLcPeriod"};

class Flattener {
 public:
  SlideContent run(const std::vector<const Block*>& blocks) {
    for (const Block* block : blocks) add(*block, 0, TextPara::Kind::plain);
    return std::move(content_);
  }

 private:
  void add(const Block& block, int level, TextPara::Kind plain_kind) {
    switch (block.kind) {
      case Kind::heading: content_.text.push_back({TextPara::Kind::heading, level, 1, false, &block.inlines, {}}); break;
      case Kind::paragraph: content_.text.push_back({plain_kind, level, 1, false, &block.inlines, {}}); break;
      case Kind::list: add_list(block, level); break;
      case Kind::quote:
        for (const auto& child : block.children) add(child, level, TextPara::Kind::quote);
        break;
      case Kind::keep_together:
        for (const auto& child : block.children) add(child, level, plain_kind);
        break;
      case Kind::code_block: add_code(block.text, level); break;
      case Kind::table: content_.visuals.push_back(&block); break;
      case Kind::chart:
        if (block.chart) content_.visuals.push_back(&block);
        break;
      case Kind::image:
        if (block.image.mime == "image/png" || block.image.mime == "image/jpeg") {
          content_.visuals.push_back(&block);
        } else {
          content_.text.push_back({plain_kind, level, 1, false, nullptr, "[" + block.image.alt + "]"});
        }
        break;
      case Kind::rule:
      case Kind::page_break:
      case Kind::notes:
        break;  // slide boundaries and notes are taken apart before flattening
    }
  }

  void add_list(const Block& list, int level) {
    const auto kind = list.ordered ? TextPara::Kind::number : TextPara::Kind::bullet;
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      const auto& item = list.items[i];
      TextPara first{item.task_checked ? TextPara::Kind::task : kind, level, list.start + static_cast<int>(i),
                     item.task_checked.value_or(false), nullptr, {}};
      auto block = item.blocks.begin();
      if (block != item.blocks.end() && block->kind == Kind::paragraph) first.inlines = &(block++)->inlines;
      content_.text.push_back(first);
      for (; block != item.blocks.end(); ++block) add(*block, level + 1, TextPara::Kind::plain);
    }
  }

  void add_code(std::string_view code, int level) {
    while (!code.empty() && code.back() == '\n') code.remove_suffix(1);
    std::size_t start = 0;
    while (start <= code.size()) {
      const auto end = std::min(code.find('\n', start), code.size());
      content_.text.push_back({TextPara::Kind::code, level, 1, false, nullptr, std::string(code.substr(start, end - start))});
      start = end + 1;
    }
  }

  SlideContent content_;
};

bool is_marked(const TextPara& para) {
  return para.kind == TextPara::Kind::bullet || para.kind == TextPara::Kind::number || para.kind == TextPara::Kind::task;
}

long long left_margin(const TextPara& para) {
  if (is_marked(para)) return kBulletHang + kLevelStep * para.level;
  return para.level == 0 ? 0 : kBulletHang + kLevelStep * (para.level - 1);
}

double size_of(const TextPara& para, double size) {
  if (para.kind == TextPara::Kind::heading) return size * 1.1;
  if (para.kind == TextPara::Kind::code) return std::max(9.0, size * 0.75);
  if (para.level > 0) return std::max(10.0, size * 0.9);
  return size;
}

double space_before(const TextPara& para, double size, bool first) {
  if (first || para.kind == TextPara::Kind::code) return 0;
  return para.level == 0 ? size * 0.5 : size * 0.25;
}

std::string para_text(const TextPara& para) {
  return para.inlines ? para.text + text::plain_text(*para.inlines) : para.text;
}

// Lines a text takes at `size` in `width` EMU, counting explicit breaks.
long long line_count(const std::string& text, double size, long long width, double em) {
  const double width_pt = std::max(36.0, static_cast<double>(width) / kEmuPerPoint);
  long long lines = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    const double advance = text::display_width(std::string_view(text).substr(start, end - start)) * size * em;
    lines += std::max(1LL, static_cast<long long>(std::ceil(advance / width_pt)));
    start = end + 1;
  }
  return lines;
}

}  // namespace

SlideContent flatten(const std::vector<const Block*>& blocks) { return Flattener().run(blocks); }

long long text_height(const std::vector<TextPara>& paragraphs, double size_pt, long long width) {
  double points = 0;
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    const auto& para = paragraphs[i];
    const double size = size_of(para, size_pt);
    const double em = para.kind == TextPara::Kind::code ? kMonospaceEm : kProportionalEm;
    points += line_count(para_text(para), size, width - left_margin(para), em) * size * 1.2 +
              space_before(para, size, i == 0);
  }
  return points_to_emu(points);
}

double fitting_size(const std::vector<TextPara>& paragraphs, const Box& box, double max_size) {
  double size = max_size;
  while (size > 12 && text_height(paragraphs, size, box.cx) > box.cy) size -= 2;
  return std::max(size, 12.0);
}

double fitting_title_size(const doc::Inlines& title, const Box& box, double max_size, int max_lines) {
  const std::string text = text::plain_text(title);
  double size = max_size;
  while (size > max_size * 0.6 && line_count(text, size, box.cx, kProportionalEm) > max_lines) size -= 2;
  return size;
}

TableLayout table_layout(const Block& table, const Box& box, doc::TableMeasurer& measurer) {
  TableLayout layout;
  if (table.rows.empty()) return layout;
  // Rows share the box height and the font follows the row height; it
  // shrinks further (down to 9 pt) so every cell stays on one line, as rows
  // are as tall as one line.
  const double cell_margins_pt = 7.2;
  const long long side_margins = kInch / 5;
  const double side_margins_pt = static_cast<double>(side_margins) / kEmuPerPoint;
  const double box_pt = static_cast<double>(box.cx) / kEmuPerPoint;
  const double row_pt = std::min(36.0, static_cast<double>(box.cy) / kEmuPerPoint / table.rows.size());
  const double row_size = std::clamp((row_pt - cell_margins_pt) / 1.25, 9.0, 18.0);
  std::vector<doc::ColumnContent> content = measurer.maximums(table, row_size);
  double one_line = 0;  // width of every column's widest cell at row_size
  for (const auto& column : content) one_line += column.max;
  const double room = box_pt - side_margins_pt * static_cast<double>(content.size());
  double size = row_size;
  if (one_line > room) size = std::max(9.0, room > 0 ? row_size * room / one_line : 9.0);
  // Impress sets small text a little wider than Pango measures it.
  const double scale = size / row_size * kImpressWidening;
  auto rescale = [scale](std::vector<doc::ColumnContent>* columns) {
    for (auto& column : *columns) {
      column.min *= scale;
      column.min_hyphenated *= scale;
      column.max *= scale;
    }
  };
  rescale(&content);
  const doc::TableFit fit = doc::fit_columns(content, table.column_widths, box_pt, side_margins_pt,
                                             [&](std::vector<doc::ColumnContent>* columns) {
                                               columns->assign(columns->size(), doc::ColumnContent{});
                                               measurer.measure(table, row_size, columns);
                                               rescale(columns);
                                             });
  layout.column_widths = doc::in_units(fit.widths, box.cx);
  layout.font_size = std::floor(size * fit.font_scale * 2) / 2;
  layout.cell_margin = std::llround(static_cast<double>(side_margins) / 2 * fit.font_scale);
  layout.row_height = points_to_emu(std::max(row_pt, layout.font_size * 1.25 + cell_margins_pt));
  return layout;
}

Node TextWriter::run_properties(Node parent, const char* name, std::uint8_t style, const RunLook& look,
                                const std::string& link_id) {
  Node pr = parent.add(name);
  pr.attr("lang", lang_).attr("sz", std::llround(look.size * 100));
  if ((style & doc::bold) || look.bold) pr.attr("b", 1);
  if ((style & doc::italic) || look.italic) pr.attr("i", 1);
  if (!link_id.empty()) pr.attr("u", "sng");
  if (style & doc::strike) pr.attr("strike", "sngStrike");
  pr.attr("dirty", 0);
  pr.add("a:solidFill").add("a:srgbClr").attr("val", link_id.empty() ? look.color : link_color_);
  const std::string& font = (style & doc::code) ? fonts_.mono : *look.font;
  pr.add("a:latin").user_attr("typeface", font);
  pr.add("a:ea").user_attr("typeface", font);
  pr.add("a:cs").user_attr("typeface", font);
  if (!link_id.empty()) pr.add("a:hlinkClick").attr("r:id", link_id);
  return pr;
}

void TextWriter::write_run(Node paragraph, std::string_view text, std::uint8_t style, const RunLook& look,
                           const std::string& link_id) {
  // A run holds no line breaks: each "\n" becomes <a:br/>.
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    if (start > 0) run_properties(paragraph.add("a:br"), "a:rPr", style, look, {});
    if (end > start) {
      Node run = paragraph.add("a:r");
      run_properties(run, "a:rPr", style, look, link_id);
      run.add("a:t").text(text.substr(start, end - start));
    }
    start = end + 1;
  }
}

void TextWriter::write_runs(Node paragraph, const doc::Inlines& inlines, const RunLook& look, LinkRegistry& links) {
  for (const auto& run : inlines) {
    const bool linked = !run.link.empty() && run.link.front() != '#' && text::is_safe_link(run.link);
    const std::string link_id = linked ? links.hyperlink_id(text::uri_for_target(run.link)) : std::string();
    switch (run.kind) {
      case doc::Inline::Kind::text: write_run(paragraph, run.text, run.style, look, link_id); break;
      case doc::Inline::Kind::soft_break: write_run(paragraph, " ", run.style, look, link_id); break;
      case doc::Inline::Kind::line_break: run_properties(paragraph.add("a:br"), "a:rPr", run.style, look, {}); break;
    }
  }
}

Node TextWriter::paragraph_properties(Node paragraph, Edge align) {
  Node pr = paragraph.add("a:pPr");
  const bool left = (align == Edge::start) != right_to_left_;
  pr.attr("algn", align == Edge::center ? "ctr" : left ? "l" : "r");
  if (right_to_left_) pr.attr("rtl", 1);
  return pr;
}

void TextWriter::write_title(Node text_body, const doc::Inlines& title, const std::string& suffix, double size,
                             const std::string& color, LinkRegistry& links) {
  Node paragraph = text_body.add("a:p");
  paragraph_properties(paragraph, Edge::start);
  const RunLook look{size, true, false, color, &fonts_.headings};
  write_runs(paragraph, title, look, links);
  if (!suffix.empty()) write_run(paragraph, suffix, 0, RunLook{size, false, false, color, &fonts_.headings}, {});
  run_properties(paragraph, "a:endParaRPr", 0, look, {});
}

void TextWriter::write_paragraph(Node text_body, const TextPara& para, bool first, double size,
                                 const std::string& color, LinkRegistry& links) {
  const double own_size = size_of(para, size);
  Node paragraph = text_body.add("a:p");
  Node pr = paragraph_properties(paragraph, Edge::start);
  const long long margin = left_margin(para);
  const bool marked = is_marked(para);
  pr.attr("marL", margin).attr("indent", marked ? -kBulletHang : 0);
  if (para.kind == TextPara::Kind::code) pr.add("a:lnSpc").add("a:spcPct").attr("val", 100000);
  pr.add("a:spcBef").add("a:spcPts").attr("val", std::llround(space_before(para, own_size, first) * 100));
  if (para.kind == TextPara::Kind::task) {  // the box takes the bullet's place, as in the PDF
    pr.add("a:buClr").add("a:srgbClr").attr("val", link_color_);
    pr.add("a:buFontTx");
    pr.add("a:buChar").attr("char", para.checked ? "\u2611" : "\u2610");
  } else if (marked) {
    pr.add("a:buClr").add("a:srgbClr").attr("val", link_color_);
    pr.add("a:buFont").attr("typeface", "Arial");
    if (para.kind == TextPara::Kind::bullet) {
      pr.add("a:buChar").attr("char", kBullets[para.level % 3]);
    } else {
      pr.add("a:buAutoNum").attr("type", kNumberings[para.level % 3]).attr("startAt", std::max(1, para.number));
    }
  } else {
    pr.add("a:buNone");
  }
  RunLook look{own_size, para.kind == TextPara::Kind::heading, para.kind == TextPara::Kind::quote,
               para.kind == TextPara::Kind::quote ? kQuoteGray : color, &fonts_.body};
  if (para.kind == TextPara::Kind::code) look.font = &fonts_.mono;
  if (!para.text.empty()) write_run(paragraph, para.text, 0, look, {});
  if (para.inlines) write_runs(paragraph, *para.inlines, look, links);
  run_properties(paragraph, "a:endParaRPr", 0, look, {});
}

void TextWriter::write_body(Node text_body, const std::vector<TextPara>& paragraphs, double size,
                            const std::string& color, LinkRegistry& links) {
  for (std::size_t i = 0; i < paragraphs.size(); ++i) write_paragraph(text_body, paragraphs[i], i == 0, size, color, links);
  if (paragraphs.empty()) text_body.add("a:p");
}

void TextWriter::write_plain(Node text_body, const std::string& text, double size, const std::string& color,
                             Edge align) {
  Node paragraph = text_body.add("a:p");
  paragraph_properties(paragraph, align);
  const RunLook look{size, false, false, color, &fonts_.body};
  write_run(paragraph, text, 0, look, {});
  run_properties(paragraph, "a:endParaRPr", 0, look, {});
}

void TextWriter::write_cell(Node cell, const doc::Inlines* inlines, doc::Align align, double size, bool header,
                            const std::string& color, LinkRegistry& links) {
  Node body = cell.add("a:txBody");
  body.add("a:bodyPr");
  body.add("a:lstStyle");
  Node paragraph = body.add("a:p");
  paragraph_properties(paragraph, align == doc::Align::right    ? Edge::end
                                  : align == doc::Align::center ? Edge::center
                                                                : Edge::start);
  const RunLook look{size, header, false, color, &fonts_.body};
  if (inlines) write_runs(paragraph, *inlines, look, links);
  run_properties(paragraph, "a:endParaRPr", 0, look, {});
}

}  // namespace s2d::office::pptx
