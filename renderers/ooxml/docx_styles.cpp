// styles.xml, numbering.xml and settings.xml of a DOCX package.
#include "renderers/ooxml/docx_parts.hpp"

#include "renderers/ooxml/geometry.hpp"
#include "renderers/ooxml/xml.hpp"
#include "renderers/text/direction.hpp"

#include <algorithm>
#include <cmath>

namespace s2d::office::docx {
namespace {

constexpr const char* kMutedGray = "57606A";
constexpr const char* kCodeBackground = "F3F5F8";

struct StyleSpec {
  const char* type = "paragraph";
  std::string id, name;
  const char* based_on = "Normal";
  const char* next = nullptr;
  int ui_priority = 0;
  bool quick = true;  // shown in Word's style gallery
  bool is_default = false;  // what unstyled paragraphs, runs and tables use
};

Node add_style(Node styles, const StyleSpec& spec) {
  Node style = styles.add("w:style");
  style.attr("w:type", spec.type);
  if (spec.is_default) style.attr("w:default", 1);
  style.attr("w:styleId", spec.id);
  style.add("w:name").attr("w:val", spec.name);
  if (spec.based_on) style.add("w:basedOn").attr("w:val", spec.based_on);
  if (spec.next) style.add("w:next").attr("w:val", spec.next);
  if (spec.ui_priority) style.add("w:uiPriority").attr("w:val", spec.ui_priority);
  if (spec.quick) style.add("w:qFormat");
  return style;
}

long long half_points(double points) { return std::llround(points * 2); }

void add_fonts(Node run_properties, const std::string& font) {
  run_properties.add("w:rFonts")
      .user_attr("w:ascii", font)
      .user_attr("w:hAnsi", font)
      .user_attr("w:eastAsia", font)
      .user_attr("w:cs", font);
}

void add_size(Node run_properties, double points) {
  run_properties.add("w:sz").attr("w:val", half_points(points));
  run_properties.add("w:szCs").attr("w:val", half_points(points));
}

void add_spacing(Node paragraph_properties, int before, int after) {
  paragraph_properties.add("w:spacing").attr("w:before", before).attr("w:after", after);
}

void add_border(Node parent, const char* side, int eighths_of_point, int space, const std::string& color) {
  parent.add(side).attr("w:val", "single").attr("w:sz", eighths_of_point).attr("w:space", space).attr("w:color", color);
}

void add_defaults(Node styles, const doc::Document& document) {
  Node defaults = styles.add("w:docDefaults");
  Node run = defaults.add("w:rPrDefault").add("w:rPr");
  add_fonts(run, document.fonts.body);
  run.add("w:color").attr("w:val", hex_color(document.theme.text, "1F2328"));
  add_size(run, document.fonts.size_pt);
  const std::string locale = document.locale.empty() ? "en-US" : document.locale;
  const bool right_to_left = text::is_right_to_left(locale);
  Node language = run.add("w:lang");
  language.user_attr("w:val", locale);
  if (right_to_left) language.user_attr("w:bidi", locale);
  Node paragraph = defaults.add("w:pPrDefault").add("w:pPr");
  if (right_to_left) paragraph.add("w:bidi");  // every paragraph runs right to left
  paragraph.add("w:spacing")
      .attr("w:after", std::llround(document.fonts.size_pt * 12))
      .attr("w:line", 276)
      .attr("w:lineRule", "auto");
}

void add_base_styles(Node styles) {
  add_style(styles, {"paragraph", "Normal", "Normal", nullptr, nullptr, 0, true, true});
  Node paragraph_font = add_style(styles, {"character", "DefaultParagraphFont", "Default Paragraph Font", nullptr,
                                           nullptr, 1, false, true});
  paragraph_font.add("w:semiHidden");
  paragraph_font.add("w:unhideWhenUsed");
  Node table = add_style(styles, {"table", "TableNormal", "Normal Table", nullptr, nullptr, 99, false, true});
  table.add("w:semiHidden");
  table.add("w:unhideWhenUsed");
  Node margins = table.add("w:tblPr").add("w:tblCellMar");
  margins.add("w:top").attr("w:w", 0).attr("w:type", "dxa");
  margins.add("w:left").attr("w:w", 108).attr("w:type", "dxa");
  margins.add("w:bottom").attr("w:w", 0).attr("w:type", "dxa");
  margins.add("w:right").attr("w:w", 108).attr("w:type", "dxa");
  Node no_list = add_style(styles, {"numbering", "NoList", "No List", nullptr, nullptr, 99, false, true});
  no_list.add("w:semiHidden");
  no_list.add("w:unhideWhenUsed");
}

void add_heading_styles(Node styles, const doc::Document& document) {
  const std::string color = hex_color(document.theme.headings, "0B3D91");
  const std::string rule = hex_color(document.theme.rule, "C9D1DC");
  const double body = document.fonts.size_pt;

  Node title = add_style(styles, {"paragraph", style::title, "Title", "Normal", "Normal", 10});
  Node title_paragraph = title.add("w:pPr");
  title_paragraph.add("w:keepNext");
  add_border(title_paragraph.add("w:pBdr"), "w:bottom", 12, 6, rule);
  add_spacing(title_paragraph, 0, 240);
  title_paragraph.add("w:contextualSpacing");
  Node title_run = title.add("w:rPr");
  add_fonts(title_run, document.fonts.headings);
  title_run.add("w:b");
  title_run.add("w:bCs");
  title_run.add("w:color").attr("w:val", color);
  add_size(title_run, body * 2.5);

  constexpr double kScale[] = {1.9, 1.55, 1.3, 1.12, 1.0, 1.0};
  for (int level = 1; level <= 6; ++level) {
    Node heading = add_style(styles, {"paragraph", heading_style_id(level), "heading " + std::to_string(level),
                                      "Normal", "Normal", 9});
    Node paragraph = heading.add("w:pPr");
    paragraph.add("w:keepNext");
    paragraph.add("w:keepLines");
    if (level == 1) add_border(paragraph.add("w:pBdr"), "w:bottom", 6, 4, rule);  // the PDF's hairline under H1
    add_spacing(paragraph, level <= 2 ? 360 : 240, 120);
    paragraph.add("w:outlineLvl").attr("w:val", level - 1);
    Node run = heading.add("w:rPr");
    add_fonts(run, document.fonts.headings);
    run.add("w:b");
    run.add("w:bCs");
    if (level == 6) {
      run.add("w:i");
      run.add("w:iCs");
    }
    run.add("w:color").attr("w:val", color);
    add_size(run, body * kScale[level - 1]);
  }
}

void add_list_styles(Node styles) {
  for (const bool ordered : {false, true}) {
    for (int level = 0; level < kListStyleLevels; ++level) {
      std::string name = ordered ? "List Number" : "List Bullet";
      if (level > 0) name += " " + std::to_string(level + 1);
      Node list = add_style(styles, {"paragraph", list_style_id(ordered, level), name, "Normal", nullptr, 0});
      Node paragraph = list.add("w:pPr");
      add_spacing(paragraph, 0, 60);
    }
  }
  Node continuation = add_style(styles, {"paragraph", style::list_continue, "List Continue", "Normal", nullptr, 0});
  Node paragraph = continuation.add("w:pPr");
  add_spacing(paragraph, 0, 60);
  paragraph.add("w:ind").attr("w:left", list_indent_twips(0));
}

void add_block_styles(Node styles, const doc::Document& document) {
  const std::string rule = hex_color(document.theme.rule, "C9D1DC");
  const double body = document.fonts.size_pt;

  Node quote = add_style(styles, {"paragraph", style::quote, "Quote", "Normal", "Normal", 29});
  Node quote_paragraph = quote.add("w:pPr");
  add_border(quote_paragraph.add("w:pBdr"), "w:left", 18, 10, rule);
  quote_paragraph.add("w:ind").attr("w:left", 340).attr("w:right", 340);
  Node quote_run = quote.add("w:rPr");
  quote_run.add("w:i");
  quote_run.add("w:iCs");
  quote_run.add("w:color").attr("w:val", kMutedGray);

  Node code = add_style(styles, {"paragraph", style::code, "Code", "Normal", "Normal", 0});
  Node code_paragraph = code.add("w:pPr");
  code_paragraph.add("w:keepLines");
  Node box = code_paragraph.add("w:pBdr");
  for (const char* side : {"w:top", "w:left", "w:bottom", "w:right"}) add_border(box, side, 4, 4, kCodeBackground);
  code_paragraph.add("w:shd").attr("w:val", "clear").attr("w:color", "auto").attr("w:fill", kCodeBackground);
  code_paragraph.add("w:spacing").attr("w:before", 60).attr("w:after", 180).attr("w:line", 240).attr("w:lineRule", "auto");
  code_paragraph.add("w:ind").attr("w:left", 85).attr("w:right", 85);
  Node code_run = code.add("w:rPr");
  add_fonts(code_run, document.fonts.mono);
  add_size(code_run, body * 0.9);

  Node code_char = add_style(styles, {"character", style::code_char, "Code Char", "DefaultParagraphFont", nullptr, 0});
  Node code_char_run = code_char.add("w:rPr");
  add_fonts(code_char_run, document.fonts.mono);
  add_size(code_char_run, body * 0.9);
  code_char_run.add("w:shd").attr("w:val", "clear").attr("w:color", "auto").attr("w:fill", kCodeBackground);

  Node link = add_style(styles, {"character", style::hyperlink, "Hyperlink", "DefaultParagraphFont", nullptr, 99, false});
  link.add("w:unhideWhenUsed");
  Node link_run = link.add("w:rPr");
  link_run.add("w:color").attr("w:val", hex_color(document.theme.links, "0B62D6"));
  link_run.add("w:u").attr("w:val", "single");

  for (const auto& [id, name] : {std::pair{style::header, "header"}, std::pair{style::footer, "footer"}}) {
    Node running = add_style(styles, {"paragraph", id, name, "Normal", nullptr, 99, false});
    running.add("w:unhideWhenUsed");
    running.add("w:pPr").add("w:spacing").attr("w:after", 0).attr("w:line", 240).attr("w:lineRule", "auto");
    Node run = running.add("w:rPr");
    run.add("w:color").attr("w:val", kMutedGray);
    add_size(run, std::max(7.0, body * 0.85));
  }
}

void add_table_styles(Node styles, const doc::Document& document) {
  const std::string rule = hex_color(document.theme.rule, "C9D1DC");
  Node grid = add_style(styles, {"table", style::table_grid, "Table Grid", "TableNormal", nullptr, 39, false});
  grid.add("w:pPr").add("w:spacing").attr("w:after", 0).attr("w:line", 240).attr("w:lineRule", "auto");
  Node borders = grid.add("w:tblPr").add("w:tblBorders");
  // Hairlines between rows only, as the PDF draws tables.
  for (const char* side : {"w:top", "w:bottom", "w:insideH"}) add_border(borders, side, 4, 0, rule);

  Node cell_text = add_style(styles, {"paragraph", style::table_text, "Table Text", "Normal", nullptr, 0});
  cell_text.add("w:pPr").add("w:spacing").attr("w:before", 40).attr("w:after", 40).attr("w:line", 240).attr("w:lineRule", "auto");
  add_size(cell_text.add("w:rPr"), document.fonts.size_pt * kTableTextScale);
}

}  // namespace

std::string heading_style_id(int level) { return "Heading" + std::to_string(std::clamp(level, 1, 6)); }

std::string list_style_id(bool ordered, int level) {
  const int clamped = std::clamp(level, 0, kListStyleLevels - 1);
  std::string id = ordered ? "ListNumber" : "ListBullet";
  if (clamped > 0) id += std::to_string(clamped + 1);
  return id;
}

int list_indent_twips(int level) { return 360 + 360 * level; }

std::string styles_xml(const doc::Document& document) {
  XmlPart part;
  Node styles = part.root("w:styles");
  styles.attr("xmlns:w", kWordNs);
  add_defaults(styles, document);
  add_base_styles(styles);
  add_heading_styles(styles, document);
  add_list_styles(styles);
  add_block_styles(styles, document);
  add_table_styles(styles, document);
  return part.str();
}

std::string settings_xml() {
  XmlPart part;
  Node settings = part.root("w:settings");
  settings.attr("xmlns:w", kWordNs);
  settings.add("w:defaultTabStop").attr("w:val", 720);
  settings.add("w:characterSpacingControl").attr("w:val", "doNotCompress");
  settings.add("w:compat").add("w:compatSetting")
      .attr("w:name", "compatibilityMode")
      .attr("w:uri", "http://schemas.microsoft.com/office/word")
      .attr("w:val", 15);
  return part.str();
}

std::string numbering_xml(const std::vector<ListInstance>& ordered_lists) {
  static constexpr const char* kBullets[] = {"\u2022", "\u25E6", "\u25AA"};
  static constexpr const char* kOrderedFormats[] = {"decimal", "lowerLetter", "lowerRoman"};
  constexpr int kBulletAbstract = 0, kOrderedAbstract = 1, kCheckedAbstract = 2, kUncheckedAbstract = 3, kLevels = 9;
  auto marker = [&](int abstract_id, int level) -> std::string {
    switch (abstract_id) {
      case kOrderedAbstract: return "%" + std::to_string(level + 1) + ".";
      case kCheckedAbstract: return "\u2611";
      case kUncheckedAbstract: return "\u2610";
      default: return kBullets[level % 3];
    }
  };

  XmlPart part;
  Node numbering = part.root("w:numbering");
  numbering.attr("xmlns:w", kWordNs);
  for (const int abstract_id : {kBulletAbstract, kOrderedAbstract, kCheckedAbstract, kUncheckedAbstract}) {
    Node abstract = numbering.add("w:abstractNum");
    abstract.attr("w:abstractNumId", abstract_id);
    abstract.add("w:multiLevelType").attr("w:val", "hybridMultilevel");
    for (int level = 0; level < kLevels; ++level) {
      Node lvl = abstract.add("w:lvl");
      lvl.attr("w:ilvl", level);
      lvl.add("w:start").attr("w:val", 1);
      const bool ordered = abstract_id == kOrderedAbstract;
      lvl.add("w:numFmt").attr("w:val", ordered ? kOrderedFormats[level % 3] : "bullet");
      lvl.add("w:lvlText").attr("w:val", marker(abstract_id, level));
      lvl.add("w:lvlJc").attr("w:val", "left");
      lvl.add("w:pPr").add("w:ind").attr("w:left", list_indent_twips(level)).attr("w:hanging", 360);
    }
  }
  const std::pair<int, int> shared[] = {
      {kBulletNumId, kBulletAbstract}, {kCheckedNumId, kCheckedAbstract}, {kUncheckedNumId, kUncheckedAbstract}};
  for (const auto& [num_id, abstract_id] : shared)
    numbering.add("w:num").attr("w:numId", num_id).add("w:abstractNumId").attr("w:val", abstract_id);
  for (const auto& list : ordered_lists) {
    Node num = numbering.add("w:num");
    num.attr("w:numId", list.num_id);
    num.add("w:abstractNumId").attr("w:val", kOrderedAbstract);
    Node override_level = num.add("w:lvlOverride");
    override_level.attr("w:ilvl", list.level);
    override_level.add("w:startOverride").attr("w:val", list.start);
  }
  return part.str();
}

}  // namespace s2d::office::docx
