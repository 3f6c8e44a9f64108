#include "renderers/html/html.hpp"

#include "core/crypto.hpp"
#include "renderers/document/table_measure.hpp"
#include "renderers/chart/scene_maker.hpp"
#include "renderers/chart/svg.hpp"
#include "renderers/document/units.hpp"
#include "renderers/text/direction.hpp"
#include "renderers/text/page_fields.hpp"
#include "renderers/text/sanitize.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace s2d::html {
namespace {

using doc::Block;
using Kind = doc::Block::Kind;

constexpr double kBorderPoints = 1.5;  // th, td: a 1px border on each side

void append_escaped(std::string& out, std::string_view text) {
  for (const char c : text::clean(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

std::string escaped(std::string_view text) {
  std::string out;
  append_escaped(out, text);
  return out;
}

// A CSS string literal; "<" is escaped too so nothing can close the <style>.
std::string css_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text::clean(text)) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\A ";
    } else if (c == '<') {
      out += "\\3C ";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// "#0b3d91" stays; anything that is not a hex color falls back.
std::string css_color(const std::string& color, const char* fallback) {
  const bool valid = (color.size() == 7 || color.size() == 4) && color.front() == '#' &&
                     std::all_of(color.begin() + 1, color.end(), [](unsigned char c) { return std::isxdigit(c); });
  return valid ? color : fallback;
}

std::string css_font(const std::string& family, const char* generic) { return css_string(family) + ", " + generic; }

std::string millimetres(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2fmm", value);
  return buffer;
}

std::string points(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2fpt", value);
  return buffer;
}

// CSS `content` for a running header or footer: text and page counters.
std::string running_content(const std::string& line) {
  std::string content;
  for (const auto& piece : text::split_page_fields(line)) {
    if (!content.empty()) content += ' ';
    switch (piece.kind) {
      case text::HeaderPiece::Kind::text: content += css_string(piece.text); break;
      case text::HeaderPiece::Kind::page: content += "counter(page)"; break;
      case text::HeaderPiece::Kind::pages: content += "counter(pages)"; break;
    }
  }
  return content;
}

// Page margin boxes are physical: the start part is on the right in Arabic.
const char* position_name(text::RunningPart::Position position, bool right_to_left) {
  switch (position) {
    case text::RunningPart::Position::start: return right_to_left ? "right" : "left";
    case text::RunningPart::Position::center: return "center";
    case text::RunningPart::Position::end: return right_to_left ? "left" : "right";
  }
  return "center";
}

// @top-left, @top-center, ... for the parts of a running header or footer.
void add_margin_boxes(std::string& css, const char* edge, const std::string& line, bool right_to_left) {
  for (const auto& part : text::split_running_parts(line))
    css += std::string("@") + edge + "-" + position_name(part.position, right_to_left) + "{content:" +
           running_content(part.text) + ";font-size:8pt;color:#57606a}";
}

std::string style_sheet(const doc::Document& document) {
  const auto& page = document.page;
  const auto& theme = document.theme;
  const auto& fonts = document.fonts;
  const double text_width = std::max(20.0, page.width_mm - page.margin_left_mm - page.margin_right_mm);
  std::string css;
  css += "@page{size:" + millimetres(page.width_mm) + " " + millimetres(page.height_mm) + ";margin:" +
         millimetres(page.margin_top_mm) + " " + millimetres(page.margin_right_mm) + " " +
         millimetres(page.margin_bottom_mm) + " " + millimetres(page.margin_left_mm) + ";";
  const bool right_to_left = text::is_right_to_left(document.locale);
  add_margin_boxes(css, "top", document.header, right_to_left);
  add_margin_boxes(css, "bottom", document.footer, right_to_left);
  css += "}\n";
  css += "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n";
  css += "body{margin:0 auto;padding:24px;max-width:" + millimetres(text_width) + ";font-family:" +
         css_font(fonts.body, "sans-serif") + ";font-size:" + points(fonts.size_pt) + ";line-height:1.45;color:" +
         css_color(theme.text, "#1f2328") + "}\n";
  css += "@media print{body{padding:0;max-width:none}.running{display:none}}\n";
  css += ".running{display:grid;grid-template-columns:1fr auto 1fr;gap:16px;margin-bottom:16px;font-size:8pt;"
         "color:#57606a}.running .center{text-align:center}.running .end{text-align:end}\n";
  css += "figure.chart{margin:.6em 0 1em}figure.chart svg{max-width:100%;height:auto;break-inside:avoid}\n";
  css += ".logo{text-align:end;margin:0 0 .8em}.logo img{max-height:18mm;max-width:70mm;width:auto;height:auto}\n";
  css += "h1,h2,h3,h4,h5,h6{font-family:" + css_font(fonts.headings, "sans-serif") + ";color:" +
         css_color(theme.headings, "#0b3d91") + ";line-height:1.2;margin:1.2em 0 .5em;break-after:avoid}\n";
  css += "h1{font-size:1.9em}h2{font-size:1.55em}h3{font-size:1.3em}h4{font-size:1.12em}h5{font-size:1em}"
         "h6{font-size:1em;font-style:italic}\n";
  css += "p{margin:0 0 .6em}a{color:" + css_color(theme.links, "#0b62d6") + "}\n";
  css += "code,pre{font-family:" + css_font(fonts.mono, "monospace") + ";font-size:.9em}\n";
  css += "code{background:#f3f5f8;padding:0 .2em;border-radius:3px}\n";
  css += "pre{background:#f3f5f8;padding:.6em .8em;border-radius:4px;white-space:pre-wrap;break-inside:avoid}\n";
  css += "pre code{background:none;padding:0}\n";
  css += "blockquote{margin:0 0 .6em;padding:0 1em;border-inline-start:4px solid " + css_color(theme.rule, "#c9d1dc") +
         ";color:#57606a;font-style:italic}\n";
  css += "hr{border:0;border-top:1px solid " + css_color(theme.rule, "#c9d1dc") + ";margin:1em 0}\n";
  css += "table{border-collapse:collapse;width:100%;margin:0 0 .8em}\n";
  css += "thead{display:table-header-group}tr{break-inside:avoid}\n";
  css += "th,td{border:1px solid " + css_color(theme.rule, "#c9d1dc") + ";padding:.25em .5em;vertical-align:top}\n";
  css += "th{background:" + css_color(theme.table_header_bg, "#0b3d91") + ";color:" +
         css_color(theme.table_header_text, "#ffffff") + ";text-align:start}\n";
  css += "tbody tr:nth-child(even){background:" + css_color(theme.table_stripe_bg, "#f2f5fa") + "}\n";
  css += "li.task{list-style:none}li.task input{margin-block:0;margin-inline:-1.3em .4em}\n";
  css += ".image{text-align:center}.image img{max-width:100%;height:auto}\n";
  css += ".page-break{break-after:page}.keep{break-inside:avoid}\n";
  return css;
}

std::string data_uri(const doc::Image& image) {
  const bool known = image.mime == "image/png" || image.mime == "image/jpeg";
  if (!known || image.bytes.empty()) return {};
  return "data:" + image.mime + ";base64," + crypto::base64_encode(image.bytes);
}

const char* align_style(doc::Align align) {
  switch (align) {
    case doc::Align::left: return " style=\"text-align:start\"";
    case doc::Align::center: return " style=\"text-align:center\"";
    case doc::Align::right: return " style=\"text-align:end\"";
    case doc::Align::none: break;
  }
  return "";
}

class HtmlWriter {
 public:
  explicit HtmlWriter(const doc::Document& document) : doc_(document) {}

  std::string render() {
    out_.reserve(8192);
    const std::string lang = doc_.locale.empty() ? "en" : doc_.locale;
    out_ += "<!DOCTYPE html>\n<html lang=\"" + escaped(lang) + "\"";
    if (text::is_right_to_left(lang)) out_ += " dir=\"rtl\"";
    out_ += ">\n<head>\n<meta charset=\"utf-8\">\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    if (!doc_.author.empty()) out_ += "<meta name=\"author\" content=\"" + escaped(doc_.author) + "\">\n";
    out_ += "<title>" + escaped(title()) + "</title>\n<style>\n" + style_sheet(doc_) + "</style>\n</head>\n<body>\n";
    write_running_header();
    write_blocks(doc_.blocks);
    out_ += "</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  std::string title() const {
    if (!doc_.title.empty()) return doc_.title;
    for (const auto& block : doc_.blocks)
      if (block.kind == Kind::heading) return text::plain_text(block.inlines);
    return "Document";
  }

  // On screen the header text opens the page (print has the @page margin
  // boxes instead); the logo opens the first page either way, like letterhead.
  void write_running_header() {
    const auto parts = text::split_running_parts(doc_.header);
    if (!parts.empty()) {
      static constexpr const char* kClasses[] = {"start", "center", "end"};
      std::string cells[3];
      for (const auto& part : parts) {
        for (const auto& piece : text::split_page_fields(part.text))
          if (piece.kind == text::HeaderPiece::Kind::text) cells[static_cast<int>(part.position)] += piece.text;
      }
      out_ += "<header class=\"running\">";
      for (int i = 0; i < 3; ++i) out_ += "<span class=\"" + std::string(kClasses[i]) + "\">" + escaped(cells[i]) + "</span>";
      out_ += "</header>\n";
    }
    const std::string logo = doc_.logo ? data_uri(*doc_.logo) : std::string();
    if (!logo.empty()) out_ += "<p class=\"logo\"><img src=\"" + logo + "\" alt=\"" + escaped(doc_.logo->alt) + "\"></p>\n";
  }

  void write_blocks(const doc::Blocks& blocks) {
    for (const auto& block : blocks) write_block(block);
  }

  void write_block(const Block& block) {
    switch (block.kind) {
      case Kind::heading: {
        const std::string tag = "h" + std::to_string(std::clamp(block.level, 1, 6));
        out_ += "<" + tag + ">";
        write_inlines(block.inlines);
        out_ += "</" + tag + ">\n";
        break;
      }
      case Kind::paragraph:
        out_ += "<p>";
        write_inlines(block.inlines);
        out_ += "</p>\n";
        break;
      case Kind::list: write_list(block); break;
      case Kind::table: write_table(block); break;
      case Kind::image: write_image(block.image); break;
      case Kind::code_block: write_code(block); break;
      case Kind::quote:
        out_ += "<blockquote>\n";
        write_blocks(block.children);
        out_ += "</blockquote>\n";
        break;
      case Kind::rule: out_ += "<hr>\n"; break;
      case Kind::page_break: out_ += "<div class=\"page-break\"></div>\n"; break;
      case Kind::keep_together:
        out_ += "<div class=\"keep\">\n";
        write_blocks(block.children);
        out_ += "</div>\n";
        break;
      case Kind::notes: break;  // speaker notes belong to slides only
      case Kind::chart: write_chart(block); break;
    }
  }

  // Laid out as in the PDF, at the page's text width; CSS scales it down on narrow screens.
  void write_chart(const Block& block) {
    if (!block.chart) return;
    if (!charts_) charts_ = std::make_unique<chart::SceneMaker>(doc_);
    const auto& page = doc_.page;
    const double text_width = std::max(20.0, page.width_mm - page.margin_left_mm - page.margin_right_mm);
    const double text_height = std::max(20.0, page.height_mm - page.margin_top_mm - page.margin_bottom_mm);
    const auto scene = charts_->make(*block.chart, text_width * doc::kPointsPerMm, text_height * doc::kPointsPerMm * 0.9);
    out_ += "<figure class=\"chart\">" + chart::to_svg(*scene, block.chart->title) + "</figure>\n";
  }

  void write_list(const Block& list) {
    const char* tag = list.ordered ? "ol" : "ul";
    out_ += "<";
    out_ += tag;
    if (list.ordered && list.start != 1) out_ += " start=\"" + std::to_string(list.start) + "\"";
    out_ += ">\n";
    for (const auto& item : list.items) {
      out_ += item.task_checked ? "<li class=\"task\">" : "<li>";
      if (item.task_checked)
        out_ += *item.task_checked ? "<input type=\"checkbox\" disabled checked>" : "<input type=\"checkbox\" disabled>";
      // A lone paragraph stays bare so tight lists look tight.
      if (item.blocks.size() == 1 && item.blocks[0].kind == Kind::paragraph) {
        write_inlines(item.blocks[0].inlines);
      } else {
        out_ += "\n";
        write_blocks(item.blocks);
      }
      out_ += "</li>\n";
    }
    out_ += "</";
    out_ += tag;
    out_ += ">\n";
  }

  void write_table(const Block& table) {
    if (table.rows.empty()) return;
    std::size_t columns = 0;
    for (const auto& row : table.rows) columns = std::max(columns, row.size());
    write_table_start(table);
    out_ += "<thead>\n";
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const char* cell_tag = r == 0 ? "th" : "td";
      out_ += "<tr>";
      for (std::size_t c = 0; c < columns; ++c) {
        out_ += "<";
        out_ += cell_tag;
        out_ += align_style(c < table.align.size() ? table.align[c] : doc::Align::none);
        out_ += ">";
        if (c < table.rows[r].size()) write_inlines(table.rows[r][c].inlines);
        out_ += "</";
        out_ += cell_tag;
        out_ += ">";
      }
      out_ += "</tr>\n";
      if (r == 0) out_ += "</thead>\n<tbody>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  // <table> with the PDF's column widths as shares of the table, for
  // browsers to start from, and its smaller size when the PDF sets it smaller.
  void write_table_start(const Block& table) {
    const auto& page = doc_.page;
    const double text_width = (page.width_mm - page.margin_left_mm - page.margin_right_mm) * doc::kPointsPerMm;
    const double padding = doc_.fonts.size_pt + kBorderPoints;  // .5em each side and the cell border
    const doc::TableFit fit = text_width > 0 ? doc::fit_table(measurer_, table, doc_.fonts.size_pt, text_width, padding)
                                             : doc::TableFit{};
    char number[48];
    if (fit.font_scale < 1) {
      std::snprintf(number, sizeof number, "<table style=\"font-size:%.0f%%\">\n", fit.font_scale * 100);
      out_ += number;
    } else {
      out_ += "<table>\n";
    }
    if (fit.widths.empty()) return;
    out_ += "<colgroup>";
    for (const double width : fit.widths) {
      std::snprintf(number, sizeof number, "<col style=\"width:%.1f%%\">", width * 100 / text_width);
      out_ += number;
    }
    out_ += "</colgroup>\n";
  }

  void write_image(const doc::Image& image) {
    const std::string uri = data_uri(image);
    if (uri.empty()) {
      out_ += "<p class=\"image\">[" + escaped(image.alt.empty() ? "image" : image.alt) + "]</p>\n";
      return;
    }
    std::string width;
    if (image.width_mm && *image.width_mm > 0) {
      width = " style=\"width:" + millimetres(*image.width_mm) + "\"";
    } else if (image.width_percent && *image.width_percent > 0) {
      char buffer[48];
      std::snprintf(buffer, sizeof buffer, " style=\"width:%.1f%%\"", std::min(100.0, *image.width_percent));
      width = buffer;
    }
    out_ += "<p class=\"image\"><img src=\"" + uri + "\" alt=\"" + escaped(image.alt) + "\"" + width;
    if (image.pixel_width > 0 && image.pixel_height > 0)
      out_ += " width=\"" + std::to_string(image.pixel_width) + "\" height=\"" + std::to_string(image.pixel_height) + "\"";
    out_ += "></p>\n";
  }

  void write_code(const Block& block) {
    std::string language;
    for (const char c : block.info) {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '+') {
        language += c;
      } else {
        break;
      }
    }
    out_ += "<pre><code";
    if (!language.empty()) out_ += " class=\"language-" + language + "\"";
    out_ += ">";
    append_escaped(out_, block.text);
    out_ += "</code></pre>\n";
  }

  void write_inlines(const doc::Inlines& inlines) {
    for (std::size_t i = 0; i < inlines.size();) {
      const std::string& link = inlines[i].link;
      if (link.empty() || !text::is_safe_link(link)) {
        write_inline(inlines[i++]);
        continue;
      }
      out_ += "<a href=\"" + escaped(text::uri_for_target(link)) + "\">";
      for (; i < inlines.size() && inlines[i].link == link; ++i) write_inline(inlines[i]);
      out_ += "</a>";
    }
  }

  void write_inline(const doc::Inline& run) {
    switch (run.kind) {
      case doc::Inline::Kind::soft_break: out_ += "\n"; return;
      case doc::Inline::Kind::line_break: out_ += "<br>\n"; return;
      case doc::Inline::Kind::text: break;
    }
    static constexpr std::pair<std::uint8_t, const char*> kTags[] = {
        {doc::bold, "strong"}, {doc::italic, "em"}, {doc::strike, "del"}, {doc::code, "code"}};
    for (const auto& [flag, tag] : kTags)
      if (run.style & flag) out_ += std::string("<") + tag + ">";
    append_escaped(out_, run.text);
    for (auto it = std::rbegin(kTags); it != std::rend(kTags); ++it)
      if (run.style & it->first) out_ += std::string("</") + it->second + ">";
  }

  const doc::Document& doc_;
  doc::TableMeasurer measurer_{doc_.fonts, doc_.locale};
  std::string out_;
  std::unique_ptr<chart::SceneMaker> charts_;
};

}  // namespace

std::string render_html(const doc::Document& document) { return HtmlWriter(document).render(); }

}  // namespace s2d::html
