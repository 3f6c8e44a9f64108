#include "renderers/office_template/docx.hpp"

#include "renderers/office_template/word_content.hpp"

#include <algorithm>
#include <deque>
#include <set>

namespace s2d::office_template::docx {
namespace {

constexpr std::string_view kRelBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string word_inline(const Tag& tag, int tag_index) {
  const std::string reopen = "<w:t xml:space=\"preserve\">";
  switch (tag.kind) {
    case Tag::Kind::pagebreak:
      return "</w:t><w:br w:type=\"page\"/>" + reopen;
    case Tag::Kind::image:
      return "</w:t><s2d:image t=\"" + std::to_string(tag_index) + "\" w=\"" + xml_escape(tag.width) + "\" h=\"" +
             xml_escape(tag.height) + "\">" + value_markup(tag) + "</s2d:image>" + reopen;
    case Tag::Kind::markdown:
      return "</w:t><s2d:md t=\"" + std::to_string(tag_index) + "\">" + value_markup(tag) + "</s2d:md>" + reopen;
    default:
      return tag.text;
  }
}

std::string word_list(pugi::xml_node paragraph, const Prepared* prepared) {
  const auto properties = paragraph.child("w:pPr");
  const auto direct = properties.child("w:numPr").child("w:numId").attribute("w:val");
  if (direct) return std::string(direct.value()) == "0" ? "" : direct.value();
  if (!prepared) return "";
  auto style = prepared->style_numbering.find(properties.child("w:pStyle").attribute("w:val").value());
  return style == prepared->style_numbering.end() ? "" : style->second.num_id;
}

const Structure& word_structure() {
  static const Structure structure{"w:p", "w:t", "w:tr", "w:tbl", "w:tc", word_inline, word_list, nullptr, true};
  return structure;
}

void read_style_numbering(const PackageIn& in, const std::string& styles_part, Prepared* out) {
  std::string bytes, message;
  pugi::xml_document styles;
  if (!in.read(styles_part, &bytes, &message) || !load_xml(&styles, bytes)) return;
  std::map<std::string, std::string> based_on;
  for (auto style : styles.child("w:styles").children("w:style")) {
    const std::string id = style.attribute("w:styleId").value();
    based_on[id] = style.child("w:basedOn").attribute("w:val").value();
    const auto numbering = style.child("w:pPr").child("w:numPr");
    if (!numbering) continue;
    StyleNumbering entry{numbering.child("w:numId").attribute("w:val").value(),
                         numbering.child("w:ilvl").attribute("w:val").as_string("0")};
    if (!entry.num_id.empty() && entry.num_id != "0") out->style_numbering[id] = entry;
  }
  // Styles based on a numbered style inherit its list (a short chain suffices in practice).
  for (int round = 0; round < 4; ++round)
    for (const auto& [id, parent] : based_on)
      if (!out->style_numbering.count(id) && out->style_numbering.count(parent))
        out->style_numbering[id] = out->style_numbering[parent];
}

// Word writes a typed link target URL-encoded: the braces and quotes of its tags come back.
std::string decode_tag_characters(std::string_view target) {
  static const std::pair<std::string_view, char> codes[] = {{"%7B", '{'}, {"%7D", '}'}, {"%20", ' '}, {"%22", '"'},
                                                            {"%27", '\''}, {"%7b", '{'}, {"%7d", '}'}};
  std::string out;
  for (std::size_t i = 0; i < target.size();) {
    bool replaced = false;
    for (const auto& [code, c] : codes)
      if (target.compare(i, code.size(), code) == 0) {
        out += c;
        i += code.size();
        replaced = true;
        break;
      }
    if (!replaced) out += target[i++];
  }
  return out;
}

// A hyperlink whose target holds tags ({{url}}, https://x.test/{{id}}) gets
// its target from the data: a relationship per merged link.
bool prepare_link_targets(const PackageIn& in, pugi::xml_document& document, PreparedPart* part, Error* error) {
  std::string bytes, message;
  pugi::xml_document rels;
  if (!in.read(rels_name_for(part->name), &bytes, &message) || !load_xml(&rels, bytes)) return true;
  std::map<std::string, std::string> templated;   // relationship id -> target with tags
  for (auto rel : rels.child("Relationships").children("Relationship")) {
    const std::string target = decode_tag_characters(rel.attribute("Target").value());
    if (std::string_view(rel.attribute("TargetMode").value()) == "External" && target.find("{{") != std::string::npos)
      templated[rel.attribute("Id").value()] = target;
  }
  if (templated.empty()) return true;
  std::vector<pugi::xml_node> links;
  each_element(document, [&](pugi::xml_node node) {
    if (named(node, "w:hyperlink") && templated.count(node.attribute("r:id").value())) links.push_back(node);
  });
  for (auto link : links) {
    const std::string target = templated[link.attribute("r:id").value()];
    std::string markup = "s2dlink:";
    Where where{part->name, 0, "", 0, "link target: " + target};
    for (std::size_t at = 0; at < target.size();) {
      const auto open = target.find("{{", at);
      const auto close = open == std::string::npos ? open : target.find("}}", open);
      if (open == std::string::npos || close == std::string::npos) {
        markup += xml_escape(target.substr(at));
        break;
      }
      markup += xml_escape(target.substr(at, open - at));
      Tag tag;
      std::string problem;
      if (!classify_tag(std::string_view(target).substr(open, close + 2 - open), &tag, &problem) ||
          tag.kind != Tag::Kind::value) {
        tag.written = target.substr(open, close + 2 - open);
        *error = part->source.error_at(part->source.add_tag(tag, where), "template_invalid",
                                       problem.empty() ? "a link target may hold value tags only" : problem);
        return false;
      }
      const std::string text = tag.text;
      part->source.add_tag(std::move(tag), where);
      markup += text;
      at = close + 2;
    }
    link.attribute("r:id").set_value(part->source.token({markup, static_cast<int>(part->source.tag_count()) - 1}).c_str());
  }
  return true;
}

}  // namespace

bool prepare(const PackageIn& in, Prepared* out, Error* error) {
  std::string bytes, message;
  pugi::xml_document package_rels;
  if (!in.read("_rels/.rels", &bytes, &message) || !load_xml(&package_rels, bytes)) {
    *error = Error::of("template_invalid", "not an Office package: _rels/.rels is missing or damaged", "_rels/.rels");
    return false;
  }
  for (auto rel : package_rels.child("Relationships").children("Relationship"))
    if (ends_with(rel.attribute("Type").value(), "/officeDocument"))
      out->main_part = resolve_target("", rel.attribute("Target").value());
  if (out->main_part.empty() || !in.has(out->main_part)) {
    *error = Error::of("template_invalid", "the package has no main document (is it a DOCX file?)", "_rels/.rels");
    return false;
  }
  std::vector<std::string> names = {out->main_part}, notes;
  pugi::xml_document main_rels;
  if (in.read(rels_name_for(out->main_part), &bytes, &message) && load_xml(&main_rels, bytes)) {
    for (auto rel : main_rels.child("Relationships").children("Relationship")) {
      const std::string type = rel.attribute("Type").value();
      const std::string target = resolve_target(out->main_part, rel.attribute("Target").value());
      if (type == std::string(kRelBase) + "styles") read_style_numbering(in, target, out);
      for (const char* kind : {"header", "footer"})
        if (type == std::string(kRelBase) + kind && in.has(target)) names.push_back(target);
      for (const char* kind : {"footnotes", "endnotes", "comments"})
        if (type == std::string(kRelBase) + kind && in.has(target)) notes.push_back(target);
    }
  }
  // Notes parts merge last: the parts before them say which notes a loop copied.
  names.insert(names.end(), notes.begin(), notes.end());
  for (const auto& name : names) {
    PreparedPart part;
    part.name = name;
    pugi::xml_document document;
    if (!in.read(name, &bytes, &message) || !load_xml(&document, bytes)) {
      *error = Error::of("template_invalid", "part " + name + " is not well-formed XML", name);
      return false;
    }
    if (name == out->main_part && !document.child("w:document")) {
      *error = Error::of("template_invalid", "the package is not a Word document (is it a DOCX file?)", name);
      return false;
    }
    if (!prepare_structure(document, name, word_structure(), out, &part.source, error) ||
        !prepare_placeholder_pictures(document, &part, "wp:docPr", "", error) || !prepare_link_targets(in, document, &part, error) ||
        !compile_part(document, &part, error))
      return false;
    merge_fields(&out->fields, part.compiled->fields_json());
    out->parts.push_back(std::move(part));
  }
  const std::string folder = out->main_part.substr(0, out->main_part.rfind('/') + 1);
  return charts::prepare(in, folder, &out->charts, &out->fields, error) &&
         prepare_plain_parts(in, &out->plain, &out->fields, error);
}

namespace {

// Ids of notes copied for a loop's passes, above any a word processor writes.
constexpr int kFirstCopiedNoteId = 2000000;

// The repairs one merge makes across the package.
class Finisher {
 public:
  Finisher(const Prepared& prepared, const PackageIn& in, const Options& options)
      : prepared_(prepared), edits_(in), content_(edits_, options, prepared.main_part) {}

