// Pango layouts for the PDF renderer: attributes from the model's inline
// styles, line measurement, link areas and missing-glyph detection.
#include "renderers/pdf/text.hpp"

#include "renderers/document/table_measure.hpp"
#include "renderers/text/direction.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace s2d::pdf {
namespace {

constexpr double kCodeScale = 0.9;     // inline code is set a little smaller than the text around it
constexpr std::size_t kMaxGlyphWarnings = 20;

struct LinkRange {
  guint start = 0, end = 0;
  std::string uri;
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

guint16 channel16(double value) { return static_cast<guint16>(std::clamp(value, 0.0, 1.0) * 65535.0); }

void insert(PangoAttrList* list, PangoAttribute* attribute, guint start, guint end) {
  attribute->start_index = start;
  attribute->end_index = end;
  pango_attr_list_insert(list, attribute);
}

// Pango needs valid UTF-8 without NUL bytes; anything else becomes U+FFFD.
std::string valid_utf8(std::string text) {
  std::string without_nul;
  without_nul.reserve(text.size());
  for (char c : text) {
    if (c == '\0')
      without_nul += "\xEF\xBF\xBD";
    else
      without_nul += c;
  }
  if (g_utf8_validate(without_nul.data(), static_cast<gssize>(without_nul.size()), nullptr)) return without_nul;
  gchar* repaired = g_utf8_make_valid(without_nul.data(), static_cast<gssize>(without_nul.size()));
  std::string out(repaired);
  g_free(repaired);
  return out;
}

std::string first_family(const std::string& families) {
  std::string name = families.substr(0, families.find(','));
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
  name.erase(0, std::min(name.find_first_not_of(" \t"), name.size()));
  return name;
}

bool same_family(std::string a, std::string b) {
  auto lower = [](std::string& s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  };
  lower(a);
  lower(b);
  return a == b;
}

bool is_arabic_script(gunichar c) {
  return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) || (c >= 0x08A0 && c <= 0x08FF) ||
         (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

// DejaVu covers Arabic with basic glyphs whose spacing also confuses text
// extraction; where a DejaVu family is chosen, Arabic runs are set in Noto
// Sans Arabic (Debian's fonts-noto-core) instead.
void prefer_noto_for_arabic(const std::string& text, const TextStyle& style, PangoAttrList* attributes) {
  if (first_family(style.family).rfind("DejaVu", 0) != 0) return;
  const char* begin = text.c_str();
  const char* run_start = nullptr;
  for (const char* p = begin;; p = g_utf8_next_char(p)) {
    bool arabic = *p && is_arabic_script(g_utf8_get_char(p));
    bool space_inside_run = run_start && *p == ' ';
    if (arabic && !run_start) run_start = p;
    if (!arabic && !space_inside_run && run_start) {
      PangoAttribute* family = pango_attr_family_new("Noto Sans Arabic");
      family->start_index = static_cast<guint>(run_start - begin);
      family->end_index = static_cast<guint>(p - begin);
      pango_attr_list_insert(attributes, family);
      run_start = nullptr;
    }
    if (!*p) break;
  }
}

PangoFontDescription* describe(const TextStyle& style) {
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, style.family.c_str());
  pango_font_description_set_size(font, static_cast<gint>(style.size_pt * PANGO_SCALE));
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  return font;
}

}  // namespace

Rgb parse_rgb(const std::string& hex) {
  if (hex.size() != 7 || hex[0] != '#') return {};
  double channels[3];
  for (int i = 0; i < 3; ++i) {
    int high = hex_digit(hex[1 + 2 * i]), low = hex_digit(hex[2 + 2 * i]);
    if (high < 0 || low < 0) return {};
    channels[i] = (high * 16 + low) / 255.0;
  }
  return {channels[0], channels[1], channels[2]};
}

void set_source(cairo_t* cr, const Rgb& color) { cairo_set_source_rgb(cr, color.r, color.g, color.b); }

// ---------------------------------------------------------------- TextBlock

TextBlock::TextBlock(PangoLayout* layout, const TextStyle& style)
    : layout_(layout), min_line_pitch_(style.size_pt * style.line_height) {}

TextBlock::~TextBlock() { g_object_unref(layout_); }

void TextBlock::set_width(double width) {
  pango_layout_set_wrap(layout_, wrap_);
  pango_layout_set_width(layout_, width < 0 ? -1 : static_cast<int>(width * PANGO_SCALE));
  measure();
}

void TextBlock::fit(double width) {
  double natural = natural_width();
  if (natural > width + 0.01) {
    set_width(width);
    return;
  }
  double shift = 0;
  switch (pango_layout_get_alignment(layout_)) {
    case PANGO_ALIGN_RIGHT: shift = width - natural; break;
    case PANGO_ALIGN_CENTER: shift = (width - natural) / 2; break;
    default: break;
  }
  for (auto& line : lines_) line.x += shift;
}

double TextBlock::natural_width() const {
  double widest = 0;
  for (const auto& line : lines_) widest = std::max(widest, line.width);
  return widest;
}

doc::ColumnContent TextBlock::content_widths(bool header) {
  doc::ColumnContent content = doc::measure_cell(layout_, header);
  set_width(-1);
  return content;
}

double TextBlock::height() const { return height_of(0, lines_.size()); }

double TextBlock::height_of(std::size_t first, std::size_t last) const {
  double total = 0;
  for (std::size_t i = first; i < last && i < lines_.size(); ++i) total += lines_[i].height;
  return total;
}

void TextBlock::measure() {
  lines_.clear();
  layout_lines_.clear();
  const auto* ranges = static_cast<const std::vector<LinkRange>*>(g_object_get_data(G_OBJECT(layout_), "s2d-links"));
  PangoLayoutIter* iter = pango_layout_get_iter(layout_);
  do {
    PangoLayoutLine* layout_line = pango_layout_iter_get_line_readonly(iter);
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter, nullptr, &logical);
    double ascent = (pango_layout_iter_get_baseline(iter) - logical.y) / static_cast<double>(PANGO_SCALE);
    double natural = logical.height / static_cast<double>(PANGO_SCALE);
    TextLine line;
    line.x = logical.x / static_cast<double>(PANGO_SCALE);
    line.width = logical.width / static_cast<double>(PANGO_SCALE);
    line.height = std::max(min_line_pitch_, natural);
    line.baseline = (line.height - natural) / 2 + ascent;
    if (ranges && !ranges->empty()) {
      double x = 0;
      for (GSList* node = layout_line->runs; node; node = node->next) {
        auto* run = static_cast<PangoGlyphItem*>(node->data);
        double run_width = pango_glyph_string_get_width(run->glyphs) / static_cast<double>(PANGO_SCALE);
        for (const auto& range : *ranges) {
          auto offset = static_cast<guint>(run->item->offset);
          if (offset < range.start || offset >= range.end) continue;
          if (!line.links.empty() && line.links.back().uri == range.uri &&
              std::abs(line.links.back().x + line.links.back().width - x) < 0.01)
            line.links.back().width += run_width;
          else
            line.links.push_back(LinkSpan{x, run_width, range.uri});
        }
        x += run_width;
      }
    }
    lines_.push_back(std::move(line));
    layout_lines_.push_back(layout_line);
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
}

void TextBlock::draw_line(cairo_t* cr, std::size_t index, double x, double top) const {
  const TextLine& line = lines_[index];
  cairo_move_to(cr, x + line.x, top + line.baseline);
  pango_cairo_show_layout_line(cr, layout_lines_[index]);
  for (const auto& link : line.links) {
    std::string uri;
    for (char c : link.uri) {
      if (c == '\'' || c == '\\') uri += '\\';
      uri += c;
    }
    char rect[160];
    std::snprintf(rect, sizeof rect, "rect=[%.2f %.2f %.2f %.2f] uri='", x + line.x + link.x, top, link.width,
                  line.height);
    cairo_tag_begin(cr, CAIRO_TAG_LINK, (rect + uri + "'").c_str());
    cairo_tag_end(cr, CAIRO_TAG_LINK);
  }
}

// -------------------------------------------------------------- TextFactory

TextFactory::TextFactory(cairo_t* cr, const doc::Document& document)
    : context_(pango_cairo_create_context(cr)),
      mono_family_(document.fonts.mono),
      rtl_(s2d::text::is_right_to_left(document.locale)),
      link_color_(parse_rgb(document.theme.links)) {
  // The PDF's user unit is the point: 72 per inch.
  pango_cairo_context_set_resolution(context_, 72);
  pango_context_set_round_glyph_positions(context_, FALSE);
  if (!document.locale.empty()) pango_context_set_language(context_, pango_language_from_string(document.locale.c_str()));
  pango_context_set_base_dir(context_, rtl_ ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
  for (const std::string* family : {&document.fonts.body, &document.fonts.headings, &document.fonts.mono})
    check_family(*family);
}

TextFactory::~TextFactory() { g_object_unref(context_); }

void TextFactory::check_family(const std::string& families) {
  std::string wanted = first_family(families);
  PangoFontDescription* description = pango_font_description_new();
  pango_font_description_set_family(description, wanted.c_str());
  pango_font_description_set_size(description, 10 * PANGO_SCALE);
  PangoFont* font = pango_context_load_font(context_, description);
  pango_font_description_free(description);
  if (!font) return;
  PangoFontDescription* found = pango_font_describe(font);
  std::string used = pango_font_description_get_family(found) ? pango_font_description_get_family(found) : "";
  pango_font_description_free(found);
  g_object_unref(font);
  std::string warning = "font family '" + wanted + "' is not installed; text uses '" + used + "' instead";
  if (!same_family(wanted, used) &&
      std::find(family_warnings_.begin(), family_warnings_.end(), warning) == family_warnings_.end())
    family_warnings_.push_back(warning);
}

TextPtr TextFactory::make(const doc::Inlines& inlines, const TextStyle& style, double width) {
  std::string text;
  PangoAttrList* attributes = pango_attr_list_new();
  std::vector<LinkRange> links;
  for (const auto& run : inlines) {
    auto start = static_cast<guint>(text.size());
    switch (run.kind) {
      case doc::Inline::Kind::soft_break: text += ' '; break;
      case doc::Inline::Kind::line_break: text += "\u2028"; break;
      case doc::Inline::Kind::text: text += valid_utf8(run.text); break;
    }
    auto end = static_cast<guint>(text.size());
    if (start == end) continue;
    if (run.style & doc::bold) insert(attributes, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
    if (run.style & doc::italic) insert(attributes, pango_attr_style_new(PANGO_STYLE_ITALIC), start, end);
    if (run.style & doc::strike) insert(attributes, pango_attr_strikethrough_new(TRUE), start, end);
    if (run.style & doc::code) {
      insert(attributes, pango_attr_family_new(mono_family_.c_str()), start, end);
      insert(attributes, pango_attr_size_new(static_cast<int>(style.size_pt * kCodeScale * PANGO_SCALE)), start, end);
      insert(attributes, pango_attr_background_new(0xeeee, 0xf0f0, 0xf3f3), start, end);
    }
    if (!run.link.empty()) {
      insert(attributes,
             pango_attr_foreground_new(channel16(link_color_.r), channel16(link_color_.g), channel16(link_color_.b)),
             start, end);
      insert(attributes, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start, end);
      if (!links.empty() && links.back().end == start && links.back().uri == run.link)
        links.back().end = end;
      else
        links.push_back(LinkRange{start, end, run.link});
    }
  }
  PangoLayout* layout = pango_layout_new(context_);
  pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
  pango_layout_set_attributes(layout, attributes);
  pango_attr_list_unref(attributes);
  if (!links.empty())
    g_object_set_data_full(G_OBJECT(layout), "s2d-links", new std::vector<LinkRange>(std::move(links)),
                           [](gpointer data) { delete static_cast<std::vector<LinkRange>*>(data); });
  return finish(layout, style, width);
}

TextPtr TextFactory::make_plain(const std::string& text, const TextStyle& style, double width) {
  PangoLayout* layout = pango_layout_new(context_);
  std::string valid = valid_utf8(text);
  pango_layout_set_text(layout, valid.data(), static_cast<int>(valid.size()));
  return finish(layout, style, width);
}

TextPtr TextFactory::finish(PangoLayout* layout, const TextStyle& style, double width) {
  PangoFontDescription* font = describe(style);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  // Paragraphs take the document's direction (like HTML's dir attribute):
  // an Arabic phrase in an English list item stays beside its bullet. Left
  // and right mean start and end, so they swap in right-to-left documents.
  pango_layout_set_auto_dir(layout, FALSE);
  PangoAlignment align = style.align;
  if (rtl_ && align != PANGO_ALIGN_CENTER) align = align == PANGO_ALIGN_LEFT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
  pango_layout_set_alignment(layout, align);
  // The style's color is the layout's default; links and other attributes override it.
  PangoAttrList* attributes = pango_layout_get_attributes(layout);
  PangoAttrList* with_color = attributes ? pango_attr_list_copy(attributes) : pango_attr_list_new();
  PangoAttribute* color =
      pango_attr_foreground_new(channel16(style.color.r), channel16(style.color.g), channel16(style.color.b));
  color->start_index = 0;
  color->end_index = G_MAXUINT;
  pango_attr_list_insert_before(with_color, color);
  prefer_noto_for_arabic(pango_layout_get_text(layout), style, with_color);
  if (style.table_cell != TextStyle::Cell::none)
    doc::keep_pieces_whole(with_color, pango_layout_get_text(layout), style.table_cell == TextStyle::Cell::header);
  pango_layout_set_attributes(layout, with_color);
  pango_attr_list_unref(with_color);
  auto block = std::make_shared<TextBlock>(layout, style);
  block->set_width(style.single_line ? -1 : width);
  note_missing_glyphs(layout);
  return block;
}

void TextFactory::note_missing_glyphs(PangoLayout* layout) {
  for (GSList* line = pango_layout_get_lines_readonly(layout); line; line = line->next) {
    for (GSList* node = static_cast<PangoLayoutLine*>(line->data)->runs; node; node = node->next) {
      const PangoGlyphString* glyphs = static_cast<PangoGlyphItem*>(node->data)->glyphs;
      for (int i = 0; i < glyphs->num_glyphs; ++i) {
        PangoGlyph glyph = glyphs->glyphs[i].glyph;
        if (!(glyph & PANGO_GLYPH_UNKNOWN_FLAG)) continue;
        gunichar character = glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
        if (character >= 0x20 && character != 0x2028) missing_.insert(character);
      }
    }
  }
}

std::vector<std::string> TextFactory::warnings() const {
  std::vector<std::string> out = family_warnings_;
  std::size_t listed = 0;
  for (gunichar character : missing_) {
    if (listed++ == kMaxGlyphWarnings) {
      out.push_back("and " + std::to_string(missing_.size() - kMaxGlyphWarnings) +
                    " more characters that no installed font covers");
      break;
    }
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", character);
    char utf8[8] = {};
    g_unichar_to_utf8(character, utf8);
    out.push_back(std::string("no installed font has a glyph for ") + code + " '" + utf8 +
                  "': it is drawn as a box");
  }
  return out;
}

}  // namespace s2d::pdf
