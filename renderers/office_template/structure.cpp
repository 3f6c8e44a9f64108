// Lifting block tags to what they govern: the paragraph they sit alone in,
// the paragraphs between them, or the table rows they span.
#include "renderers/office_template/docx.hpp"

#include <map>
#include <set>

namespace s2d::office_template::docx {
namespace {

struct Occurrence {
  FoundTag found;
  int paragraph = 0;   // index into the part's paragraphs
};

struct Block {
  int open = -1, close = -1;   // occurrence indices
  std::vector<int> elses;
};

struct Placement {
  enum How { inline_tag, before, after, point } how = inline_tag;
  pugi::xml_node anchor;
  bool soft = false;     // its paragraph goes only when the cell keeps another one
};

struct Paragraph {
  pugi::xml_node node;
  ParagraphText text;
  bool alone = false;    // holds block tags and nothing else
};

const std::set<std::string_view>& content_elements() {
  static const std::set<std::string_view> names = {"w:drawing", "w:pict", "w:object", "w:fldChar", "w:fldSimple",
                                                   "w:footnoteReference", "w:endnoteReference", "w:sym", "w:sectPr",
                                                   "a:fld", "w:txbxContent", "mc:AlternateContent"};
  return names;
}

bool has_content(pugi::xml_node paragraph) {
  bool found = false;
  each_element(paragraph, [&](pugi::xml_node node) {
    if (content_elements().count(node.name())) found = true;
  });
  return found;
}

bool blank(std::string_view text) {
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

pugi::xml_node common_ancestor(pugi::xml_node a, pugi::xml_node b) {
  std::set<const void*> seen;
  for (auto n = a; n; n = n.parent()) seen.insert(n.internal_object());
  for (auto n = b; n; n = n.parent())
    if (seen.count(n.internal_object())) return n;
  return {};
}

pugi::xml_node child_toward(pugi::xml_node ancestor, pugi::xml_node node) {
  while (node && node.parent() != ancestor) node = node.parent();
  return node;
}

std::string chain(pugi::xml_node text, pugi::xml_node paragraph) {
  std::string out;
  for (auto n = text.parent(); n && n != paragraph; n = n.parent()) out += std::string(n.name()) + "/";
  return out;
}

class Lifter {
 public:
  Lifter(pugi::xml_document& document, const std::string& part, const Structure& structure, const Prepared* prepared,
         PartSource* source)
      : document_(document), part_(part), s_(structure), prepared_(prepared), source_(source) {}

  bool run(Error* error) {
    return scan(error) && pair(error) && place_all(error) && apply() &&
           (column_loops_.empty() || repeat_columns(column_loops_, row_blocks_, source_, error));
  }

 private:
  pugi::xml_document& document_;
  const std::string& part_;
  const Structure& s_;
  const Prepared* prepared_;
  PartSource* source_;
  std::vector<Paragraph> paragraphs_;
  std::map<const void*, int> paragraph_index_;
  std::vector<Occurrence> occurrences_;
  std::vector<Block> blocks_;
  std::map<int, Placement> placements_;    // occurrence -> where its marker goes
  std::map<int, std::string> pass_markers_;  // open occurrence -> pass marker text
  std::map<int, int> occurrence_of_piece_;
  std::map<std::string, int> first_use_;      // list -> its first paragraph
  bool lists_read_ = false;
  std::vector<ColumnLoop> column_loops_;
  std::vector<RowBlock> row_blocks_;

  const Tag& tag_of(int occurrence) const { return source_->tag(occurrences_[occurrence].found.tag); }
  Error fail(int occurrence, const std::string& message) const {
    return source_->error_at(occurrences_[occurrence].found.tag, "template_invalid", message);
  }

  bool scan(Error* error) {
    each_element(document_, [&](pugi::xml_node node) {
      if (named(node, s_.paragraph)) paragraphs_.push_back({node, {}, false});
    });
    for (std::size_t i = 0; i < paragraphs_.size(); ++i) {
      auto& paragraph = paragraphs_[i];
      paragraph_index_[paragraph.node.internal_object()] = static_cast<int>(i);
      Where where{part_, static_cast<int>(i + 1), "", 0, ""};
      if (s_.locate) s_.locate(paragraph.node, &where);
      if (!scan_paragraph(paragraph.node, {s_.paragraph, s_.text}, source_, where, &paragraph.text, error)) return false;
      bool only_blocks = !paragraph.text.tags.empty();
      for (const auto& found : paragraph.text.tags) {
        if (source_->tag(found.tag).kind == Tag::Kind::chart)
          return *error = source_->error_at(found.tag, "template_invalid",
                                            "{{chart ...}} goes in a chart's title or its first series name, not in "
                                            "the text"),
                 false;
        occurrence_of_piece_[found.piece] = static_cast<int>(occurrences_.size());
        occurrences_.push_back({found, static_cast<int>(i)});
        only_blocks = only_blocks && source_->tag(found.tag).is_block();
      }
      paragraph.alone = only_blocks && blank(paragraph.text.plain) && !has_content(paragraph.node);
    }
    return true;
  }

  bool pair(Error* error) {
    std::vector<int> open;   // block indices
    for (std::size_t i = 0; i < occurrences_.size(); ++i) {
      const Tag& tag = tag_of(static_cast<int>(i));
      const int occurrence = static_cast<int>(i);
      if (tag.kind == Tag::Kind::open) {
        blocks_.push_back({occurrence, -1, {}});
        open.push_back(static_cast<int>(blocks_.size() - 1));
      } else if (tag.kind == Tag::Kind::else_tag) {
        if (open.empty()) return *error = fail(occurrence, "{{else}} outside of any block"), false;
        blocks_[open.back()].elses.push_back(occurrence);
      } else if (tag.kind == Tag::Kind::close) {
        if (open.empty()) return *error = fail(occurrence, tag.written + " has no opening tag before it"), false;
        Block& block = blocks_[open.back()];
        const Tag& opener = tag_of(block.open);
        if (opener.block != tag.block) {
          const Where& where = source_->where(occurrences_[block.open].found.tag);
          return *error = fail(occurrence, tag.written + " closes " + opener.written + ", opened in paragraph " +
                                               std::to_string(where.paragraph)),
                 false;
        }
        block.close = occurrence;
        open.pop_back();
      }
    }
    if (!open.empty()) {
      const Block& block = blocks_[open.back()];
      *error = fail(block.open, tag_of(block.open).written + " is never closed: add {{/" + tag_of(block.open).block +
                                    "}} in this part");
      return false;
    }
    return true;
  }

  pugi::xml_node paragraph_node(int occurrence) const { return paragraphs_[occurrences_[occurrence].paragraph].node; }
  bool alone(int occurrence) const { return paragraphs_[occurrences_[occurrence].paragraph].alone; }

  bool place_all(Error* error) {
    for (const auto& block : blocks_)
      if (!place(block, error)) return false;
    return true;
  }

  bool place(const Block& block, Error* error) {
    const auto p_open = paragraph_node(block.open), p_close = paragraph_node(block.close);
    if (p_open == p_close) {
      if (auto cell = column_header(block, p_open)) return place_column(block, cell, error);
      return place_inline(block, p_open, error);
    }
    const auto ancestor = common_ancestor(p_open, p_close);
    if (named(ancestor, s_.row)) {
      if (!block.elses.empty()) return *error = fail(block.elses.front(), "{{else}} cannot sit in a repeated table row"), false;
      placements_[block.open] = {Placement::before, ancestor, true};
      placements_[block.close] = {Placement::after, ancestor, true};
      row_blocks_.push_back({ancestor, ancestor, occurrences_[block.open].found.tag});
      note_pass(block, ancestor, ancestor, true);
      return true;
    }
    const auto first = child_toward(ancestor, p_open), last = child_toward(ancestor, p_close);
    if (named(ancestor, s_.table)) {
      if (!named(first, s_.row) || !named(last, s_.row))
        return *error = fail(block.open, "the tags of this block must sit in rows of the same table"), false;
      placements_[block.open] = {Placement::before, first, true};
      placements_[block.close] = {Placement::after, last, true};
      for (int e : block.elses) {
        const auto row = child_toward(ancestor, paragraph_node(e));
        if (!named(row, s_.row)) return *error = fail(e, "{{else}} must sit in a row of the block's table"), false;
        placements_[e] = {Placement::before, row, true};
      }
      row_blocks_.push_back({first, last, occurrences_[block.open].found.tag});
      note_pass(block, first, last, false);
      return true;
    }
    const bool open_point = first == p_open && alone(block.open);
    const bool close_point = last == p_close && alone(block.close);
    placements_[block.open] = {open_point ? Placement::point : Placement::before, first, false};
    placements_[block.close] = {close_point ? Placement::point : Placement::after, last, false};
    for (int e : block.elses) {
      const auto holder = child_toward(ancestor, paragraph_node(e));
      if (holder != paragraph_node(e) || !alone(e))
        return *error = fail(e, "{{else}} of a block over paragraphs must be alone in a paragraph between them"), false;
      placements_[e] = {Placement::point, holder, false};
    }
    note_pass(block, open_point ? first.next_sibling() : first, close_point ? last.previous_sibling() : last, false);
    return true;
  }

  // The cell of a table's first row that an {{#each}} inside one paragraph
  // makes up entirely (nothing but blank text outside its tags): a loop over
  // the table's columns. Null otherwise.
  pugi::xml_node column_header(const Block& block, pugi::xml_node paragraph) const {
    if (!s_.column_loops || tag_of(block.open).block != "each") return {};
    const auto cell = paragraph.parent(), row = cell.parent(), table = row.parent();
    if (!named(cell, s_.cell) || !named(row, s_.row) || !named(table, s_.table) || table.child(s_.row) != row)
      return {};
    if (cell.find_node([&](pugi::xml_node n) { return named(n, s_.table); })) return {};
    std::string text;
    each_element(cell, [&](pugi::xml_node n) {
      if (named(n, s_.text)) text += n.text().get();
    });
    const std::string& open = occurrences_[block.open].found.token;
    const std::string& close = occurrences_[block.close].found.token;
    const auto open_at = text.find(open), close_at = text.find(close);
    if (open_at == std::string::npos || close_at == std::string::npos) return {};
    const std::string before = text.substr(0, open_at), after = text.substr(close_at + close.size());
    if (has_token(before) || has_token(after) || !blank(before) || !blank(after)) return {};
    return cell;
  }

  bool place_column(const Block& block, pugi::xml_node cell, Error* error) {
    if (!block.elses.empty())
      return *error = fail(block.elses.front(), "{{else}} cannot sit in a repeated table column"), false;
    placements_[block.open] = {Placement::before, cell, true};
    placements_[block.close] = {Placement::after, cell, true};
    column_loops_.push_back({cell, occurrences_[block.open].found.tag});
    return true;
  }

  bool place_inline(const Block& block, pugi::xml_node paragraph, Error* error) {
    const std::string expected = chain(occurrences_[block.open].found.text_node, paragraph);
    std::vector<int> others = block.elses;
    others.push_back(block.close);
    for (int other : others)
      if (chain(occurrences_[other].found.text_node, paragraph) != expected)
        return *error = fail(other, "the tags of one block inside a paragraph must both be inside or both outside the "
                                    "same hyperlink or field"),
               false;
    return true;
  }

  // Loops get a marker at the start of each pass: numbering restarts there,
  // and a repeated single row continues its vertical merges.
  void note_pass(const Block& block, pugi::xml_node first, pugi::xml_node last, bool single_row) {
    if (tag_of(block.open).block != "each") return;
    std::string lists;
    if (s_.list_of && first && last) {
      if (!lists_read_) {
        for (std::size_t i = 0; i < paragraphs_.size(); ++i) {
          const std::string list = s_.list_of(paragraphs_[i].node, prepared_);
          if (!list.empty() && !first_use_.count(list)) first_use_[list] = static_cast<int>(i);
        }
        lists_read_ = true;
      }
      auto& first_use = first_use_;
      std::set<std::string> restart, kinds;
      const auto end = last.next_sibling();
      for (auto node = first; node && node != end; node = node.next_sibling()) {
        auto visit = [&](pugi::xml_node n) {
          if (!named(n, s_.paragraph)) return;
          auto index = paragraph_index_.find(n.internal_object());
          if (index == paragraph_index_.end() || paragraphs_[index->second].alone) return;
          const std::string list = s_.list_of(n, prepared_);
          kinds.insert(list);
          if (!list.empty() && first_use[list] == index->second) restart.insert(list);
        };
        visit(node);
        each_element(node, visit);
      }
      // A loop whose body is nothing but items of one list makes that list's items: it continues.
      if (kinds.size() == 1) restart.clear();
      for (const auto& list : restart) lists += (lists.empty() ? "" : " ") + list;
    }
    pass_markers_[block.open] = std::string("<s2d:pass i=\"{{@index}}\"") + (single_row ? " r=\"1\"" : "") +
                                (lists.empty() ? "" : " n=\"" + lists + "\"") + "/>";
  }

  bool removable(std::size_t p) const {
    const auto& paragraph = paragraphs_[p];
    if (!paragraph.alone) return false;
    bool soft = false;
    for (const auto& found : paragraph.text.tags) {
      const auto index = occurrence_of(found);
      auto placed = placements_.find(index);
      if (placed == placements_.end()) {
        if (tag_of(index).kind != Tag::Kind::comment) return false;
        continue;
      }
      if (placed->second.how == Placement::inline_tag) return false;
      soft = soft || placed->second.soft;
    }
    if (!soft) return true;
    int siblings = 0;
    for (auto child : paragraph.node.parent().children(s_.paragraph)) siblings += child ? 1 : 0;
    return siblings > 1;
  }

  int occurrence_of(const FoundTag& found) const {
    auto known = occurrence_of_piece_.find(found.piece);
    return known == occurrence_of_piece_.end() ? -1 : known->second;
  }

  bool apply() {
    std::map<const void*, pugi::xml_node> last_after;
    std::set<const void*> preserve;
    for (std::size_t i = 0; i < occurrences_.size(); ++i) {
      const auto& occurrence = occurrences_[i];
      const Tag& tag = source_->tag(occurrence.found.tag);
      auto placed = placements_.find(static_cast<int>(i));
      if (placed == placements_.end() || placed->second.how == Placement::inline_tag) {
        if (!tag.is_block()) source_->set_piece_text(occurrence.found.piece, s_.inline_markup(tag, occurrence.found.tag));
        preserve.insert(occurrence.found.text_node.internal_object());
        continue;
      }
      // Lifted: the token leaves the text and stands beside what the block governs.
      auto text = occurrence.found.text_node.text();
      std::string value = text.get();
      value.erase(value.find(occurrence.found.token), occurrence.found.token.size());
      text.set(value.c_str());
      std::string marker = occurrence.found.token;
      auto pass = pass_markers_.find(static_cast<int>(i));
      if (pass != pass_markers_.end()) marker += source_->token({pass->second, -1});
      const auto& where = placed->second;
      auto parent = where.anchor.parent();
      pugi::xml_node node;
      if (where.how == Placement::after) {
        auto& last = last_after[where.anchor.internal_object()];
        node = parent.insert_child_after(pugi::node_pcdata, last ? last : where.anchor);
        last = node;
      } else {
        node = parent.insert_child_before(pugi::node_pcdata, where.anchor);
      }
      node.set_value(marker.c_str());
    }
    if (std::string_view(s_.text) == "w:t")
      for (const auto& occurrence : occurrences_)
        if (preserve.count(occurrence.found.text_node.internal_object()) &&
            !occurrence.found.text_node.attribute("xml:space"))
          pugi::xml_node(occurrence.found.text_node).append_attribute("xml:space") = "preserve";
    std::vector<pugi::xml_node> removed;
    for (std::size_t p = 0; p < paragraphs_.size(); ++p)
      if (removable(p)) removed.push_back(paragraphs_[p].node);
    for (auto node : removed) node.parent().remove_child(node);
    return true;
  }
};

}  // namespace

bool prepare_structure(pugi::xml_document& document, const std::string& part, const Structure& structure,
                       const Prepared* prepared, PartSource* source, Error* error) {
  Lifter lifter(document, part, structure, prepared, source);
  return lifter.run(error);
}

}  // namespace s2d::office_template::docx
