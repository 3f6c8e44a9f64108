#include "renderers/document/table_measure.hpp"

#include "renderers/text/sanitize.hpp"

#include <pango/pangocairo.h>

#include <algorithm>
#include <cctype>

namespace s2d::doc {
namespace {

constexpr double kHyphenatedPiece = kShortestHyphenatedWord / 2.0;  // characters: the shortest piece of a broken word
constexpr double kCodeScale = 0.9;  // inline code, as the PDF sets it

double points(int pango_units) { return pango_units / static_cast<double>(PANGO_SCALE); }

std::size_t characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\n");
  return text.substr(first, last - first + 1);
}

void insert(PangoAttrList* list, PangoAttribute* attribute, guint start, guint end) {
  attribute->start_index = start;
  attribute->end_index = end;
  pango_attr_list_insert(list, attribute);
}

// Letters, digits and these marks offer Pango no line break between them
// (Unicode line breaking classes AL, NU, IS, PR, PO, QU), so such a piece
// needs no attribute to stay whole.
bool unbreakable_already(std::string_view piece) {
  return std::all_of(piece.begin(), piece.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view(".,:;%$+'#&*").find(c) != std::string_view::npos;
  });
}

// Chinese, Japanese and Korean characters (shown twice as wide as Latin ones).
bool has_wide_character(std::string_view piece) {
  for (std::size_t i = 0; i < piece.size();) {
    std::size_t length = 1;
    while (i + length < piece.size() && (static_cast<unsigned char>(piece[i + length]) & 0xC0) == 0x80) ++length;
    if (text::display_width(piece.substr(i, length)) == 2) return true;
    i += length;
  }
  return false;
}

}  // namespace

void keep_pieces_whole(PangoAttrList* attributes, std::string_view text, bool header) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text.compare(end, 3, "\u2028") != 0) ++end;
    const std::string_view piece = text.substr(start, end - start);
    // A header keeps its words whole, but a run of Chinese or Japanese may still wrap between characters.
    const bool keep = header ? !has_wide_character(piece) : never_broken(piece);
    if (piece.size() > 1 && !unbreakable_already(piece) && keep) {
      // From the second character on: a break before the first one (after the space) stays allowed.
      std::size_t second = 1;
      while (second < piece.size() && (static_cast<unsigned char>(piece[second]) & 0xC0) == 0x80) ++second;
      if (second < piece.size())
        insert(attributes, pango_attr_allow_breaks_new(FALSE), static_cast<guint>(start + second),
               static_cast<guint>(end));
    }
    start = end < text.size() && text[end] != ' ' && text[end] != '\t' ? end + 3 : end + 1;
  }
}

double unwrapped_width(PangoLayout* layout) {
  pango_layout_set_width(layout, -1);
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return points(logical.width) + kMeasureSlack;
}

ColumnContent measure_cell(PangoLayout* layout, bool header) {
  ColumnContent cell;
  cell.max = unwrapped_width(layout);
  PangoRectangle logical;
  // One Pango unit of width puts each piece between break opportunities on
  // a line of its own; Pango does not break inside them at PANGO_WRAP_WORD.
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
  pango_layout_set_width(layout, 1);
  const char* text = pango_layout_get_text(layout);
  PangoLayoutIter* iter = pango_layout_get_iter(layout);
  do {
    PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter);
    pango_layout_iter_get_line_extents(iter, nullptr, &logical);
    const double width = points(logical.width) + kMeasureSlack;
    const std::string_view piece = trimmed(std::string_view(text + line->start_index, static_cast<std::size_t>(line->length)));
    cell.min = std::max(cell.min, width);
    const bool whole = header || never_broken(piece);
    const double shortest = whole ? width : width * std::min(1.0, kHyphenatedPiece / static_cast<double>(characters(piece)));
    cell.min_hyphenated = std::max(cell.min_hyphenated, shortest);
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
  pango_layout_set_width(layout, -1);
  cell.max = std::max(cell.max, cell.min);
  return cell;
}

TableMeasurer::TableMeasurer(const Fonts& fonts, const std::string& locale)
    : context_(pango_font_map_create_context(pango_cairo_font_map_get_default())),
      body_family_(fonts.body),
      mono_family_(fonts.mono) {
  pango_cairo_context_set_resolution(context_, 72);  // sizes in points, as in the PDF
  pango_context_set_round_glyph_positions(context_, FALSE);
  if (!locale.empty()) pango_context_set_language(context_, pango_language_from_string(locale.c_str()));
}

TableMeasurer::~TableMeasurer() { g_object_unref(context_); }

template <typename Visit>
void TableMeasurer::each_cell(const Block& table, double size_pt, Visit visit) {
  const std::size_t columns = column_count(table);
  PangoLayout* layout = pango_layout_new(context_);
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, body_family_.c_str());
  pango_font_description_set_size(font, static_cast<gint>(size_pt * PANGO_SCALE));
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    pango_font_description_set_weight(font, r == 0 ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    for (std::size_t c = 0; c < table.rows[r].size() && c < columns; ++c) {
      std::string text;
      PangoAttrList* attributes = pango_attr_list_new();
      for (const auto& run : table.rows[r][c].inlines) {
        const auto start = static_cast<guint>(text.size());
        text += run.kind == Inline::Kind::text ? text::clean(run.text) : (run.kind == Inline::Kind::line_break ? "\u2028" : " ");
        const auto end = static_cast<guint>(text.size());
        if (run.style & bold) insert(attributes, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
        if (run.style & italic) insert(attributes, pango_attr_style_new(PANGO_STYLE_ITALIC), start, end);
        if (run.style & code) {
          insert(attributes, pango_attr_family_new(mono_family_.c_str()), start, end);
          insert(attributes, pango_attr_size_new(static_cast<int>(size_pt * kCodeScale * PANGO_SCALE)), start, end);
        }
      }
      keep_pieces_whole(attributes, text, r == 0);
      pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
      pango_layout_set_attributes(layout, attributes);
      pango_attr_list_unref(attributes);
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
      pango_layout_set_width(layout, -1);
      visit(layout, r, c);
    }
  }
  pango_font_description_free(font);
  g_object_unref(layout);
}

std::vector<ColumnContent> TableMeasurer::maximums(const Block& table, double size_pt) {
  std::vector<ColumnContent> columns(column_count(table));
  each_cell(table, size_pt, [&columns](PangoLayout* layout, std::size_t, std::size_t c) {
    columns[c].max = std::max(columns[c].max, unwrapped_width(layout));
  });
  return columns;
}

void TableMeasurer::measure(const Block& table, double size_pt, std::vector<ColumnContent>* columns) {
  columns->resize(column_count(table));
  each_cell(table, size_pt, [columns](PangoLayout* layout, std::size_t r, std::size_t c) {
    include_cell(&(*columns)[c], measure_cell(layout, r == 0));
  });
}

TableFit fit_table(TableMeasurer& measurer, const Block& table, double size_pt, double available, double padding) {
  return fit_columns(measurer.maximums(table, size_pt), table.column_widths, available, padding,
                     [&](std::vector<ColumnContent>* columns) { measurer.measure(table, size_pt, columns); });
}

}  // namespace s2d::doc
