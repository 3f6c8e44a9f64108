// Markdown -> document model with cmark-gfm and its core extensions.
#include "renderers/document/markdown.hpp"

#include "core/crypto.hpp"
#include "renderers/document/image_probe.hpp"
#include "renderers/document/units.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <functional>

namespace s2d::doc {
namespace {

constexpr long kMaxImagePixels = 40'000'000;  // decoding a larger image would cost too much memory

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

std::string literal(cmark_node* node) {
  const char* text = cmark_node_get_literal(node);
  return text ? text : "";
}

std::string_view type_name(cmark_node* node) {
  const char* name = cmark_node_get_type_string(node);
  return name ? name : "";
}

// A parsed cmark tree, freed with its parser.
struct CmarkDocument {
  cmark_parser* parser = nullptr;
  cmark_node* root = nullptr;
  ~CmarkDocument() {
    if (root) cmark_node_free(root);
    if (parser) cmark_parser_free(parser);
  }
};

void parse_gfm(std::string_view markdown, CmarkDocument* parsed) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  parsed->parser = cmark_parser_new(CMARK_OPT_VALIDATE_UTF8);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parsed->parser, extension);
  }
  cmark_parser_feed(parsed->parser, markdown.data(), markdown.size());
  parsed->root = cmark_parser_finish(parsed->parser);
}

// Block-level HTML comments that steer the layout.
enum class Directive { none, page_break, keep_together_begin, keep_together_end, landscape, comment };

Directive directive_of(const std::string& html) {
  std::string text = trim(html);
  if (text.size() < 7 || text.compare(0, 4, "<!--") != 0 || text.compare(text.size() - 3, 3, "-->") != 0)
    return Directive::none;
  std::string word = lower(trim(std::string_view(text).substr(4, text.size() - 7)));
  if (word == "pagebreak" || word == "page-break") return Directive::page_break;
  if (word == "keep-together") return Directive::keep_together_begin;
  if (word == "/keep-together" || word == "end keep-together") return Directive::keep_together_end;
  if (word == "landscape") return Directive::landscape;
  return Directive::comment;
}

// The inside of `{width=40mm}` or `{width=50%}`; false when it is something else.
bool parse_width_attribute(std::string_view braces_inside, ColumnWidth* width) {
  std::string inside = lower(trim(braces_inside));
  std::size_t equals = inside.find('=');
  if (equals == std::string::npos || trim(std::string_view(inside).substr(0, equals)) != "width") return false;
  std::string value = trim(std::string_view(inside).substr(equals + 1));
  double number = 0;
  if (!value.empty() && value.back() == '%') {
    if (!parse_number(std::string_view(value).substr(0, value.size() - 1), &number) || number <= 0) return false;
    width->percent = std::min(number, 100.0);
  } else {
    if (!parse_length_mm(value, &number) || number <= 0) return false;
    width->mm = number;
  }
  return true;
}

// `{width=40mm}` or `{width=50%}` right after an image.
bool take_width_attribute(std::string* text, Image* image) {
  if (text->empty() || text->front() != '{') return false;
  std::size_t close = text->find('}');
  if (close == std::string::npos || close > 40) return false;
  ColumnWidth width;
  if (!parse_width_attribute(std::string_view(*text).substr(1, close - 1), &width)) return false;
  image->width_percent = width.percent;
  image->width_mm = width.mm;
  text->erase(0, close + 1);
  return true;
}

// `{width=35%}` or `{width=40mm}` at the end of a header cell: the column's width.
ColumnWidth take_column_width(Inlines* cell) {
  ColumnWidth width;
  if (cell->empty() || cell->back().kind != Inline::Kind::text) return width;
  std::string& text = cell->back().text;
  std::size_t end = text.find_last_not_of(" \t");
  if (end == std::string::npos || text[end] != '}') return width;
  std::size_t open = text.rfind('{', end);
  if (open == std::string::npos || end - open > 40 ||
      !parse_width_attribute(std::string_view(text).substr(open + 1, end - open - 1), &width))
    return ColumnWidth{};
  text.erase(open);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
  if (text.empty()) cell->pop_back();
  return width;
}

bool is_line_break_tag(const std::string& html) {
  std::string tag = lower(html);
  tag.erase(std::remove_if(tag.begin(), tag.end(), [](unsigned char c) { return std::isspace(c); }), tag.end());
  return tag == "<br>" || tag == "<br/>";
}

class Converter {
 public:
  Converter(const ParseOptions& options, Document* document) : options_(options), document_(document) {}

  bool convert(cmark_node* root, Blocks* out, ParseError* error) {
    error_ = error;
    return blocks_of(root, out, 0);
  }

