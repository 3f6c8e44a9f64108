// Front matter: split the `---` block off a template and read its YAML.
#include "renderers/document/front_matter.hpp"

#include "renderers/document/units.hpp"

#include "core/yaml_json.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <functional>
#include <map>

namespace s2d::doc {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr int kMaxValueDepth = 32;

// One line of `text` starting at `pos`, without its line ending; `next` is
// where the following line starts.
std::string_view line_at(std::string_view text, std::size_t pos, std::size_t* next) {
  std::size_t end = text.find('\n', pos);
  *next = end == std::string_view::npos ? text.size() : end + 1;
  std::string_view line = text.substr(pos, (end == std::string_view::npos ? text.size() : end) - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool is_delimiter(std::string_view line, std::string_view mark) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line == mark;
}

// A problem with one value; the caller adds where it is.
struct ValueError {
  std::string message;
  YAML::Mark mark;
};

[[noreturn]] void fail(const YAML::Node& node, std::string message) {
  throw ValueError{std::move(message), node.Mark()};
}

std::string scalar(const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) fail(node, "'" + key + "' must be a text value");
  return node.Scalar();
}

double length_mm(const YAML::Node& node, const std::string& key) {
  std::string text = scalar(node, key);
  double mm = 0;
  if (!parse_length_mm(text, &mm) || mm < 0 || mm > 5000)
    fail(node, "'" + key + "' must be a length such as 20, 20mm, 2cm, 1in or 72pt (got '" + text + "')");
  return mm;
}

void read_page_size(const YAML::Node& node, PageSetup* page) {
  std::string text = scalar(node, "page.size");
  if (!parse_page_size_mm(text, &page->width_mm, &page->height_mm))
    fail(node, "'page.size' must be A3, A4, A5, Letter, Legal or WxH in mm such as 210x297 (got '" + text + "')");
  if (page->width_mm < 50 || page->height_mm < 50)
    fail(node, "'page.size' must be at least 50mm on each side");
}

// margins: one length, a CSS-style list of 1 to 4 ("20 15" or [20, 15]), or
// a map with top/right/bottom/left.
void read_margins(const YAML::Node& node, PageSetup* page) {
  double* sides[4] = {&page->margin_top_mm, &page->margin_right_mm, &page->margin_bottom_mm, &page->margin_left_mm};
  if (node.IsMap()) {
    static const std::map<std::string, int> names = {{"top", 0}, {"right", 1}, {"bottom", 2}, {"left", 3}};
    for (const auto& entry : node) {
      std::string key = entry.first.as<std::string>();
      auto found = names.find(key);
      if (found == names.end()) fail(entry.first, "unknown key 'page.margins." + key + "' (top, right, bottom, left)");
      *sides[found->second] = length_mm(entry.second, "page.margins." + key);
    }
    return;
  }
  std::vector<double> values;
  if (node.IsSequence()) {
    for (const auto& item : node) values.push_back(length_mm(item, "page.margins"));
  } else {
    std::string text = scalar(node, "page.margins");
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t end = text.find_first_of(" \t,", pos);
      if (end == std::string::npos) end = text.size();
      if (end > pos) {
        double mm = 0;
        if (!parse_length_mm(text.substr(pos, end - pos), &mm) || mm < 0 || mm > 5000)
          fail(node, "'page.margins' must be lengths such as 20 or \"20mm 15mm\" (got '" + text + "')");
        values.push_back(mm);
      }
      pos = end + 1;
    }
  }
  if (values.empty() || values.size() > 4) fail(node, "'page.margins' takes 1 to 4 lengths (top right bottom left)");
  // CSS shorthand: 1 = all, 2 = vertical horizontal, 3 = top horizontal bottom.
  static const int pick[5][4] = {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 1, 0, 1}, {0, 1, 2, 1}, {0, 1, 2, 3}};
  for (int side = 0; side < 4; ++side) *sides[side] = values[pick[values.size()][side]];
}

