// Blocks -> flow items. Spacing collapses like CSS margins (the larger of
// "after" and "before" wins); keep rules become unbreakable gaps.

#include "renderers/pdf/layout.hpp"

#include "renderers/document/table_measure.hpp"
#include "renderers/chart/cairo_draw.hpp"
#include "renderers/chart/scene_maker.hpp"
#include "renderers/document/units.hpp"
#include "renderers/text/direction.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>

namespace s2d::pdf {
namespace {

constexpr double kPixelsToPoints = 0.75;  // images without a width are placed at 96 dpi
constexpr double kLogoMaxHeightMm = 18, kLogoMaxWidthMm = 70;
constexpr double kCellPaddingX = 6, kCellPaddingY = 3.5;
constexpr double kMinTextWidth = 72;  // one inch: the narrowest a nested block gets

// Where a block goes across the page: its physical left edge and width.
struct Frame {
  double x = 0, width = 0;
  bool tight = false;  // inside a list: paragraphs sit closer
  bool muted = false;  // inside a quote
  int list_depth = 0;
};

std::string plain_text(const doc::Inlines& inlines) {
  std::string text;
  for (const auto& run : inlines) text += run.kind == doc::Inline::Kind::text ? run.text : " ";
  return text;
}

class FlowBuilder {
 public:
  FlowBuilder(const doc::Document& document, const Styles& styles, const PageGeometry& page, TextFactory& text,
              ImageCache& images)
      : styles_(styles),
        page_(page),
        text_(text),
        images_(images),
        rtl_(s2d::text::is_right_to_left(document.locale)),
        size_(document.fonts.size_pt),
        charts_(document) {}

  void logo(const doc::Image& image) {
    cairo_surface_t* surface = images_.surface(image);
    if (!surface) return;
    double height = std::min(kLogoMaxHeightMm * doc::kPointsPerMm, image.pixel_height * kPixelsToPoints);
    double width = height * image.pixel_width / image.pixel_height;
    if (width > kLogoMaxWidthMm * doc::kPointsPerMm) {
      width = kLogoMaxWidthMm * doc::kPointsPerMm;
      height = width * image.pixel_height / image.pixel_width;
    }
    // The logo sits at the end edge (right in left-to-right documents), like letterhead.
    double x = rtl_ ? page_.margin_left : page_.margin_left + page_.body_width() - width;
    push_box(height, height, [surface, x, width, height](cairo_t* cr, double top) {
      paint_image(cr, surface, x, top, width, height);
    });
    space(size_);
  }

  void blocks(const doc::Blocks& blocks, const Frame& frame) {
    for (const auto& block : blocks) this->block(block, frame);
  }

  std::vector<FlowItem> take() { return std::move(flow_); }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  // ------------------------------------------------------------ flow state

  void space(double height) { pending_space_ = std::max(pending_space_, height); }
  void keep_with_next() { pending_breakable_ = false; }

  void push_box(double height, double baseline, DrawBox draw, int table = -1, bool table_header = false) {
    if (has_content_) {
      FlowItem gap;
      gap.kind = FlowItem::Kind::gap;
      gap.height = pending_space_;
      bool inside_keep = !keep_stack_.empty() && !last_keep_stack_.empty() && keep_stack_[0] == last_keep_stack_[0];
      gap.breakable = pending_breakable_ && !inside_keep;
      flow_.push_back(std::move(gap));
    }
    for (auto& group : pending_groups_) flow_.push_back(std::move(group));
    pending_groups_.clear();
    FlowItem box;
    box.kind = FlowItem::Kind::box;
    box.height = height;
    box.table = table;
    box.table_header = table_header;
    if (pending_marker_) {
      box.draw = [draw = std::move(draw), marker = std::move(pending_marker_), baseline](cairo_t* cr, double top) {
        draw(cr, top);
        marker(cr, top + baseline);
      };
      pending_marker_ = nullptr;
    } else {
      box.draw = std::move(draw);
    }
    if (pending_bookmark_) {
      box.has_bookmark = true;
      box.bookmark = *pending_bookmark_;
      pending_bookmark_.reset();
    }
    flow_.push_back(std::move(box));
    has_content_ = true;
    pending_space_ = 0;
    pending_breakable_ = true;
    last_keep_stack_ = keep_stack_;
  }

