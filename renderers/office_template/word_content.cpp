#include "renderers/office_template/word_content.hpp"

#include "renderers/document/image_probe.hpp"
#include "renderers/document/markdown.hpp"
#include "renderers/office_template/rich_text.hpp"

#include <algorithm>
#include <cmath>

namespace s2d::office_template {

namespace {

constexpr long long kEmuPerPixel = 9525;          // at 96 dpi
constexpr long long kMaxWidthEmu = 5760720;       // 16 cm: the text width of an A4 page with 2.5 cm margins
constexpr std::string_view kNumberingType =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering";

const std::vector<std::string_view>& run_property_order() {
  static const std::vector<std::string_view> order = {
      "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
      "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
      "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
      "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang"};
  return order;
}

// Adds `name` to `parent` where the schema's sequence wants it (Word rejects
// properties out of order); returns the existing element when there is one.
pugi::xml_node ensure_ordered(pugi::xml_node parent, const char* name, const std::vector<std::string_view>& order) {
  if (auto existing = parent.child(name)) return existing;
  const auto rank = [&](std::string_view n) {
    auto found = std::find(order.begin(), order.end(), n);
    return found == order.end() ? order.size() : static_cast<std::size_t>(found - order.begin());
  };
  const std::size_t mine = rank(name);
  for (auto child = parent.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element && rank(child.name()) > mine) return parent.insert_child_before(name, child);
  return parent.append_child(name);
}

long long length_emu(const std::string& text) {
  if (text.empty()) return 0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (!(value > 0) || value > 1e6) return 0;
  const std::string unit = end ? std::string(end) : "";
  double per = 0;
  if (unit == "cm") per = 360000;
  else if (unit == "mm") per = 36000;
  else if (unit == "in") per = 914400;
  else if (unit == "pt") per = 12700;
  else if (unit == "px" || unit.empty()) per = kEmuPerPixel;
  return static_cast<long long>(std::llround(value * per));
}

}  // namespace

WordContent::WordContent(PackageEdits& edits, const Options& options, std::string main_part)
    : edits_(edits), options_(options), main_part_(std::move(main_part)) {}

pugi::xml_node WordContent::numbering_root() {
  if (numbering_part_.empty()) {
    for (auto rel : edits_.rels(main_part_).child("Relationships").children("Relationship"))
      if (kNumberingType == rel.attribute("Type").value())
        numbering_part_ = resolve_target(main_part_, rel.attribute("Target").value());
    if (numbering_part_.empty() || !edits_.has(numbering_part_)) {
      numbering_part_ = resolve_target(main_part_, "numbering.xml");
      edits_.add_relationship(main_part_, kNumberingType, "numbering.xml", false);
      edits_.add_override(numbering_part_, "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml");
    }
  }
  auto& document = edits_.xml(numbering_part_, "w:numbering");
  auto root = document.child("w:numbering");
  if (!root.attribute("xmlns:w"))
    root.append_attribute("xmlns:w") = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  if (next_num_ == 0) {
    for (auto num : root.children("w:num")) next_num_ = std::max(next_num_, num.attribute("w:numId").as_int());
    for (auto abstract : root.children("w:abstractNum"))
      next_abstract_ = std::max(next_abstract_, abstract.attribute("w:abstractNumId").as_int());
  }
  return root;
}

std::string WordContent::restart_list(const std::string& num_id) {
  auto root = numbering_root();
  auto num = root.find_child_by_attribute("w:num", "w:numId", num_id.c_str());
  if (!num) return num_id;
  const std::string abstract_id = num.child("w:abstractNumId").attribute("w:val").value();
  auto abstract = root.find_child_by_attribute("w:abstractNum", "w:abstractNumId", abstract_id.c_str());
  pugi::xml_node last_num;
  for (auto n : root.children("w:num")) last_num = n;
  auto fresh = root.insert_child_after("w:num", last_num);
  const std::string id = std::to_string(++next_num_);
  fresh.append_attribute("w:numId") = id.c_str();
  fresh.append_child("w:abstractNumId").append_attribute("w:val") = abstract_id.c_str();
  for (int level = 0; level < 9; ++level) {
    auto lvl = abstract.find_child_by_attribute("w:lvl", "w:ilvl", std::to_string(level).c_str());
    auto override_node = fresh.append_child("w:lvlOverride");
    override_node.append_attribute("w:ilvl") = level;
    override_node.append_child("w:startOverride").append_attribute("w:val") =
        lvl.child("w:start").attribute("w:val").as_int(1);
  }
  return id;
}

std::string WordContent::list_for(bool ordered, int start) {
  auto root = numbering_root();
  pugi::xml_node last_abstract;
  for (auto n : root.children("w:abstractNum")) last_abstract = n;
  auto abstract = last_abstract ? root.insert_child_after("w:abstractNum", last_abstract) : root.prepend_child("w:abstractNum");
  const int abstract_id = ++next_abstract_;
  abstract.append_attribute("w:abstractNumId") = abstract_id;
  abstract.append_child("w:multiLevelType").append_attribute("w:val") = "hybridMultilevel";
  static const char* bullets[] = {"\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA"};
  for (int level = 0; level < 9; ++level) {
    auto lvl = abstract.append_child("w:lvl");
    lvl.append_attribute("w:ilvl") = level;
    lvl.append_child("w:start").append_attribute("w:val") = level == 0 ? start : 1;
    lvl.append_child("w:numFmt").append_attribute("w:val") = ordered ? "decimal" : "bullet";
    const std::string text = ordered ? "%" + std::to_string(level + 1) + "." : bullets[level % 3];
    lvl.append_child("w:lvlText").append_attribute("w:val") = text.c_str();
    lvl.append_child("w:lvlJc").append_attribute("w:val") = "left";
    auto ind = lvl.append_child("w:pPr").append_child("w:ind");
    ind.append_attribute("w:left") = 720 * (level + 1);
    ind.append_attribute("w:hanging") = 360;
  }
  pugi::xml_node last_num;
  for (auto n : root.children("w:num")) last_num = n;
  auto num = last_num ? root.insert_child_after("w:num", last_num) : root.append_child("w:num");
  const std::string id = std::to_string(++next_num_);
  num.append_attribute("w:numId") = id.c_str();
  num.append_child("w:abstractNumId").append_attribute("w:val") = abstract_id;
  return id;
}

bool WordContent::replace(pugi::xml_node marker, const PreparedPart& part, Error* error) {
  if (named(marker, "s2d:image")) return image(marker, part, error);
  if (named(marker, "s2d:md")) return markdown(marker, part, error);
  return placeholder(marker, part, error);
}

std::string WordContent::embed(const PreparedPart& part, const ImageSource& image) {
  auto& name = media_by_bytes_[image.bytes];
  const std::string extension = image.mime == "image/png" ? "png" : "jpeg";
  const std::string folder = resolve_target(main_part_, "media/");
  if (name.empty()) {
    name = "s2d-image" + std::to_string(++media_count_) + "." + extension;
    edits_.put(folder + "/" + name, image.bytes);
    edits_.ensure_default(extension, image.mime);
  }
  // The target is relative to the part's folder (word/ for every part of a Word document).
  return edits_.add_relationship(part.name, kImageRel, "media/" + name, false);
}

std::string WordContent::drawing_xml(const std::string& rel, long long cx, long long cy) {
  const std::string id = std::to_string(++docpr_);
  const std::string size = "cx=\"" + std::to_string(cx) + "\" cy=\"" + std::to_string(cy) + "\"";
  drew_ = true;
  return "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent " + size +
         "/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"" + id + "\" name=\"Picture " + id +
         "\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>"
         "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>"
         "<pic:nvPicPr><pic:cNvPr id=\"" + id + "\" name=\"Picture " + id + "\"/><pic:cNvPicPr/></pic:nvPicPr>"
         "<pic:blipFill><a:blip r:embed=\"" + rel + "\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
         "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext " + size +
         "/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>"
         "</a:graphic></wp:inline></w:drawing>";
}

void WordContent::declare_namespaces(pugi::xml_document& document) {
  if (!drew_) return;
  auto root = document.document_element();
  const std::pair<const char*, const char*> spaces[] = {
      {"xmlns:wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"},
      {"xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main"},
      {"xmlns:pic", "http://schemas.openxmlformats.org/drawingml/2006/picture"},
      {"xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}};
  for (const auto& [name, uri] : spaces)
    if (!root.attribute(name)) root.append_attribute(name) = uri;
  drew_ = false;
}

namespace {

void insert_fragment(const std::string& xml, pugi::xml_node parent, pugi::xml_node before) {
  pugi::xml_document fragment;
  fragment.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  for (auto child : fragment.children()) parent.insert_copy_before(child, before);
}

void size_for(const ImageSource& image, const std::string& width, const std::string& height, long long* cx,
              long long* cy) {
  const double aspect = image.width > 0 ? double(image.height) / image.width : 1.0;
  *cx = length_emu(width);
  *cy = length_emu(height);
  if (!*cx && !*cy) {
    *cx = image.width * kEmuPerPixel;
    if (*cx > kMaxWidthEmu) *cx = kMaxWidthEmu;
  }
  if (!*cx) *cx = static_cast<long long>(*cy / aspect);
  if (!*cy) *cy = static_cast<long long>(*cx * aspect);
}

}  // namespace

bool WordContent::image(pugi::xml_node marker, const PreparedPart& part, Error* error) {
  ImageSource source;
  if (!resolve_image(marker.text().get(), marker.attribute("t").as_int(-1), part, options_, &source, error)) return false;
  long long cx = 0, cy = 0;
  size_for(source, marker.attribute("w").value(), marker.attribute("h").value(), &cx, &cy);
  insert_fragment(drawing_xml(embed(part, source), cx, cy), marker.parent(), marker);
  marker.parent().remove_child(marker);
  return true;
}

bool WordContent::placeholder(pugi::xml_node blip, const PreparedPart& part, Error* error) {
  int tag = -1;
  std::string reference;
  placeholder_reference(blip.attribute("r:embed").value(), &tag, &reference);
  ImageSource source;
  if (!resolve_image(reference, tag, part, options_, &source, error)) return false;
  blip.attribute("r:embed").set_value(embed(part, source).c_str());
  // Fit the picture inside the frame the author drew, keeping its proportions.
  pugi::xml_node frame = blip;
  while (frame && !named(frame, "wp:inline") && !named(frame, "wp:anchor")) frame = frame.parent();
  auto extent = frame.child("wp:extent");
  long long cx = 0, cy = 0;
  if (!fit_in_frame(source, extent.attribute("cx").as_double(), extent.attribute("cy").as_double(), &cx, &cy))
    return true;
  extent.attribute("cx").set_value(cx);
  extent.attribute("cy").set_value(cy);
  each_element(frame, [&](pugi::xml_node node) {
    if (named(node, "a:ext") && named(node.parent(), "a:xfrm")) {
      node.attribute("cx").set_value(cx);
      node.attribute("cy").set_value(cy);
    }
  });
  return true;
}

namespace {

// Builds Word paragraphs and runs from the document model.
class RichText {
 public:
  RichText(WordContent* content, PackageEdits& edits, const PreparedPart& part, pugi::xml_node run_properties,
           pugi::xml_node paragraph_properties, std::function<std::string(bool, int)> new_list)
      : edits_(edits), part_(part), run_properties_(run_properties), paragraph_properties_(paragraph_properties),
        new_list_(std::move(new_list)) {
    (void)content;
    root_ = scratch_.append_child("w:body");
  }

  void inlines(pugi::xml_node paragraph, const doc::Inlines& list, bool bold = false) {
    for (const auto& item : list) {
      pugi::xml_node container = paragraph;
      const bool link = !item.link.empty() && safe_link(item.link);
      if (link) {
        container = paragraph.append_child("w:hyperlink");
        container.append_attribute("r:id") = edits_.add_relationship(part_.name, kHyperlinkRel, item.link, true).c_str();
      }
      auto run = container.append_child("w:r");
      auto properties = run_properties_ ? run.append_copy(run_properties_) : run.append_child("w:rPr");
      const auto& order = run_property_order();
      if (bold || (item.style & doc::bold)) ensure_ordered(properties, "w:b", order);
      if (item.style & doc::italic) ensure_ordered(properties, "w:i", order);
      if (item.style & doc::strike) ensure_ordered(properties, "w:strike", order);
      if (item.style & doc::code)
        ensure_ordered(properties, "w:rFonts", order).append_attribute("w:ascii") = "Courier New";
      if (link) {
        auto color = ensure_ordered(properties, "w:color", order);
        if (!color.attribute("w:val")) color.append_attribute("w:val") = "0563C1";
        auto underline = ensure_ordered(properties, "w:u", order);
        if (!underline.attribute("w:val")) underline.append_attribute("w:val") = "single";
      }
      if (item.kind == doc::Inline::Kind::line_break) {
        run.append_child("w:br");
        continue;
      }
      auto text = run.append_child("w:t");
      text.append_attribute("xml:space") = "preserve";
      text.text().set(item.kind == doc::Inline::Kind::soft_break ? " " : item.text.c_str());
    }
  }

  pugi::xml_node paragraph() {
    auto p = root_.append_child("w:p");
    if (paragraph_properties_) {
      auto properties = p.append_copy(paragraph_properties_);
      properties.remove_child("w:numPr");
    }
    return p;
  }

  void blocks(const doc::Blocks& list, int depth = 0) {
    for (const auto& block : list) {
      switch (block.kind) {
        case doc::Block::Kind::paragraph:
        case doc::Block::Kind::heading:
          inlines(paragraph(), block.inlines, block.kind == doc::Block::Kind::heading);
          break;
        case doc::Block::Kind::list: {
          const std::string id = new_list_(block.ordered, block.start);
          for (const auto& item : block.items) list_item(item, id, depth);
          break;
        }
        case doc::Block::Kind::code_block:
          for (const auto& line : code_lines(block)) inlines(paragraph(), line);
          break;
        case doc::Block::Kind::table:
          for (const auto& line : table_lines(block)) inlines(paragraph(), line);
          break;
        case doc::Block::Kind::page_break:
          paragraph().append_child("w:r").append_child("w:br").append_attribute("w:type") = "page";
          break;
        case doc::Block::Kind::quote:
        case doc::Block::Kind::keep_together:
          blocks(block.children, depth);
          break;
        default:
          break;
      }
    }
  }

  void list_item(const doc::ListItem& item, const std::string& id, int depth) {
    bool numbered = false;
    for (const auto& block : item.blocks) {
      if (block.kind == doc::Block::Kind::list) {
        blocks({block}, depth + 1);
        continue;
      }
      if (numbered || (block.kind != doc::Block::Kind::paragraph && block.kind != doc::Block::Kind::heading)) {
        blocks({block}, depth);
        continue;
      }
      auto p = paragraph();
      auto properties = p.child("w:pPr") ? p.child("w:pPr") : p.prepend_child("w:pPr");
      static const std::vector<std::string_view> order = {"w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore",
                                                          "w:framePr", "w:widowControl", "w:numPr"};
      auto numbering = ensure_ordered(properties, "w:numPr", order);
      numbering.append_child("w:ilvl").append_attribute("w:val") = depth;
      numbering.append_child("w:numId").append_attribute("w:val") = id.c_str();
      properties.remove_child("w:ind");
      inlines(p, block.inlines);
      numbered = true;
    }
  }


  pugi::xml_node built() const { return root_; }

 private:
  PackageEdits& edits_;
  const PreparedPart& part_;
  pugi::xml_node run_properties_, paragraph_properties_;
  std::function<std::string(bool, int)> new_list_;
  pugi::xml_document scratch_;
  pugi::xml_node root_;
};

bool only_marker_text(pugi::xml_node paragraph, pugi::xml_node marker) {
  bool other = false;
  each_element(paragraph, [&](pugi::xml_node node) {
    if (named(node, "w:t") && std::string_view(node.text().get()).find_first_not_of(" \t") != std::string_view::npos)
      other = true;
    if ((named(node, "s2d:md") || named(node, "s2d:image") || named(node, "w:drawing")) && node != marker) other = true;
  });
  return !other;
}

}  // namespace

bool WordContent::markdown(pugi::xml_node marker, const PreparedPart& part, Error* error) {
  doc::Document document;
  if (!parse_markdown_value(marker.text().get(), marker.attribute("t").as_int(-1), part, options_, &document, error))
    return false;
  auto run = marker.parent();
  pugi::xml_node paragraph = run;
  while (paragraph && !named(paragraph, "w:p")) paragraph = paragraph.parent();
  if (!paragraph) return true;
  RichText rich(this, edits_, part, run.child("w:rPr"), paragraph.child("w:pPr"),
                [this](bool ordered, int start) { return list_for(ordered, start); });
  if (only_marker_text(paragraph, marker)) {
    rich.blocks(document.blocks);
    for (auto built : rich.built().children()) paragraph.parent().insert_copy_before(built, paragraph);
    paragraph.parent().remove_child(paragraph);
    return true;
  }
  // Inside a sentence: the run is cut at the marker and the value's runs go between.
  auto holder = rich.paragraph();
  rich.inlines(holder, flat_inlines(document.blocks));
  auto after = run.parent().insert_child_after("w:r", run);
  if (auto properties = run.child("w:rPr")) after.append_copy(properties);
  // Moved, not copied: a marker later in the run is still on the list of markers to replace.
  for (auto moving = marker.next_sibling(); moving;) {
    auto next = moving.next_sibling();
    after.append_move(moving);
    moving = next;
  }
  run.remove_child(marker);
  for (auto built : holder.children())
    if (!named(built, "w:pPr")) run.parent().insert_copy_before(built, after);
  return true;
}

}  // namespace s2d::office_template