void read_page(const YAML::Node& node, PageSetup* page) {
  if (!node.IsMap()) fail(node, "'page' must be a map (size, orientation, margins)");
  std::string orientation = "portrait";
  YAML::Node orientation_node;
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>();
    if (key == "size") {
      read_page_size(entry.second, page);
    } else if (key == "orientation") {
      orientation = scalar(entry.second, "page.orientation");
      orientation_node = entry.second;
    } else if (key == "margins") {
      read_margins(entry.second, page);
    } else {
      fail(entry.first, "unknown key 'page." + key + "' (size, orientation, margins)");
    }
  }
  if (orientation != "portrait" && orientation != "landscape")
    fail(orientation_node, "'page.orientation' must be portrait or landscape (got '" + orientation + "')");
  bool is_landscape = page->width_mm > page->height_mm;
  if ((orientation == "landscape") != is_landscape) std::swap(page->width_mm, page->height_mm);
  if (page->margin_left_mm + page->margin_right_mm > page->width_mm - 20 ||
      page->margin_top_mm + page->margin_bottom_mm > page->height_mm - 20)
    fail(node, "'page.margins' leave less than 20mm for the text");
}

void read_fonts(const YAML::Node& node, Fonts* fonts) {
  if (!node.IsMap()) fail(node, "'fonts' must be a map (body, headings, mono, size)");
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>();
    if (key == "body") {
      fonts->body = scalar(entry.second, "fonts.body");
    } else if (key == "headings") {
      fonts->headings = scalar(entry.second, "fonts.headings");
    } else if (key == "mono") {
      fonts->mono = scalar(entry.second, "fonts.mono");
    } else if (key == "size") {
      std::string text = scalar(entry.second, "fonts.size");
      double size = 0;
      if (!parse_number(text, &size) || size < 6 || size > 24)
        fail(entry.second, "'fonts.size' must be a point size from 6 to 24 (got '" + text + "')");
      fonts->size_pt = size;
    } else {
      fail(entry.first, "unknown key 'fonts." + key + "' (body, headings, mono, size)");
    }
  }
  for (const std::string* family : {&fonts->body, &fonts->headings, &fonts->mono})
    if (family->empty()) fail(node, "font families in 'fonts' must not be empty");
}

void read_theme(const YAML::Node& node, Theme* theme) {
  if (!node.IsMap()) fail(node, "'theme' must be a map of colors");
  const std::map<std::string, std::string*> colors = {
      {"text", &theme->text},
      {"headings", &theme->headings},
      {"links", &theme->links},
      {"table_header", &theme->table_header_bg},
      {"table_header_text", &theme->table_header_text},
      {"table_stripe", &theme->table_stripe_bg},
      {"rule", &theme->rule},
  };
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>();
    auto found = colors.find(key);
    if (found == colors.end())
      fail(entry.first,
           "unknown key 'theme." + key + "' (text, headings, links, table_header, table_header_text, table_stripe, rule)");
    std::string text = scalar(entry.second, "theme." + key);
    if (!normalize_color(text, found->second))
      fail(entry.second, "'theme." + key + "' must be a color such as \"#0b3d91\" or \"#fff\" (got '" + text + "')");
  }
}

void read_slides(const YAML::Node& node, Document* document) {
  if (!node.IsMap()) fail(node, "'slides' must be a map (aspect)");
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>();
    if (key != "aspect") fail(entry.first, "unknown key 'slides." + key + "' (aspect)");
    std::string aspect = scalar(entry.second, "slides.aspect");
    if (aspect != "16:9" && aspect != "4:3") fail(entry.second, "'slides.aspect' must be \"16:9\" or \"4:3\"");
    document->slides_4_3 = aspect == "4:3";
  }
}

bool read_bool(const YAML::Node& node, const std::string& key) {
  std::string text = scalar(node, key);
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  fail(node, "'" + key + "' must be true or false (got '" + text + "')");
}