  // Decorated groups open with their first box, so a page never ends with
  // an empty one.
  void begin_group(DrawDecoration decorate) {
    FlowItem group;
    group.kind = FlowItem::Kind::group_begin;
    group.decorate = std::move(decorate);
    pending_groups_.push_back(std::move(group));
  }

  void end_group() {
    if (!pending_groups_.empty()) {
      pending_groups_.pop_back();
      return;
    }
    FlowItem group;
    group.kind = FlowItem::Kind::group_end;
    flow_.push_back(std::move(group));
  }

  // The lines of `text` as boxes at `x`; a page may end between lines only
  // where `orphans` lines stay on each side.
  void lines(const TextPtr& text, double x, std::size_t orphans) {
    std::size_t count = text->lines().size();
    for (std::size_t i = 0; i < count; ++i) {
      if (i > 0 && (i < orphans || count - i < orphans)) keep_with_next();
      const TextLine& line = text->lines()[i];
      push_box(line.height, line.baseline, [text, i, x](cairo_t* cr, double top) { text->draw_line(cr, i, x, top); });
    }
  }

  // ---------------------------------------------------------------- blocks

  void block(const doc::Block& block, const Frame& frame) {
    switch (block.kind) {
      case doc::Block::Kind::heading: heading(block, frame); break;
      case doc::Block::Kind::paragraph: paragraph(block, frame); break;
      case doc::Block::Kind::list: list(block, frame); break;
      case doc::Block::Kind::table: table_block(block, frame); break;
      case doc::Block::Kind::image: image(block.image, frame); break;
      case doc::Block::Kind::code_block: code_block(block, frame); break;
      case doc::Block::Kind::quote: quote(block, frame); break;
      case doc::Block::Kind::rule: rule(frame); break;
      case doc::Block::Kind::page_break: page_break(); break;
      case doc::Block::Kind::keep_together: keep_together(block, frame); break;
      case doc::Block::Kind::notes: break;  // speaker notes belong to slides
      case doc::Block::Kind::chart: chart(block, frame); break;
    }
  }

  // The frame inside an indent at the start edge. Deep nesting stops
  // indenting once the text would get narrower than kMinTextWidth.
  Frame indented(const Frame& frame, double indent) const {
    indent = std::clamp(frame.width - kMinTextWidth, 0.0, indent);
    Frame inner = frame;
    inner.width = frame.width - indent;
    inner.x = rtl_ ? frame.x : frame.x + indent;
    return inner;
  }

  TextStyle body_style(const Frame& frame) const {
    TextStyle style = styles_.body;
    if (frame.muted) {
      style.color = styles_.muted;
      style.italic = true;
    }
    return style;
  }

  void heading(const doc::Block& block, const Frame& frame) {
    TextStyle style = styles_.heading(block.level);
    static constexpr double before[] = {0, 1.6, 1.45, 1.2, 1.0, 1.0, 1.0};
    int level = std::clamp(block.level, 1, 6);
    space(size_ * before[level]);
    TextPtr text = text_.make(block.inlines, style, frame.width);
    pending_bookmark_ = Bookmark{level, plain_text(block.inlines)};
    lines(text, frame.x, text->lines().size());
    if (level == 1) {
      // A hairline under the title, kept with it.
      keep_with_next();
      Rgb color = styles_.rule;
      double x = frame.x, width = frame.width;
      space(size_ * 0.15);
      push_box(1, 0, [x, width, color](cairo_t* cr, double top) {
        set_source(cr, color);
        cairo_rectangle(cr, x, top, width, 0.8);
        cairo_fill(cr);
      });
    }
    keep_with_next();
    space(size_ * (level == 1 ? 0.8 : 0.45));
  }

  void paragraph(const doc::Block& block, const Frame& frame) {
    TextPtr text = text_.make(block.inlines, body_style(frame), frame.width);
    lines(text, frame.x, 2);
    space(size_ * (frame.tight ? 0.35 : 0.75));
  }