  bool finish(const PreparedPart& part, const std::string& merged, Error* error) {
    pugi::xml_document document;
    if (!load_xml(&document, merged)) {
      *error = Error::of("render_failed", "the merge of " + part.name + " produced malformed XML", part.name);
      return false;
    }
    part_ = &part;
    passes_.clear();
    pending_.clear();
    continued_rows_.clear();
    texts_.clear();
    cells_.clear();
    specials_.clear();
    bookmarks_.clear();
    column_markers_.clear();
    charts_shown_.clear();
    walk(document);
    for (auto pass : passes_) pass.parent().remove_child(pass);
    for (auto row : continued_rows_) continue_merges(row);
    for (auto text : texts_) split_text(text);
    renumber_bookmarks();
    clone_notes(document);
    for (auto special : specials_)
      if (!content_.replace(special, part, error)) return false;
    for (auto cell : cells_)
      if (!cell.child("w:p")) cell.append_child("w:p");
    for (auto marker : column_markers_) fit_columns(marker);
    content_.declare_namespaces(document);
    edits_.put(part.name, save_xml(document));
    return true;
  }

  void write_to(PackageOut* out) { edits_.write_to(out); }
  PackageEdits& edits() { return edits_; }

 private:
  const Prepared& prepared_;
  PackageEdits edits_;
  WordContent content_;
  const PreparedPart* part_ = nullptr;
  std::vector<pugi::xml_node> passes_, continued_rows_, texts_, cells_, specials_, bookmarks_, column_markers_;
  std::set<std::string> pending_;             // lists that restart at their next paragraph
  std::map<std::string, std::string> current_;  // template list -> list of the current pass
  // Notes anchored in a loop: how often each anchor element met each id, and
  // the fresh ids of the copies (comments, footnotes, endnotes by template id).
  std::map<std::string, int> anchors_seen_[5];
  std::map<std::string, std::vector<int>> note_copies_[3];
  int note_id_ = 0;
  int docpr_ = 0, sdt_ = 0;
  std::set<std::string> charts_shown_;   // chart relationships the part's frames use so far

