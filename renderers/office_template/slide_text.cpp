#include "renderers/office_template/slide_text.hpp"

#include "renderers/office_template/rich_text.hpp"

#include <string_view>
#include <vector>

namespace s2d::office_template::pptx {
namespace {

constexpr long long kIndentPerLevel = 342900;  // EMU: 0.375 inch, PowerPoint's own list indent

// Where bullet elements go among a:pPr's children (the schema's sequence).
bool after_bullets(pugi::xml_node child) {
  return named(child, "a:tabLst") || named(child, "a:defRPr") || named(child, "a:extLst");
}

bool is_bullet(pugi::xml_node child) {
  for (const char* name : {"a:buClrTx", "a:buClr", "a:buSzTx", "a:buSzPct", "a:buSzPts", "a:buFontTx", "a:buFont",
                           "a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip"})
    if (named(child, name)) return true;
  return false;
}

// Where a:latin and a:hlinkClick go among a:rPr's children.
pugi::xml_node ensure_run_child(pugi::xml_node properties, const char* name) {
  if (auto existing = properties.child(name)) return existing;
  static const std::vector<std::string_view> order = {"a:ln",    "a:noFill",   "a:solidFill", "a:gradFill", "a:blipFill",
                                                      "a:pattFill", "a:grpFill", "a:effectLst", "a:effectDag",
                                                      "a:highlight", "a:uLnTx", "a:uLn", "a:uFillTx", "a:uFill",
                                                      "a:latin", "a:ea", "a:cs", "a:sym", "a:hlinkClick",
                                                      "a:hlinkMouseOver", "a:rtl", "a:extLst"};
  auto rank = [&](std::string_view n) {
    for (std::size_t i = 0; i < order.size(); ++i)
      if (order[i] == n) return i;
    return order.size();
  };
  for (auto child : properties.children())
    if (rank(child.name()) > rank(name)) return properties.insert_child_before(name, child);
  return properties.append_child(name);
}

class SlideRichText {
 public:
  SlideRichText(PackageEdits& edits, const std::string& target, pugi::xml_node run_properties,
                pugi::xml_node paragraph_properties)
      : edits_(edits), target_(target), run_properties_(run_properties), paragraph_properties_(paragraph_properties) {
    root_ = scratch_.append_child("a:txBody");
  }

  // A paragraph in the style of the one the tag stood in (its bullets
  // too: often an explicit "none" over the layout's list style).
  pugi::xml_node paragraph() {
    auto p = root_.append_child("a:p");
    if (paragraph_properties_) p.append_copy(paragraph_properties_);
    return p;
  }

  void inlines(pugi::xml_node paragraph, const doc::Inlines& list, bool bold = false) {
    for (const auto& item : list) {
      if (item.kind == doc::Inline::Kind::line_break) {
        auto line_break = paragraph.append_child("a:br");
        if (run_properties_) line_break.append_copy(run_properties_);
        continue;
      }
      auto run = paragraph.append_child("a:r");
      auto properties = run_properties_ ? run.append_copy(run_properties_) : run.append_child("a:rPr");
      if (bold || (item.style & doc::bold)) set(properties, "b", "1");
      if (item.style & doc::italic) set(properties, "i", "1");
      if (item.style & doc::strike) set(properties, "strike", "sngStrike");
      if (item.style & doc::code) set(ensure_run_child(properties, "a:latin"), "typeface", "Courier New");
      if (!item.link.empty() && safe_link(item.link)) {
        set(properties, "u", "sng");
        const auto rel = edits_.add_relationship(target_, kHyperlinkRel, item.link, true);
        set(ensure_run_child(properties, "a:hlinkClick"), "r:id", rel.c_str());
      }
      auto text = run.append_child("a:t");
      text.text().set(item.kind == doc::Inline::Kind::soft_break ? " " : item.text.c_str());
    }
  }