void read_document_keys(const YAML::Node& root, Document* document, FrontMatter* front_matter) {
  using Reader = std::function<void(const YAML::Node&)>;
  const std::map<std::string, Reader> readers = {
      {"title", [&](const YAML::Node& n) { document->title = scalar(n, "title"); }},
      {"author", [&](const YAML::Node& n) { document->author = scalar(n, "author"); }},
      {"locale", [&](const YAML::Node& n) { document->locale = scalar(n, "locale"); }},
      {"header", [&](const YAML::Node& n) { document->header = scalar(n, "header"); }},
      {"footer", [&](const YAML::Node& n) { document->footer = scalar(n, "footer"); }},
      {"strict", [&](const YAML::Node& n) { front_matter->strict = read_bool(n, "strict"); }},
      {"page", [&](const YAML::Node& n) { read_page(n, &document->page); }},
      {"fonts", [&](const YAML::Node& n) { read_fonts(n, &document->fonts); }},
      {"theme", [&](const YAML::Node& n) { read_theme(n, &document->theme); }},
      {"slides", [&](const YAML::Node& n) { read_slides(n, document); }},
      {"documents",
       [&](const YAML::Node& n) {
         // Read by the server (one document per data-source record); the renderers ignore it.
         std::string documents = scalar(n, "documents");
         if (documents != "one" && documents != "per_record")
           fail(n, "'documents' must be \"one\" or \"per_record\" (got '" + documents + "')");
       }},
      {"logo",
       [&](const YAML::Node& n) {
         std::string name = scalar(n, "logo");
         if (name.rfind("asset:", 0) == 0) name.erase(0, 6);
         if (name.empty()) fail(n, "'logo' must name an asset");
         front_matter->logo_asset = name;
       }},
  };
  for (const auto& entry : root) {
    std::string key = entry.first.as<std::string>();
    auto reader = readers.find(key);
    if (reader == readers.end())
      fail(entry.first, "unknown front matter key '" + key +
                            "' (title, author, locale, page, fonts, theme, header, footer, logo, strict, slides, documents)");
    reader->second(entry.second);
  }
}

}  // namespace

bool split_front_matter(std::string_view source, SourceParts* parts, FrontMatterError* error) {
  *parts = SourceParts{};
  if (source.substr(0, kBom.size()) == kBom) source.remove_prefix(kBom.size());
  std::size_t next = 0;
  if (!is_delimiter(line_at(source, 0, &next), "---") || source.empty()) {
    parts->body = source;
    return true;
  }
  std::size_t yaml_start = next;
  int line = 2;
  for (std::size_t pos = next; pos < source.size(); ++line) {
    std::string_view text = line_at(source, pos, &next);
    if (is_delimiter(text, "---") || is_delimiter(text, "...")) {
      parts->has_front_matter = true;
      parts->front_matter = source.substr(yaml_start, pos - yaml_start);
      parts->front_matter_first_line = 2;
      parts->body = source.substr(next);
      parts->body_first_line = line + 1;
      return true;
    }
    pos = next;
  }
  *error = FrontMatterError{"the front matter opened by '---' on line 1 is never closed by a '---' line", 1, 1};
  return false;
}

bool parse_front_matter(const SourceParts& parts, Document* document, FrontMatter* front_matter,
                        FrontMatterError* error) {
  *front_matter = FrontMatter{};
  if (!parts.has_front_matter) return true;
  auto at = [&](const YAML::Mark& mark) {
    // yaml-cpp counts from 0 and reports -1 where it has no position.
    error->line = mark.line >= 0 ? parts.front_matter_first_line + mark.line : 0;
    error->column = mark.column >= 0 ? mark.column + 1 : 0;
  };
  try {
    YAML::Node root = YAML::Load(std::string(parts.front_matter));
    if (root.IsNull()) return true;
    if (!root.IsMap()) fail(root, "the front matter must be a map of keys such as title, page and fonts");
    // The block as JSON for inspect_template().
    YamlError yaml_error;
    if (!yaml_to_json(parts.front_matter, &front_matter->values, &yaml_error, kMaxValueDepth)) {
      error->message = "front matter: " + yaml_error.message;
      error->line = yaml_error.line ? parts.front_matter_first_line + yaml_error.line - 1 : 0;
      error->column = yaml_error.column;
      return false;
    }
    read_document_keys(root, document, front_matter);
    return true;
  } catch (const ValueError& problem) {
    error->message = "front matter: " + problem.message;
    at(problem.mark);
  } catch (const YAML::Exception& problem) {
    error->message = "front matter is not valid YAML: " + problem.msg;
    at(problem.mark);
  }
  return false;
}

}  // namespace s2d::doc