  // A chart a loop repeated shows a copy of its part: Word wants one part per chart frame.
  void give_chart_its_part(pugi::xml_node frame) {
    const std::string id = frame.attribute("r:id").value();
    if (charts_shown_.insert(id).second) return;
    auto rel = edits_.rels(part_->name).child("Relationships").find_child_by_attribute("Relationship", "Id", id.c_str());
    if (!rel) return;
    const std::string target = rel.attribute("Target").value();
    const std::string copy = charts::copy_chart(&edits_, resolve_target(part_->name, target));
    const std::string folder = target.substr(0, target.rfind('/') + 1);
    const std::string copy_id =
        edits_.add_relationship(part_->name, charts::kChartRel, folder + copy.substr(copy.rfind('/') + 1), false);
    frame.attribute("r:id").set_value(copy_id.c_str());
    charts_shown_.insert(copy_id);
  }

  void walk(pugi::xml_node node) {
    for (auto child = node.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      const std::string_view name = child.name();
      if (name == "s2d:pass") {
        on_pass(child);
        continue;
      }
      if (name == kColumnsMarker) {
        column_markers_.push_back(child);
        continue;
      }
      if (name == "w:p") on_paragraph(child);
      else if (name == "w:t") texts_.push_back(child);
      else if (name == "w:tc") cells_.push_back(child);
      else if (name == "s2d:image" || name == "s2d:md") specials_.push_back(child);
      else if (name == "a:blip" && std::string_view(child.attribute("r:embed").value()).rfind("s2dimg:", 0) == 0)
        specials_.push_back(child);
      else if (name == "wp:docPr") child.attribute("id").set_value(++docpr_);
      else if (name == "c:chart" && child.attribute("r:id")) give_chart_its_part(child);
      else if (name == "w:hyperlink" && std::string_view(child.attribute("r:id").value()).rfind("s2dlink:", 0) == 0)
        link_to_data(child);
      else if (name == "w:bookmarkStart" || name == "w:bookmarkEnd") bookmarks_.push_back(child);
      else if (name == "w:commentRangeStart" || name == "w:commentRangeEnd" || name == "w:commentReference" ||
               name == "w:footnoteReference" || name == "w:endnoteReference") {
        renumber_repeated_note(child);
      } else if (name == "w:sdtPr" && child.child("w:id")) {
        child.child("w:id").attribute("w:val").set_value(1000000 + ++sdt_);
      }
      walk(child);
    }
  }