  void list(const doc::Block& block, const Frame& frame) {
    space(size_ * (frame.tight ? 0.35 : 0.75));
    TextStyle marker_style = body_style(frame);
    marker_style.single_line = true;
    std::vector<TextPtr> markers;
    double widest = 0;
    for (std::size_t i = 0; i < block.items.size(); ++i) {
      markers.push_back(text_.make_plain(marker_text(block, i, frame.list_depth), marker_style, -1));
      widest = std::max(widest, markers.back()->natural_width());
    }
    double gutter = std::max(size_ * 1.7, widest + size_ * 0.6);
    Frame inner = indented(frame, gutter);
    inner.tight = true;
    inner.list_depth = frame.list_depth + 1;
    for (std::size_t i = 0; i < block.items.size(); ++i) {
      TextPtr marker = markers[i];
      const TextLine& line = marker->lines().front();
      // The marker ends a little before the text (starts after it, right to left).
      double marker_x = rtl_ ? inner.x + inner.width + size_ * 0.5 - line.x
                             : inner.x - size_ * 0.5 - line.width - line.x;
      // An item that opens with a nested list draws both markers on its first line.
      pending_marker_ = [outer = std::move(pending_marker_), marker, marker_x](cairo_t* cr, double baseline) {
        if (outer) outer(cr, baseline);
        marker->draw_line(cr, 0, marker_x, baseline - marker->lines().front().baseline);
      };
      if (block.items[i].blocks.empty()) {
        TextPtr empty = text_.make_plain(" ", body_style(frame), inner.width);
        lines(empty, inner.x, 1);
      }
      blocks(block.items[i].blocks, inner);
      pending_marker_ = nullptr;
      space(size_ * 0.35);
    }
    space(size_ * (frame.tight ? 0.35 : 0.75));
  }

  static std::string marker_text(const doc::Block& list, std::size_t index, int depth) {
    const auto& item = list.items[index];
    if (item.task_checked) return *item.task_checked ? "\u2611" : "\u2610";
    if (list.ordered) return std::to_string(static_cast<long long>(list.start) + static_cast<long long>(index)) + ".";
    static const char* bullets[] = {"\u2022", "\u25e6", "\u25aa"};
    return bullets[std::min(depth, 2)];
  }

  void rule(const Frame& frame) {
    space(size_ * 0.9);
    Rgb color = styles_.rule;
    double x = frame.x, width = frame.width;
    push_box(1, 0, [x, width, color](cairo_t* cr, double top) {
      set_source(cr, color);
      cairo_rectangle(cr, x, top, width, 0.75);
      cairo_fill(cr);
    });
    space(size_ * 0.9);
  }

  void page_break(bool landscape = false) {
    FlowItem item;
    item.kind = FlowItem::Kind::page_break;
    item.landscape = landscape;
    flow_.push_back(std::move(item));
    pending_space_ = 0;
  }

  void keep_together(const doc::Block& block, const Frame& frame) {
    keep_stack_.push_back(next_keep_id_++);
    blocks(block.children, frame);
    keep_stack_.pop_back();
  }

  void quote(const doc::Block& block, const Frame& frame) {
    space(size_ * 0.75);
    double bar_width = 2.5, indent = size_ * 1.2;
    double bar_x = rtl_ ? frame.x + frame.width - bar_width : frame.x;
    Rgb color = styles_.rule;
    begin_group([bar_x, bar_width, color](cairo_t* cr, double top, double bottom) {
      set_source(cr, color);
      cairo_rectangle(cr, bar_x, top, bar_width, bottom - top);
      cairo_fill(cr);
    });
    Frame inner = indented(frame, indent);
    inner.muted = true;
    blocks(block.children, inner);
    end_group();
    space(size_ * 0.75);
  }

  void code_block(const doc::Block& block, const Frame& frame) {
    double padding = size_ * 0.7;
    space(size_ * 0.75);
    Rgb background = styles_.code_bg;
    double x = frame.x, width = frame.width;
    begin_group([x, width, background](cairo_t* cr, double top, double bottom) {
      set_source(cr, background);
      cairo_rectangle(cr, x, top, width, bottom - top);
      cairo_fill(cr);
    });
    push_box(padding, 0, [](cairo_t*, double) {});
    keep_with_next();
    TextPtr text = text_.make_plain(block.text, styles_.code, frame.width - 2 * padding);
    lines(text, frame.x + padding, 2);
    keep_with_next();
    push_box(padding, 0, [](cairo_t*, double) {});
    end_group();
    space(size_ * 0.75);
  }