 private:
  bool too_deep(int depth) {
    if (depth <= options_.max_depth) return false;
    *error_ = ParseError{"nesting_too_deep",
                         "the document nests quotes, lists or emphasis deeper than " +
                             std::to_string(options_.max_depth) + " levels",
                         ""};
    return true;
  }

  // The children of a container, with keep-together directives turned into
  // keep_together blocks (an unclosed one ends with its container).
  bool blocks_of(cmark_node* parent, Blocks* out, int depth) {
    if (too_deep(depth)) return false;
    std::vector<Block> open_groups;
    bool landscape_next = false;  // `<!-- landscape -->` applies to the table right after it
    for (cmark_node* node = cmark_node_first_child(parent); node; node = cmark_node_next(node)) {
      if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
        Directive directive = directive_of(literal(node));
        if (directive == Directive::landscape) {
          landscape_next = true;
          continue;
        }
        if (directive == Directive::keep_together_begin) {
          open_groups.push_back(Block{});
          open_groups.back().kind = Block::Kind::keep_together;
          continue;
        }
        if (directive == Directive::keep_together_end) {
          if (!open_groups.empty()) close_group(&open_groups, out);
          continue;
        }
      }
      Blocks* target = open_groups.empty() ? out : &open_groups.back().children;
      const std::size_t before = target->size();
      if (!block(node, target, depth)) return false;
      if (landscape_next && target->size() > before && target->back().kind == Block::Kind::table)
        target->back().landscape = true;
      landscape_next = false;
    }
    while (!open_groups.empty()) close_group(&open_groups, out);
    return true;
  }

  static void close_group(std::vector<Block>* open_groups, Blocks* out) {
    Block group = std::move(open_groups->back());
    open_groups->pop_back();
    Blocks* target = open_groups->empty() ? out : &open_groups->back().children;
    target->push_back(std::move(group));
  }

  bool block(cmark_node* node, Blocks* out, int depth) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_PARAGRAPH:
        return paragraph(node, out, depth);
      case CMARK_NODE_HEADING: {
        Block heading;
        heading.kind = Block::Kind::heading;
        heading.level = std::clamp(cmark_node_get_heading_level(node), 1, 6);
        if (!inlines_of(node, plain, "", &heading.inlines, nullptr, depth)) return false;
        out->push_back(std::move(heading));
        return true;
      }
      case CMARK_NODE_LIST:
        return list(node, out, depth);
      case CMARK_NODE_CODE_BLOCK:
        return code_block(node, out, depth);
      case CMARK_NODE_HTML_BLOCK:
        return html_block(node, out);
      case CMARK_NODE_THEMATIC_BREAK: {
        Block rule;
        rule.kind = Block::Kind::rule;
        out->push_back(std::move(rule));
        return true;
      }
      case CMARK_NODE_BLOCK_QUOTE: {
        Block quote;
        quote.kind = Block::Kind::quote;
        if (!blocks_of(node, &quote.children, depth + 1)) return false;
        out->push_back(std::move(quote));
        return true;
      }
      default:
        if (type_name(node) == "table") return table(node, out, depth);
        return true;  // footnotes and other extensions are not enabled
    }
  }

  // A paragraph; images in it become image blocks between the text around them.
  bool paragraph(cmark_node* node, Blocks* out, int depth) {
    std::vector<Block> images;
    Block text;
    text.kind = Block::Kind::paragraph;
    auto flush_text = [&] {
      bool blank = std::all_of(text.inlines.begin(), text.inlines.end(), [](const Inline& run) {
        return run.kind != Inline::Kind::text || trim(run.text).empty();
      });
      if (!blank) out->push_back(std::move(text));
      text = Block{};
      text.kind = Block::Kind::paragraph;
    };
    ImageSink sink{&text.inlines, [&](Block image) {
                     flush_text();
                     out->push_back(std::move(image));
                   }};
    if (!inlines_of(node, plain, "", &text.inlines, &sink, depth)) return false;
    flush_text();
    return true;
  }

  bool list(cmark_node* node, Blocks* out, int depth) {
    Block list;
    list.kind = Block::Kind::list;
    list.ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
    list.start = list.ordered ? cmark_node_get_list_start(node) : 1;
    for (cmark_node* item = cmark_node_first_child(node); item; item = cmark_node_next(item)) {
      ListItem entry;
      if (type_name(item) == "tasklist") entry.task_checked = cmark_gfm_extensions_get_tasklist_item_checked(item);
      if (!blocks_of(item, &entry.blocks, depth + 1)) return false;
      list.items.push_back(std::move(entry));
    }
    out->push_back(std::move(list));
    return true;
  }

  bool code_block(cmark_node* node, Blocks* out, int depth) {
    std::string text = literal(node);
    if (!text.empty() && text.back() == '\n') text.pop_back();
    const char* info = cmark_node_get_fence_info(node);
    std::string language = info ? trim(info) : "";
    if (language == "notes") {
      Block notes;
      notes.kind = Block::Kind::notes;
      CmarkDocument parsed;
      parse_gfm(text, &parsed);
      if (!blocks_of(parsed.root, &notes.children, depth + 1)) return false;
      out->push_back(std::move(notes));
      return true;
    }
    if (language == "chart") {
      Block chart;
      chart.kind = Block::Kind::chart;
      chart.text = std::move(text);
      chart.first_line = cmark_node_get_start_line(node);
      chart.last_line = cmark_node_get_end_line(node);
      out->push_back(std::move(chart));
      return true;
    }
    Block code;
    code.kind = Block::Kind::code_block;
    code.text = std::move(text);
    code.info = std::move(language);
    out->push_back(std::move(code));
    return true;
  }

  // Page breaks and comments steer the layout; any other HTML is kept as
  // text so nothing the author wrote disappears.
  bool html_block(cmark_node* node, Blocks* out) {
    std::string html = literal(node);
    switch (directive_of(html)) {
      case Directive::page_break: {
        Block page_break;
        page_break.kind = Block::Kind::page_break;
        out->push_back(std::move(page_break));
        return true;
      }
      case Directive::none: {
        if (trim(html).empty()) return true;
        Block text;
        text.kind = Block::Kind::paragraph;
        text.inlines.push_back(Inline{Inline::Kind::text, trim(html), plain, ""});
        out->push_back(std::move(text));
        return true;
      }
      default:
        return true;
    }
  }

  bool table(cmark_node* node, Blocks* out, int depth) {
    Block table;
    table.kind = Block::Kind::table;
    int columns = cmark_gfm_extensions_get_table_columns(node);
    const uint8_t* alignments = cmark_gfm_extensions_get_table_alignments(node);
    for (int column = 0; column < columns; ++column) {
      switch (alignments ? alignments[column] : 0) {
        case 'l': table.align.push_back(Align::left); break;
        case 'c': table.align.push_back(Align::center); break;
        case 'r': table.align.push_back(Align::right); break;
        default: table.align.push_back(Align::none); break;
      }
    }
    for (cmark_node* row = cmark_node_first_child(node); row; row = cmark_node_next(row)) {
      TableRow cells;
      for (cmark_node* cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell)) {
        if (static_cast<int>(cells.size()) == columns) break;
        TableCell content;
        if (!inlines_of(cell, plain, "", &content.inlines, nullptr, depth + 1)) return false;
        cells.push_back(std::move(content));
      }
      cells.resize(columns);
      if (table.rows.empty())
        for (auto& cell : cells) table.column_widths.push_back(take_column_width(&cell.inlines));
      table.rows.push_back(std::move(cells));
    }
    if (columns > 0 && !table.rows.empty()) out->push_back(std::move(table));
    return true;
  }

  // Where the images met in a paragraph go; headings and table cells have
  // none and keep an image's alt text instead.
  struct ImageSink {
    Inlines* text;
    std::function<void(Block)> emit;
  };

  static void append(Inlines* out, Inline run) {
    if (run.kind == Inline::Kind::text && !out->empty()) {
      Inline& last = out->back();
      if (last.kind == Inline::Kind::text && last.style == run.style && last.link == run.link) {
        last.text += run.text;
        return;
      }
    }
    out->push_back(std::move(run));
  }

  bool inlines_of(cmark_node* parent, std::uint8_t style, const std::string& link, Inlines* out, ImageSink* images,
                  int depth) {
    if (too_deep(depth)) return false;
    for (cmark_node* node = cmark_node_first_child(parent); node; node = cmark_node_next(node)) {
      switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
          append(out, Inline{Inline::Kind::text, literal(node), style, link});
          break;
        case CMARK_NODE_CODE:
          append(out, Inline{Inline::Kind::text, literal(node), static_cast<std::uint8_t>(style | code), link});
          break;
        case CMARK_NODE_SOFTBREAK:
          out->push_back(Inline{Inline::Kind::soft_break, "", style, link});
          break;
        case CMARK_NODE_LINEBREAK:
          out->push_back(Inline{Inline::Kind::line_break, "", style, link});
          break;
        case CMARK_NODE_HTML_INLINE: {
          std::string html = literal(node);
          if (is_line_break_tag(html))
            out->push_back(Inline{Inline::Kind::line_break, "", style, link});
          else
            append(out, Inline{Inline::Kind::text, html, style, link});
          break;
        }
        case CMARK_NODE_EMPH:
          if (!inlines_of(node, style | italic, link, out, images, depth + 1)) return false;
          break;
        case CMARK_NODE_STRONG:
          if (!inlines_of(node, style | bold, link, out, images, depth + 1)) return false;
          break;
        case CMARK_NODE_LINK: {
          const char* url = cmark_node_get_url(node);
          if (!inlines_of(node, style, url ? url : "", out, images, depth + 1)) return false;
          break;
        }
        case CMARK_NODE_IMAGE:
          if (!image(node, style, link, out, images, depth)) return false;
          break;
        default:
          if (type_name(node) == "strikethrough") {
            if (!inlines_of(node, style | strike, link, out, images, depth + 1)) return false;
          } else {
            append(out, Inline{Inline::Kind::text, literal(node), style, link});
          }
      }
    }
    return true;
  }

  bool image(cmark_node* node, std::uint8_t style, const std::string& link, Inlines* out, ImageSink* images,
             int depth) {
    Inlines alt_runs;
    if (!inlines_of(node, plain, "", &alt_runs, nullptr, depth + 1)) return false;
    std::string alt;
    for (const auto& run : alt_runs) alt += run.text;
    if (!images) {
      append(out, Inline{Inline::Kind::text, alt, style, link});
      return true;
    }
    Block block;
    block.kind = Block::Kind::image;
    block.image.alt = alt;
    // The width attribute is the start of the text node that follows.
    if (cmark_node* next = cmark_node_next(node); next && cmark_node_get_type(next) == CMARK_NODE_TEXT) {
      std::string text = literal(next);
      if (take_width_attribute(&text, &block.image)) cmark_node_set_literal(next, text.c_str());
    }
    const char* url = cmark_node_get_url(node);
    std::string warning;
    if (!resolve_image(url ? url : "", options_, &block.image, &warning, error_)) return false;
    if (!warning.empty()) {
      document_->warnings.push_back(warning);
      return true;
    }
    images->emit(std::move(block));
    return true;
  }

  const ParseOptions& options_;
  Document* document_;
  ParseError* error_ = nullptr;
};