  // The merged target of a templated link; a target that is no web or mail
  // address leaves the text without a link.
  void link_to_data(pugi::xml_node link) {
    const std::string url = std::string(link.attribute("r:id").value()).substr(8);
    const bool web = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0 || url.rfind("mailto:", 0) == 0;
    if (!web) {
      link.remove_attribute("r:id");
      return;
    }
    link.attribute("r:id").set_value(edits_.add_relationship(part_->name, kHyperlinkRel, url, true).c_str());
  }

  // A comment, footnote or endnote anchored in a loop gets a note of its own
  // in each pass: the nth copy of an anchor points at the nth copy of its
  // note, which clone_notes adds to the notes part (merged after the parts
  // that anchor notes).
  void renumber_repeated_note(pugi::xml_node node) {
    static const std::string_view kinds[] = {"w:commentRangeStart", "w:commentRangeEnd", "w:commentReference",
                                             "w:footnoteReference", "w:endnoteReference"};
    const int kind = static_cast<int>(std::find(std::begin(kinds), std::end(kinds), node.name()) - std::begin(kinds));
    const int note = kind < 3 ? 0 : kind - 2;
    const std::string id = node.attribute("w:id").value();
    const int copy = anchors_seen_[kind][id]++;
    if (copy == 0) return;
    auto& copies = note_copies_[note][id];
    while (static_cast<int>(copies.size()) < copy) copies.push_back(kFirstCopiedNoteId + note_id_++);
    node.attribute("w:id").set_value(copies[std::size_t(copy - 1)]);
  }

  // Copies of a notes part's notes for the anchors renumbered above.
  void clone_notes(pugi::xml_document& document) {
    static const char* const parts[][2] = {{"w:comments", "w:comment"}, {"w:footnotes", "w:footnote"},
                                           {"w:endnotes", "w:endnote"}};
    for (int note = 0; note < 3; ++note) {
      auto root = document.child(parts[note][0]);
      if (!root) continue;
      for (auto original : root.children(parts[note][1])) {
        auto found = note_copies_[note].find(original.attribute("w:id").value());
        if (found == note_copies_[note].end()) continue;
        pugi::xml_node after = original;
        for (int id : found->second) {
          after = root.insert_copy_after(original, after);
          after.attribute("w:id").set_value(id);
          each_element(after, [](pugi::xml_node node) {
            node.remove_attribute("w14:paraId");
            node.remove_attribute("w14:textId");
          });
        }
      }
    }
  }

  void on_pass(pugi::xml_node pass) {
    passes_.push_back(pass);
    std::string lists = pass.attribute("n").value();
    for (std::size_t start = 0; start < lists.size();) {
      auto end = std::min(lists.find(' ', start), lists.size());
      pending_.insert(lists.substr(start, end - start));
      start = end + 1;
    }
    if (pass.attribute("r") && std::string_view(pass.attribute("i").value()) != "0") {
      auto row = pass.next_sibling();
      while (row && row.type() != pugi::node_element) row = row.next_sibling();
      if (row && named(row, "w:tr")) continued_rows_.push_back(row);
    }
  }