  void blocks(const doc::Blocks& list, int depth = 0) {
    for (const auto& block : list) {
      switch (block.kind) {
        case doc::Block::Kind::paragraph:
        case doc::Block::Kind::heading:
          inlines(paragraph(), block.inlines, block.kind == doc::Block::Kind::heading);
          break;
        case doc::Block::Kind::list:
          for (const auto& item : block.items) list_item(item, block, depth);
          break;
        case doc::Block::Kind::code_block:
          for (const auto& line : code_lines(block)) inlines(paragraph(), line);
          break;
        case doc::Block::Kind::table:
          for (const auto& line : table_lines(block)) inlines(paragraph(), line);
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


  pugi::xml_node built() const { return root_; }

 private:
  PackageEdits& edits_;
  const std::string& target_;
  pugi::xml_node run_properties_, paragraph_properties_;
  pugi::xml_document scratch_;
  pugi::xml_node root_;

  static void set(pugi::xml_node node, const char* name, const char* value) {
    auto attribute = node.attribute(name);
    if (!attribute) attribute = node.append_attribute(name);
    attribute.set_value(value);
  }

  void list_item(const doc::ListItem& item, const doc::Block& list, int depth) {
    bool marked = false;
    for (const auto& block : item.blocks) {
      if (block.kind == doc::Block::Kind::list) {
        blocks({block}, depth + 1);
        continue;
      }
      if (marked || (block.kind != doc::Block::Kind::paragraph && block.kind != doc::Block::Kind::heading)) {
        blocks({block}, depth);
        continue;
      }
      auto p = paragraph();
      auto properties = p.child("a:pPr") ? p.child("a:pPr") : p.prepend_child("a:pPr");
      for (auto child = properties.first_child(); child;) {
        auto next = child.next_sibling();
        if (is_bullet(child)) properties.remove_child(child);
        child = next;
      }
      set(properties, "marL", std::to_string(kIndentPerLevel * (depth + 1)).c_str());
      set(properties, "indent", std::to_string(-kIndentPerLevel).c_str());
      set(properties, "lvl", std::to_string(std::min(depth, 8)).c_str());
      pugi::xml_node before;
      for (auto child : properties.children())
        if (after_bullets(child)) {
          before = child;
          break;
        }
      auto add = [&](const char* name) {
        return before ? properties.insert_child_before(name, before) : properties.append_child(name);
      };
      if (list.ordered) {
        auto number = add("a:buAutoNum");
        number.append_attribute("type") = "arabicPeriod";
        if (list.start != 1) number.append_attribute("startAt") = list.start;
      } else {
        add("a:buFont").append_attribute("typeface") = "Arial";
        add("a:buChar").append_attribute("char") = "\u2022";
      }
      inlines(p, block.inlines);
      marked = true;
    }
  }
};

bool only_marker_text(pugi::xml_node paragraph, pugi::xml_node marker) {
  bool other = false;
  each_element(paragraph, [&](pugi::xml_node node) {
    if (named(node, "a:t") && std::string_view(node.text().get()).find_first_not_of(" \t") != std::string_view::npos)
      other = true;
    if (named(node, "s2d:md") && node != marker) other = true;
  });
  return !other;
}

bool place_one(pugi::xml_node marker, const PreparedPart& part, const std::string& target, PackageEdits& edits,
               const Options& options, Error* error) {
  doc::Document document;
  if (!parse_markdown_value(marker.text().get(), marker.attribute("t").as_int(-1), part, options, &document, error))
    return false;
  auto run = marker.parent();
  auto paragraph = run.parent();
  if (!named(run, "a:r") || !named(paragraph, "a:p")) {
    run.remove_child(marker);
    return true;
  }
  SlideRichText rich(edits, target, run.child("a:rPr"), paragraph.child("a:pPr"));
  if (only_marker_text(paragraph, marker)) {
    rich.blocks(document.blocks);
    for (auto built : rich.built().children()) paragraph.parent().insert_copy_before(built, paragraph);
    paragraph.parent().remove_child(paragraph);
    return true;
  }
  // Inside a sentence: the run is cut at the marker and the value's runs go between.
  auto holder = rich.paragraph();
  rich.inlines(holder, flat_inlines(document.blocks));
  auto after = paragraph.insert_child_after("a:r", run);
  if (auto properties = run.child("a:rPr")) after.append_copy(properties);
  // Moved, not copied: a marker later in the run is still on the list of markers to replace.
  for (auto moving = marker.next_sibling(); moving;) {
    auto next = moving.next_sibling();
    after.append_move(moving);
    moving = next;
  }
  run.remove_child(marker);
  for (auto built : holder.children())
    if (!named(built, "a:pPr")) paragraph.insert_copy_before(built, after);
  return true;
}

}  // namespace

std::string markdown_marker(int tag_index, const std::string& value_markup) {
  return "</a:t><s2d:md t=\"" + std::to_string(tag_index) + "\">" + value_markup + "</s2d:md><a:t>";
}

bool place_markdown(pugi::xml_document& document, const PreparedPart& part, const std::string& target,
                    PackageEdits& edits, const Options& options, Error* error) {
  std::vector<pugi::xml_node> markers;
  each_element(document, [&](pugi::xml_node node) {
    if (named(node, "s2d:md")) markers.push_back(node);
  });
  for (auto marker : markers)
    if (!place_one(marker, part, target, edits, options, error)) return false;
  return true;
}

}  // namespace s2d::office_template::pptx