bool decode_data_uri(std::string_view uri, std::string* bytes) {
  std::size_t comma = uri.find(',');
  if (comma == std::string_view::npos) return false;
  std::string header = lower(uri.substr(5, comma - 5));
  if (header.size() < 7 || header.compare(header.size() - 7, 7, ";base64") != 0) return false;
  std::string payload;
  for (char c : uri.substr(comma + 1))
    if (!std::isspace(static_cast<unsigned char>(c))) payload += c;
  return crypto::base64_decode(payload, bytes);
}

std::string shorten(std::string_view text) {
  return text.size() <= 60 ? std::string(text) : std::string(text.substr(0, 57)) + "...";
}

}  // namespace

bool resolve_image(std::string_view reference, const ParseOptions& options, Image* image, std::string* warning,
                   ParseError* error) {
  std::string bytes;
  std::string where;
  if (lower(reference.substr(0, 5)) == "data:") {
    where = "data: URI image";
    if (!decode_data_uri(reference, &bytes)) {
      *warning = "image skipped: the data: URI '" + shorten(reference) + "' is not base64 encoded data";
      return true;
    }
  } else {
    std::string name(reference.substr(0, 6) == "asset:" ? reference.substr(6) : reference);
    const render::Asset* asset = nullptr;
    if (options.assets) {
      for (const auto& candidate : *options.assets)
        if (candidate.name == name) asset = &candidate;
    }
    if (!asset) {
      std::string hint = name.find("://") != std::string::npos
                             ? " (images are never fetched from the network: upload it as an asset)"
                             : "";
      *error = ParseError{"asset_missing", "the template uses the image '" + name + "' but no asset has that name" + hint,
                          name};
      return false;
    }
    where = "asset '" + name + "'";
    bytes = asset->bytes;
  }
  ImageInfo info;
  if (!probe_image(bytes, &info)) {
    *warning = "image skipped: the " + where + " is not a PNG or JPEG file";
    return true;
  }
  if (static_cast<long>(info.width) * info.height > kMaxImagePixels) {
    *warning = "image skipped: the " + where + " has more than 40 million pixels";
    return true;
  }
  image->mime = info.mime;
  image->bytes = std::move(bytes);
  image->pixel_width = info.width;
  image->pixel_height = info.height;
  return true;
}

bool parse_markdown(std::string_view markdown, const ParseOptions& options, Document* document, ParseError* error) {
  CmarkDocument parsed;
  parse_gfm(markdown, &parsed);
  Converter converter(options, document);
  return converter.convert(parsed.root, &document->blocks, error);
}

}  // namespace s2d::doc
