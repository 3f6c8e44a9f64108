// The fixed parts of a PPTX package: theme, slide master, two layouts, the
// notes master and the small presentation-wide property parts.
//
// Slides draw their own shapes with explicit positions and colors, so every
// importer shows the same thing; the master and layouts exist so PowerPoint
// offers "Title Slide" and "Title and Content" when a user adds a slide.
#include "renderers/ooxml/geometry.hpp"
#include "renderers/ooxml/pptx_parts.hpp"

namespace s2d::office::pptx {
namespace {

// Line, fill and effect styles PowerPoint requires in every theme; plain
// ones, since slides color their shapes explicitly.
constexpr std::string_view kFormatScheme = R"(<a:fmtScheme name="s2d"><a:fillStyleLst>)"
    R"(<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>)"
    R"(<a:solidFill><a:schemeClr val="phClr"><a:tint val="50000"/></a:schemeClr></a:solidFill>)"
    R"(<a:solidFill><a:schemeClr val="phClr"><a:shade val="80000"/></a:schemeClr></a:solidFill>)"
    R"(</a:fillStyleLst><a:lnStyleLst>)"
    R"(<a:ln w="6350" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>)"
    R"(<a:ln w="12700" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>)"
    R"(<a:ln w="19050" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>)"
    R"(</a:lnStyleLst><a:effectStyleLst>)"
    R"(<a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle>)"
    R"(</a:effectStyleLst><a:bgFillStyleLst>)"
    R"(<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>)"
    R"(<a:solidFill><a:schemeClr val="phClr"><a:tint val="95000"/></a:schemeClr></a:solidFill>)"
    R"(<a:solidFill><a:schemeClr val="phClr"><a:shade val="90000"/></a:schemeClr></a:solidFill>)"
    R"(</a:bgFillStyleLst></a:fmtScheme>)";

constexpr long long kInch = kEmuPerInch;

long long side_margin(const SlideSize& size) { return size.cx > 10000000 ? kInch * 6 / 10 : kInch / 2; }

void add_color(Node scheme, const char* slot, const std::string& hex) {
  scheme.add(slot).add("a:srgbClr").attr("val", hex);
}

void add_font_set(Node parent, const char* name, const std::string& latin) {
  Node font = parent.add(name);
  font.add("a:latin").user_attr("typeface", latin);
  font.add("a:ea").attr("typeface", "");
  font.add("a:cs").attr("typeface", "");
}

// Scheme slots as the theme names them: text dark on a light background.
void add_color_map(Node master) {
  master.add("p:clrMap")
      .attr("bg1", "lt1").attr("tx1", "dk1").attr("bg2", "lt2").attr("tx2", "dk2")
      .attr("accent1", "accent1").attr("accent2", "accent2").attr("accent3", "accent3")
      .attr("accent4", "accent4").attr("accent5", "accent5").attr("accent6", "accent6")
      .attr("hlink", "hlink").attr("folHlink", "folHlink");
}

// A master's common data: the theme's background and an empty shape tree.
Node add_master_shape_tree(Node master) {
  Node data = master.add("p:cSld");
  Node background = data.add("p:bg").add("p:bgRef");
  background.attr("idx", 1001);
  background.add("a:schemeClr").attr("val", "bg1");
  return add_shape_tree(data);
}

void append_fragment(Node parent, std::string_view xml) {
  parent.raw().append_buffer(xml.data(), xml.size());
}

// A level of a master text style: size in points, bullet or none.
void add_level_style(Node list, int level, double size_pt, const char* scheme_color, bool bulleted, bool headings) {
  Node level_pr = list.add(("a:lvl" + std::to_string(level) + "pPr").c_str());
  if (bulleted) {
    const long long margin = 285750 + 342900 * (level - 1);
    level_pr.attr("marL", margin).attr("indent", -285750);
  }
  level_pr.attr("algn", "l");
  level_pr.add("a:spcBef").add("a:spcPts").attr("val", bulleted ? 600 : 0);
  if (bulleted) {
    level_pr.add("a:buFont").attr("typeface", "Arial");
    level_pr.add("a:buChar").attr("char", level % 2 ? "\u2022" : "\u2013");
  } else {
    level_pr.add("a:buNone");
  }
  Node run = level_pr.add("a:defRPr");
  run.attr("sz", static_cast<long long>(size_pt * 100)).attr("kern", 1200);
  run.add("a:solidFill").add("a:schemeClr").attr("val", scheme_color);
  run.add("a:latin").attr("typeface", headings ? "+mj-lt" : "+mn-lt");
  run.add("a:ea").attr("typeface", headings ? "+mj-ea" : "+mn-ea");
  run.add("a:cs").attr("typeface", headings ? "+mj-cs" : "+mn-cs");
}

void add_text_styles(Node master) {
  Node styles = master.add("p:txStyles");
  add_level_style(styles.add("p:titleStyle"), 1, 32, "tx2", false, true);
  Node body = styles.add("p:bodyStyle");
  for (int level = 1; level <= 5; ++level) add_level_style(body, level, level == 1 ? 22 : 18, "tx1", true, false);
  add_level_style(styles.add("p:otherStyle"), 1, 18, "tx1", false, false);
}

Node start_part(XmlPart& part, const char* root_name) {
  Node root = part.root(root_name);
  declare_namespaces(root);
  return root;
}

void add_empty_text(Node shape) {
  Node body = shape.add("p:txBody");
  body.add("a:bodyPr");
  body.add("a:lstStyle");
  body.add("a:p");
}

std::string layout_xml(const SlideSize& size, bool title_layout) {
  XmlPart part;
  Node layout = start_part(part, "p:sldLayout");
  layout.attr("type", title_layout ? "title" : "obj").attr("preserve", 1);
  Node data = layout.add("p:cSld");
  data.attr("name", title_layout ? "Title Slide" : "Title and Content");
  Node tree = add_shape_tree(data);
  if (title_layout) {
    const long long x = kInch * 9 / 10, cx = size.cx - 2 * x;
    add_empty_text(add_placeholder(tree, 2, "Title 1", "ctrTitle", -1, {x, size.cy * 30 / 100, cx, size.cy * 25 / 100}));
    add_empty_text(add_placeholder(tree, 3, "Subtitle 2", "subTitle", 1, {x, size.cy * 60 / 100, cx, size.cy * 20 / 100}));
  } else {
    add_empty_text(add_placeholder(tree, 2, "Title 1", "title", -1, title_box(size)));
    add_empty_text(add_placeholder(tree, 3, "Content Placeholder 2", nullptr, 1, body_box(size)));
  }
  layout.add("p:clrMapOvr").add("a:masterClrMapping");
  return part.str();
}

}  // namespace

void declare_namespaces(Node root) {
  root.attr("xmlns:a", kDrawingNs).attr("xmlns:r", kRelationshipsNs).attr("xmlns:p", kPresentationNs);
}

Node add_shape_tree(Node common_slide_data) {
  Node tree = common_slide_data.add("p:spTree");
  Node group = tree.add("p:nvGrpSpPr");
  group.add("p:cNvPr").attr("id", 1).attr("name", "");
  group.add("p:cNvGrpSpPr");
  group.add("p:nvPr");
  Node transform = tree.add("p:grpSpPr").add("a:xfrm");
  transform.add("a:off").attr("x", 0).attr("y", 0);
  transform.add("a:ext").attr("cx", 0).attr("cy", 0);
  transform.add("a:chOff").attr("x", 0).attr("y", 0);
  transform.add("a:chExt").attr("cx", 0).attr("cy", 0);
  return tree;
}

void add_transform(Node parent, const char* name, const Box& box) {
  Node transform = parent.add(name);
  transform.add("a:off").attr("x", box.x).attr("y", box.y);
  transform.add("a:ext").attr("cx", box.cx).attr("cy", box.cy);
}

Node add_placeholder(Node tree, int id, const std::string& name, const char* type, int index, const Box& box) {
  Node shape = tree.add("p:sp");
  Node non_visual = shape.add("p:nvSpPr");
  non_visual.add("p:cNvPr").attr("id", id).attr("name", name);
  non_visual.add("p:cNvSpPr").add("a:spLocks").attr("noGrp", 1);
  Node placeholder = non_visual.add("p:nvPr").add("p:ph");
  if (type) placeholder.attr("type", type);
  if (index >= 0) placeholder.attr("idx", index);
  add_transform(shape.add("p:spPr"), "a:xfrm", box);
  return shape;
}

Box title_box(const SlideSize& size) {
  const long long margin = side_margin(size);
  return {margin, kInch * 35 / 100, size.cx - 2 * margin, kInch * 95 / 100};
}

Box body_box(const SlideSize& size) {
  const long long margin = side_margin(size);
  const long long top = kInch * 165 / 100;
  return {margin, top, size.cx - 2 * margin, size.cy - top - kInch * 70 / 100};
}

std::string theme_xml(const doc::Document& document, const char* name) {
  const auto& theme = document.theme;
  XmlPart part;
  Node root = part.root("a:theme");
  root.attr("xmlns:a", kDrawingNs).attr("name", name);
  Node elements = root.add("a:themeElements");
  Node colors = elements.add("a:clrScheme");
  colors.attr("name", name);
  add_color(colors, "a:dk1", hex_color(theme.text, "1F2328"));
  add_color(colors, "a:lt1", "FFFFFF");
  add_color(colors, "a:dk2", hex_color(theme.headings, "0B3D91"));
  add_color(colors, "a:lt2", hex_color(theme.table_stripe_bg, "F2F5FA"));
  add_color(colors, "a:accent1", hex_color(theme.headings, "0B3D91"));
  add_color(colors, "a:accent2", hex_color(theme.links, "0B62D6"));
  add_color(colors, "a:accent3", hex_color(theme.table_header_bg, "0B3D91"));
  add_color(colors, "a:accent4", hex_color(theme.rule, "C9D1DC"));
  add_color(colors, "a:accent5", "E8A33D");
  add_color(colors, "a:accent6", "2E9E6B");
  add_color(colors, "a:hlink", hex_color(theme.links, "0B62D6"));
  add_color(colors, "a:folHlink", hex_color(theme.links, "0B62D6"));
  Node fonts = elements.add("a:fontScheme");
  fonts.attr("name", name);
  add_font_set(fonts, "a:majorFont", document.fonts.headings);
  add_font_set(fonts, "a:minorFont", document.fonts.body);
  append_fragment(elements, kFormatScheme);
  root.add("a:objectDefaults");
  root.add("a:extraClrSchemeLst");
  return part.str();
}

std::string slide_master_xml(const SlideSize& size) {
  XmlPart part;
  Node master = start_part(part, "p:sldMaster");
  Node tree = add_master_shape_tree(master);
  add_empty_text(add_placeholder(tree, 2, "Title Placeholder 1", "title", -1, title_box(size)));
  add_empty_text(add_placeholder(tree, 3, "Text Placeholder 2", "body", 1, body_box(size)));
  add_color_map(master);
  Node layouts = master.add("p:sldLayoutIdLst");
  layouts.add("p:sldLayoutId").attr("id", 2147483649LL).attr("r:id", "rId1");
  layouts.add("p:sldLayoutId").attr("id", 2147483650LL).attr("r:id", "rId2");
  add_text_styles(master);
  return part.str();
}

std::string title_layout_xml(const SlideSize& size) { return layout_xml(size, true); }
std::string content_layout_xml(const SlideSize& size) { return layout_xml(size, false); }

std::string notes_master_xml() {
  XmlPart part;
  Node master = start_part(part, "p:notesMaster");
  Node tree = add_master_shape_tree(master);
  // Portrait notes page (7.5 x 10 in): slide picture above, notes below.
  Node picture = add_placeholder(tree, 2, "Slide Image Placeholder 1", "sldImg", 2, {381000, 685800, 6096000, 3429000});
  picture.raw().child("p:nvSpPr").child("p:cNvSpPr").child("a:spLocks").append_attribute("noRot").set_value(1);
  add_empty_text(add_placeholder(tree, 3, "Notes Placeholder 2", "body", 3, {685800, 4343400, 5486400, 4114800}));
  add_color_map(master);
  add_level_style(master.add("p:notesStyle"), 1, 12, "tx1", false, false);
  return part.str();
}

std::string presentation_properties_xml() {
  XmlPart part;
  start_part(part, "p:presentationPr");
  return part.str();
}

std::string view_properties_xml() {
  XmlPart part;
  Node view = start_part(part, "p:viewPr");
  view.add("p:gridSpacing").attr("cx", 76200).attr("cy", 76200);
  return part.str();
}

std::string table_styles_xml() {
  XmlPart part;
  Node styles = part.root("a:tblStyleLst");
  styles.attr("xmlns:a", kDrawingNs).attr("def", "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}");
  return part.str();
}

}  // namespace s2d::office::pptx