  void on_paragraph(pugi::xml_node paragraph) {
    paragraph.remove_attribute("w14:paraId");
    paragraph.remove_attribute("w14:textId");
    const std::string list = word_list(paragraph, &prepared_);
    if (list.empty()) return;
    if (pending_.erase(list)) current_[list] = content_.restart_list(list);
    auto mapped = current_.find(list);
    if (mapped == current_.end()) return;
    auto properties = paragraph.child("w:pPr");
    if (!properties) properties = paragraph.prepend_child("w:pPr");
    auto numbering = properties.child("w:numPr");
    if (!numbering) {
      const auto style = prepared_.style_numbering.find(properties.child("w:pStyle").attribute("w:val").value());
      numbering = properties.child("w:pStyle") ? properties.insert_child_after("w:numPr", properties.child("w:pStyle"))
                                               : properties.prepend_child("w:numPr");
      numbering.append_child("w:ilvl").append_attribute("w:val") =
          style == prepared_.style_numbering.end() ? "0" : style->second.level.c_str();
      numbering.append_child("w:numId").append_attribute("w:val");
    }
    auto id = numbering.child("w:numId");
    if (!id) id = numbering.append_child("w:numId");
    if (!id.attribute("w:val")) id.append_attribute("w:val");
    id.attribute("w:val").set_value(mapped->second.c_str());
  }

  // Copies 2..n of a repeated row continue the vertical merges the row starts.
  static void continue_merges(pugi::xml_node row) {
    for (auto cell : row.children("w:tc")) {
      auto merge = cell.child("w:tcPr").child("w:vMerge");
      if (!merge || std::string_view(merge.attribute("w:val").value()) != "restart") continue;
      merge.attribute("w:val").set_value("continue");
      std::vector<pugi::xml_node> content;
      for (auto child : cell.children())
        if (!named(child, "w:tcPr")) content.push_back(child);
      for (auto child : content) cell.remove_child(child);
      cell.append_child("w:p");
    }
  }

  // Newlines in a value become line breaks, tabs become tab stops.
  static void split_text(pugi::xml_node text) {
    const std::string value = text.text().get();
    if (value.find_first_of("\n\t\r") == std::string::npos) return;
    auto run = text.parent();
    std::string piece;
    pugi::xml_node at = text;
    auto emit_text = [&] {
      auto t = run.insert_child_after("w:t", at);
      t.append_attribute("xml:space") = "preserve";
      t.text().set(piece.c_str());
      at = t;
      piece.clear();
    };
    for (char c : value) {
      if (c == '\r') continue;
      if (c == '\n' || c == '\t') {
        emit_text();
        at = run.insert_child_after(c == '\n' ? "w:br" : "w:tab", at);
      } else {
        piece += c;
      }
    }
    emit_text();
    run.remove_child(text);
  }

  // Copies of a bookmark get their own id and name; halves left without a partner go.
  void renumber_bookmarks() {
    std::map<std::string, std::deque<std::pair<pugi::xml_node, int>>> open;
    std::vector<pugi::xml_node> orphans;
    for (auto node : bookmarks_) {
      const std::string id = node.attribute("w:id").value();
      if (named(node, "w:bookmarkStart")) {
        const int fresh = content_.next_bookmark_id();
        std::string name = node.attribute("w:name").value();
        if (!content_.claim_bookmark_name(name)) {
          name = name.substr(0, 30) + "_" + std::to_string(fresh);
          content_.claim_bookmark_name(name);
          node.attribute("w:name").set_value(name.c_str());
        }
        node.attribute("w:id").set_value(fresh);
        open[id].emplace_back(node, fresh);
      } else {
        auto& starts = open[id];
        if (starts.empty()) {
          orphans.push_back(node);
          continue;
        }
        node.attribute("w:id").set_value(starts.front().second);
        starts.pop_front();
      }
    }
    for (auto& [id, starts] : open)
      for (auto& [node, fresh] : starts) orphans.push_back(node);
    for (auto node : orphans) node.parent().remove_child(node);
  }
};

}  // namespace

bool merge(const Prepared& prepared, const PackageIn& in, const nlohmann::json& data, const Options& options,
           PackageOut* out, Error* error) {
  Finisher finisher(prepared, in, options);
  // Charts first: a loop that repeats a chart copies its merged part.
  if (!charts::merge(prepared.charts, data, options, &finisher.edits(), error)) return false;
  std::string merged;
  for (const auto& part : prepared.parts) {
    merged.clear();
    if (!render_part(part, data, options, &merged, error) || !finisher.finish(part, merged, error)) return false;
  }
  if (!merge_plain_parts(prepared.plain, data, options, &finisher.edits(), error)) return false;
  finisher.write_to(out);
  return true;
}

}  // namespace s2d::office_template::docx