  void image(const doc::Image& image, const Frame& frame) {
    cairo_surface_t* surface = images_.surface(image);
    if (!surface) return;
    double width = image.pixel_width * kPixelsToPoints;
    if (image.width_mm) width = *image.width_mm * doc::kPointsPerMm;
    if (image.width_percent) width = frame.width * *image.width_percent / 100.0;
    width = std::min(width, frame.width);
    double height = width * image.pixel_height / image.pixel_width;
    double max_height = page_.body_height() * 0.9;
    if (height > max_height) {
      height = max_height;
      width = height * image.pixel_width / image.pixel_height;
    }
    double x = rtl_ ? frame.x + frame.width - width : frame.x;
    space(size_ * 0.5);
    push_box(height, std::min(height, size_), [surface, x, width, height](cairo_t* cr, double top) {
      paint_image(cr, surface, x, top, width, height);
    });
    space(size_ * 0.9);
  }

  // A chart is one box, drawn as vector shapes and text (never split).
  void chart(const doc::Block& block, const Frame& frame) {
    if (!block.chart) return;
    std::shared_ptr<const chart::Scene> scene = charts_.make(*block.chart, frame.width, page_.body_height() * 0.9);
    const double x = rtl_ ? frame.x + frame.width - scene->width : frame.x;
    space(size_ * 0.5);
    push_box(scene->height, std::min(scene->height, size_),
             [scene, x](cairo_t* cr, double top) { chart::draw(cr, *scene, x, top); });
    space(size_ * 0.9);
  }

  // ----------------------------------------------------------------- tables

  struct Cell {
    TextPtr text;
    double x = 0, width = 0;  // the cell's box, padding included
    double padding = kCellPaddingX;  // at each side; smaller in a table set smaller
  };

  // A row's share of one page: lines [first, last) of each cell.
  struct RowSlice {
    std::vector<std::pair<std::size_t, std::size_t>> lines;
    double height = 0;
  };

  // A table that asks for landscape gets pages of its own turned on their
  // side (at the top level of a portrait document; elsewhere it stays in place).
  void table_block(const doc::Block& block, const Frame& frame) {
    const PageGeometry turned = landscape_of(page_);
    const bool top_level = frame.x == page_.margin_left && frame.width == page_.body_width() && !frame.muted;
    if (!block.landscape || !top_level || turned.width == page_.width) {
      table(block, frame, page_.body_height());
      return;
    }
    page_break(true);
    table(block, Frame{turned.margin_left, turned.body_width()}, turned.body_height());
    page_break(false);
  }

  void table(const doc::Block& block, const Frame& frame, double page_body_height) {
    std::size_t columns = block.align.size();
    if (columns == 0 || block.rows.empty()) return;
    int id = next_table_id_++;
    std::vector<std::vector<Cell>> rows = table_cells(block, columns, 1.0);
    doc::TableFit fit = fit_cells(block, rows, frame.width);
    if (fit.font_scale < 1) rows = table_cells(block, columns, fit.font_scale);
    std::string warning = doc::fit_warning(block, id + 1, fit);
    if (!warning.empty()) warnings_.push_back(std::move(warning));
    // Pieces measured to fit never wrap inside; only tables that must break words wrap at characters.
    PangoWrapMode wrap = fit.hyphenate || fit.overfull ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD;
    for (auto& row : rows) {
      double start = 0;
      for (std::size_t c = 0; c < columns; ++c) {
        row[c].width = fit.widths[c];
        row[c].x = rtl_ ? frame.x + frame.width - start - fit.widths[c] : frame.x + start;
        start += fit.widths[c];
        row[c].padding = kCellPaddingX * fit.font_scale;
        row[c].text->set_wrap(wrap);
        row[c].text->fit(fit.widths[c] - 2 * row[c].padding);
      }
    }
    space(size_ * 0.75);
    double header_height = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::vector<RowSlice> slices = slice_row(rows[r], page_body_height - header_height);
      if (r == 0) header_height = slices.front().height;
      for (std::size_t s = 0; s < slices.size(); ++s) {
        auto draw = row_drawer(rows[r], slices[s], r, r + 1 == rows.size() && s + 1 == slices.size(), frame);
        double baseline = kCellPaddingY + rows[r][0].text->lines()[0].baseline;
        push_box(slices[s].height, baseline, std::move(draw), id, r == 0);
        if (r == 0) keep_with_next();  // the header row never ends a page
      }
    }
    space(size_ * 0.9);
  }

  // The column widths for cells shaped unwrapped; their minimums are
  // measured only when their natural widths do not fit.
  static doc::TableFit fit_cells(const doc::Block& block, std::vector<std::vector<Cell>>& rows, double width) {
    std::vector<doc::ColumnContent> content(rows.front().size());
    for (const auto& row : rows)
      for (std::size_t c = 0; c < content.size(); ++c)
        content[c].max = std::max(content[c].max, row[c].text->natural_width() + doc::kMeasureSlack);
    return doc::fit_columns(content, block.column_widths, width, 2 * kCellPaddingX,
                            [&rows](std::vector<doc::ColumnContent>* measured) {
                              for (std::size_t r = 0; r < rows.size(); ++r)
                                for (std::size_t c = 0; c < measured->size(); ++c)
                                  doc::include_cell(&(*measured)[c], rows[r][c].text->content_widths(r == 0));
                            });
  }

  // Every cell shaped unwrapped, its text at `scale` times the table's usual size.
  std::vector<std::vector<Cell>> table_cells(const doc::Block& block, std::size_t columns, double scale) {
    std::vector<std::vector<Cell>> rows;
    const doc::Inlines empty;
    for (std::size_t r = 0; r < block.rows.size(); ++r) {
      std::vector<Cell> row;
      for (std::size_t c = 0; c < columns; ++c) {
        TextStyle style = r == 0 ? styles_.table_header : styles_.table_cell;
        style.size_pt *= scale;
        style.align = alignment(block.align[c]);
        row.push_back(Cell{text_.make(c < block.rows[r].size() ? block.rows[r][c].inlines : empty, style, -1)});
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  static PangoAlignment alignment(doc::Align align) {
    switch (align) {
      case doc::Align::right: return PANGO_ALIGN_RIGHT;
      case doc::Align::center: return PANGO_ALIGN_CENTER;
      default: return PANGO_ALIGN_LEFT;
    }
  }

  // Usually one slice holding every line; a row taller than a page is cut
  // between lines into slices of at most `capacity` points.
  static std::vector<RowSlice> slice_row(const std::vector<Cell>& row, double capacity) {
    double content_capacity = std::max(capacity - 2 * kCellPaddingY, 1.0);
    std::vector<RowSlice> slices;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const auto& lines = row[c].text->lines();
      std::size_t slice = 0, first = 0;
      double used = 0;
      for (std::size_t i = 0; i <= lines.size(); ++i) {
        bool end = i == lines.size();
        if (!end && (used + lines[i].height <= content_capacity || i == first)) {
          used += lines[i].height;
          continue;
        }
        if (slices.size() <= slice) slices.resize(slice + 1, RowSlice{std::vector<std::pair<std::size_t, std::size_t>>(row.size(), {0, 0}), 0});
        slices[slice].lines[c] = {first, i};
        slices[slice].height = std::max(slices[slice].height, used);
        if (end) break;
        ++slice;
        first = i;
        used = lines[i].height;
      }
    }
    for (auto& slice : slices) slice.height += 2 * kCellPaddingY;
    return slices;
  }

  DrawBox row_drawer(const std::vector<Cell>& row, const RowSlice& slice, std::size_t index, bool last,
                     const Frame& frame) const {
    bool header = index == 0;
    bool striped = !header && index % 2 == 0;
    Rgb band = header ? styles_.table_header_bg : styles_.table_stripe_bg;
    Rgb rule = styles_.rule;
    double x = frame.x, width = frame.width;
    return [row, slice, header, striped, band, rule, last, x, width](cairo_t* cr, double top) {
      if (header || striped) {
        set_source(cr, band);
        cairo_rectangle(cr, x, top, width, slice.height);
        cairo_fill(cr);
      }
      for (std::size_t c = 0; c < row.size(); ++c) {
        double y = top + kCellPaddingY;
        for (std::size_t i = slice.lines[c].first; i < slice.lines[c].second; ++i) {
          row[c].text->draw_line(cr, i, row[c].x + row[c].padding, y);
          y += row[c].text->lines()[i].height;
        }
      }
      if (last) {
        set_source(cr, rule);
        cairo_rectangle(cr, x, top + slice.height - 0.4, width, 0.8);
        cairo_fill(cr);
      }
    };
  }

  const Styles& styles_;
  const PageGeometry& page_;
  TextFactory& text_;
  ImageCache& images_;
  bool rtl_;
  double size_;
  chart::SceneMaker charts_;

  std::vector<FlowItem> flow_;
  bool has_content_ = false;
  double pending_space_ = 0;
  bool pending_breakable_ = true;
  std::vector<FlowItem> pending_groups_;
  std::function<void(cairo_t*, double)> pending_marker_;
  std::optional<Bookmark> pending_bookmark_;
  std::vector<int> keep_stack_, last_keep_stack_;
  int next_keep_id_ = 0;
  int next_table_id_ = 0;
  std::vector<std::string> warnings_;
};

}  // namespace

PageGeometry landscape_of(const PageGeometry& page) {
  PageGeometry turned = page;
  if (page.height > page.width) std::swap(turned.width, turned.height);
  return turned;
}

PageGeometry page_geometry(const doc::PageSetup& setup) {
  PageGeometry page;
  page.width = setup.width_mm * doc::kPointsPerMm;
  page.height = setup.height_mm * doc::kPointsPerMm;
  page.margin_top = setup.margin_top_mm * doc::kPointsPerMm;
  page.margin_right = setup.margin_right_mm * doc::kPointsPerMm;
  page.margin_bottom = setup.margin_bottom_mm * doc::kPointsPerMm;
  page.margin_left = setup.margin_left_mm * doc::kPointsPerMm;
  return page;
}

Styles::Styles(const doc::Document& document) {
  const auto& fonts = document.fonts;
  body.family = fonts.body;
  body.size_pt = fonts.size_pt;
  body.color = parse_rgb(document.theme.text);
  code = body;
  code.family = fonts.mono;
  code.size_pt = fonts.size_pt * 0.88;
  code.line_height = 1.4;
  table_cell = body;
  table_cell.size_pt = fonts.size_pt * 0.95;
  table_cell.line_height = 1.35;
  table_cell.table_cell = TextStyle::Cell::body;
  table_header = table_cell;
  table_header.bold = true;
  table_header.table_cell = TextStyle::Cell::header;
  table_header.color = parse_rgb(document.theme.table_header_text);
  page_margin_text = body;
  page_margin_text.size_pt = fonts.size_pt * 0.8;
  page_margin_text.color = Rgb{0.43, 0.47, 0.51};
  page_margin_text.single_line = true;
  headings = parse_rgb(document.theme.headings);
  rule = parse_rgb(document.theme.rule);
  muted = Rgb{0.34, 0.38, 0.42};
  table_header_bg = parse_rgb(document.theme.table_header_bg);
  table_stripe_bg = parse_rgb(document.theme.table_stripe_bg);
  code_bg = Rgb{0.965, 0.973, 0.98};
  heading_family = fonts.headings;
}

TextStyle Styles::heading(int level) const {
  static constexpr double scale[] = {1, 2.0, 1.5, 1.25, 1.1, 1.0, 1.0};
  TextStyle style = body;
  style.family = heading_family;
  style.size_pt = body.size_pt * scale[std::clamp(level, 1, 6)];
  style.bold = true;
  style.color = level <= 4 ? headings : body.color;
  style.line_height = 1.25;
  return style;
}

std::vector<FlowItem> lay_out(const doc::Document& document, const Styles& styles, const PageGeometry& page,
                              TextFactory& text, ImageCache& images, std::vector<std::string>* warnings) {
  FlowBuilder builder(document, styles, page, text, images);
  if (document.logo) builder.logo(*document.logo);
  builder.blocks(document.blocks, Frame{page.margin_left, page.body_width()});
  warnings->insert(warnings->end(), builder.warnings().begin(), builder.warnings().end());
  return builder.take();
}

}  // namespace s2d::pdf
