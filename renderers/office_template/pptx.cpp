#include "renderers/office_template/pptx.hpp"

#include "renderers/office_template/docx.hpp"
#include "renderers/office_template/slide_text.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace s2d::office_template::pptx {
namespace {

constexpr TextDialect kDrawing{"a:p", "a:t"};
constexpr std::string_view kCopyOpen = "<s2d:copy>", kCopyClose = "</s2d:copy>";
constexpr std::string_view kSlideType = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml";
constexpr std::string_view kNotesType = "application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string shape_inline(const Tag& tag, int tag_index) {
  if (tag.kind == Tag::Kind::markdown) return markdown_marker(tag_index, value_markup(tag));
  if (tag.kind == Tag::Kind::image) return "{{" + tag.expression + "}}";
  if (tag.kind == Tag::Kind::pagebreak) return "";
  return tag.text;
}

const docx::Structure& slide_structure() {
  static const docx::Structure structure{"a:p", "a:t", "a:tr", "a:tbl", "a:tc", shape_inline, nullptr, nullptr};
  return structure;
}

struct LoopTag {
  std::string written, expression;
  bool open = false;
};

// The block tags of a notes part, in order (read from a copy: the real DOM is scanned later).
std::vector<LoopTag> notes_blocks(const pugi::xml_document& notes) {
  pugi::xml_document copy;
  copy.reset(notes);
  PartSource scratch;
  std::vector<LoopTag> out;
  each_element(copy, [&](pugi::xml_node node) {
    if (!named(node, "a:p")) return;
    ParagraphText text;
    Error ignored;
    if (!scan_paragraph(node, kDrawing, &scratch, {}, &text, &ignored)) return;
    for (const auto& found : text.tags) {
      const Tag& tag = scratch.tag(found.tag);
      if ((tag.kind == Tag::Kind::open || tag.kind == Tag::Kind::close) && tag.block == "each")
        out.push_back({tag.written, tag.expression, tag.kind == Tag::Kind::open});
    }
  });
  return out;
}

bool starts_with_loop(const pugi::xml_document& notes, const std::vector<LoopTag>& blocks) {
  if (blocks.empty() || !blocks.front().open) return false;
  std::string text;
  each_element(notes, [&](pugi::xml_node node) {
    if (named(node, "a:t")) text += node.text().get();
  });
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && straighten(text.substr(first)).rfind(straighten(blocks.front().written), 0) == 0;
}

void erase_everywhere(pugi::xml_document& notes, const std::string& written) {
  each_element(notes, [&](pugi::xml_node node) {
    if (named(node, "a:p")) erase_text(node, kDrawing, written);
  });
}

bool load_part(const PackageIn& in, const std::string& name, pugi::xml_document* document, Error* error) {
  std::string bytes, message;
  if (in.read(name, &bytes, &message) && load_xml(document, bytes)) return true;
  *error = Error::of("template_invalid", "part " + name + " is missing or not well-formed XML", name);
  return false;
}

bool prepare_part(pugi::xml_document& document, PreparedPart* part, int slide, const std::string& loop, Error* error) {
  const bool ok = docx::prepare_structure(document, part->name, slide_structure(), nullptr, &part->source, error) &&
                  prepare_placeholder_pictures(document, part, "p:cNvPr", "p:pic", error) &&
                  (loop.empty() ? compile_part(document, part, error)
                                : compile_part(document, part, error, loop + std::string(kCopyOpen),
                                               std::string(kCopyClose) + "{{/each}}"));
  if (!ok) error->slide = slide;
  return ok;
}

}  // namespace

bool prepare(const PackageIn& in, Prepared* out, Error* error) {
  pugi::xml_document package_rels, presentation, presentation_rels;
  if (!load_part(in, "_rels/.rels", &package_rels, error)) return false;
  for (auto rel : package_rels.child("Relationships").children("Relationship"))
    if (ends_with(rel.attribute("Type").value(), "/officeDocument"))
      out->presentation_part = resolve_target("", rel.attribute("Target").value());
  if (out->presentation_part.empty() || !load_part(in, out->presentation_part, &presentation, error) ||
      !load_part(in, rels_name_for(out->presentation_part), &presentation_rels, error))
    return false;
  if (!presentation.child("p:presentation")) {
    *error = Error::of("template_invalid", "the package is not a presentation (is it a PPTX file?)", out->presentation_part);
    return false;
  }
  std::map<std::string, std::string> targets;
  for (auto rel : presentation_rels.child("Relationships").children("Relationship"))
    targets[rel.attribute("Id").value()] = resolve_target(out->presentation_part, rel.attribute("Target").value());
  std::string loop;   // the {{#each}} of the slide loop being read, empty outside one
  int slide_number = 0, loops = 0;
  for (auto entry : presentation.child("p:presentation").child("p:sldIdLst").children("p:sldId")) {
    ++slide_number;
    Slide slide;
    slide.rel_id = entry.attribute("r:id").value();
    slide.slide.name = targets[slide.rel_id];
    pugi::xml_document slide_xml, slide_rels, notes_xml;
    if (!load_part(in, slide.slide.name, &slide_xml, error)) return false;
    std::string bytes, message;
    if (in.read(rels_name_for(slide.slide.name), &bytes, &message) && load_xml(&slide_rels, bytes))
      for (auto rel : slide_rels.child("Relationships").children("Relationship"))
        if (ends_with(rel.attribute("Type").value(), "/notesSlide"))
          slide.notes.name = resolve_target(slide.slide.name, rel.attribute("Target").value());
    bool closes = false;
    if (!slide.notes.name.empty()) {
      if (!load_part(in, slide.notes.name, &notes_xml, error)) return false;
      const auto blocks = notes_blocks(notes_xml);
      if (loop.empty() && starts_with_loop(notes_xml, blocks)) {
        loop = straighten(blocks.front().written);
        erase_everywhere(notes_xml, blocks.front().written);
        int depth = 0;
        for (std::size_t i = 1; i < blocks.size(); ++i) {
          depth += blocks[i].open ? 1 : -1;
          if (depth < 0) {
            erase_everywhere(notes_xml, blocks[i].written);
            closes = true;
            break;
          }
        }
      } else if (!loop.empty()) {
        int depth = 0;
        for (const auto& block : blocks) {
          depth += block.open ? 1 : -1;
          if (depth < 0) {
            erase_everywhere(notes_xml, block.written);
            closes = true;
            break;
          }
        }
      }
    }
    slide.repeated = !loop.empty();
    if (slide.repeated) slide.loop = loops;
    if (closes) ++loops;
    if (!prepare_part(slide_xml, &slide.slide, slide_number, loop, error)) return false;
    merge_fields(&out->fields, slide.slide.compiled->fields_json());
    if (!slide.notes.name.empty()) {
      if (!prepare_part(notes_xml, &slide.notes, slide_number, loop, error)) return false;
      merge_fields(&out->fields, slide.notes.compiled->fields_json());
    }
    out->slides.push_back(std::move(slide));
    if (closes) loop.clear();
  }
  if (!loop.empty()) {
    *error = Error::of("template_invalid", "the slide loop " + loop + " is never closed: end it with {{/each}} in the notes of its last slide",
              out->presentation_part);
    error->tag = loop;
    return false;
  }
  return charts::prepare(in, "ppt/", &out->charts, &out->fields, error) &&
         prepare_plain_parts(in, &out->plain, &out->fields, error);
}

namespace {

// Line breaks in a value become <a:br/> between runs; tables' frames follow their rows' heights.
void finish_drawing(pugi::xml_document& document) {
  std::vector<pugi::xml_node> passes, texts, bodies, tables;
  each_element(document, [&](pugi::xml_node node) {
    if (named(node, "s2d:pass")) passes.push_back(node);
    else if (named(node, "a:t") && std::string_view(node.text().get()).find('\n') != std::string_view::npos) texts.push_back(node);
    else if (named(node, "p:txBody") || named(node, "a:txBody")) bodies.push_back(node);
    else if (named(node, "a:tbl")) tables.push_back(node);
  });
  for (auto pass : passes) pass.parent().remove_child(pass);
  for (auto text : texts) {
    auto run = text.parent();
    if (!named(run, "a:r")) continue;
    const std::string value = text.text().get();
    std::vector<std::string> lines;
    for (std::size_t start = 0; start <= value.size();) {
      auto end = std::min(value.find('\n', start), value.size());
      std::string line = value.substr(start, end - start);
      line.erase(std::remove(line.begin(), line.end(), '\r'), line.end());
      lines.push_back(line);
      start = end + 1;
    }
    text.text().set(lines.front().c_str());
    auto at = run;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      auto line_break = run.parent().insert_child_after("a:br", at);
      if (auto properties = run.child("a:rPr")) line_break.append_copy(properties);
      auto next = run.parent().insert_copy_after(run, line_break);
      next.child("a:t").text().set(lines[i].c_str());
      at = next;
    }
  }
  for (auto body : bodies)
    if (!body.child("a:p")) body.append_child("a:p");
  for (auto table : tables) {
    long long height = 0;
    for (auto row : table.children("a:tr")) height += row.attribute("h").as_llong();
    pugi::xml_node frame = table;
    while (frame && !named(frame, "p:graphicFrame")) frame = frame.parent();
    auto extent = frame.child("p:xfrm").child("a:ext");
    if (extent && height > extent.attribute("cy").as_llong()) extent.attribute("cy").set_value(height);
  }
}

bool render_copies(const PreparedPart& part, const nlohmann::json& data, const Options& options, bool repeated,
                   std::vector<std::string>* copies, Error* error) {
  std::string merged;
  if (!render_part(part, data, options, &merged, error)) return false;
  if (!repeated) {
    copies->push_back(std::move(merged));
    return true;
  }
  for (std::size_t at = merged.find(kCopyOpen); at != std::string::npos; at = merged.find(kCopyOpen, at)) {
    const auto end = merged.find(kCopyClose, at);
    copies->push_back(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)" +
                      merged.substr(at + kCopyOpen.size(), end - at - kCopyOpen.size()));
    at = end + kCopyClose.size();
  }
  return true;
}

// Placeholder pictures of merged slides get the data's pictures: each
// distinct image stored once under ppt/media, related from the slide (or
// the slide's copy) that shows it, fitted and centred in the frame drawn.
class SlidePictures {
 public:
  SlidePictures(PackageEdits& edits, const Options& options) : edits_(edits), options_(options) {}

  bool place(pugi::xml_document& slide, const PreparedPart& part, const std::string& slide_name, Error* error) {
    std::vector<pugi::xml_node> blips;
    each_element(slide, [&](pugi::xml_node node) {
      int tag = 0;
      std::string reference;
      if (named(node, "a:blip") && placeholder_reference(node.attribute("r:embed").value(), &tag, &reference))
        blips.push_back(node);
    });
    for (auto blip : blips) {
      int tag = -1;
      std::string reference;
      placeholder_reference(blip.attribute("r:embed").value(), &tag, &reference);
      ImageSource image;
      if (!resolve_image(reference, tag, part, options_, &image, error)) return false;
      blip.attribute("r:embed").set_value(relate(slide_name, image).c_str());
      fit(blip, image);
    }
    return true;
  }

 private:
  PackageEdits& edits_;
  const Options& options_;
  std::map<std::string, std::string> media_by_bytes_;
  int count_ = 0;

  std::string relate(const std::string& slide_name, const ImageSource& image) {
    auto& name = media_by_bytes_[image.bytes];
    if (name.empty()) {
      const std::string extension = image.mime == "image/png" ? "png" : "jpeg";
      do name = "s2d-image" + std::to_string(++count_) + "." + extension;
      while (edits_.has("ppt/media/" + name));
      edits_.put("ppt/media/" + name, image.bytes);
      edits_.ensure_default(extension, image.mime);
    }
    return edits_.add_relationship(slide_name, kImageRel, "../media/" + name, false);
  }

  // Keeps the picture's proportions inside the frame, centred in it.
  static void fit(pugi::xml_node blip, const ImageSource& image) {
    pugi::xml_node picture = blip;
    while (picture && !named(picture, "p:pic")) picture = picture.parent();
    auto transform = picture.child("p:spPr").child("a:xfrm");
    auto offset = transform.child("a:off"), extent = transform.child("a:ext");
    const double box_w = extent.attribute("cx").as_double(), box_h = extent.attribute("cy").as_double();
    long long cx = 0, cy = 0;
    if (!fit_in_frame(image, box_w, box_h, &cx, &cy)) return;
    offset.attribute("x").set_value(offset.attribute("x").as_llong() + static_cast<long long>(box_w - cx) / 2);
    offset.attribute("y").set_value(offset.attribute("y").as_llong() + static_cast<long long>(box_h - cy) / 2);
    extent.attribute("cx").set_value(cx);
    extent.attribute("cy").set_value(cy);
  }
};

// A merged part as it goes into the package (`target`: the part, or the
// slide loop's copy): Markdown values become runs, and a slide's placeholder
// pictures are placed when `pictures` is given.
std::string finished(const std::string& xml, const PreparedPart& part, const std::string& target,
                     SlidePictures* pictures, PackageEdits& edits, const Options& options, Error* error) {
  pugi::xml_document document;
  if (!load_xml(&document, xml)) {
    *error = Error::of("render_failed", "the merge of " + part.name + " produced malformed XML", part.name);
    return "";
  }
  if (!place_markdown(document, part, target, edits, options, error)) return "";
  if (pictures && !pictures->place(document, part, target, error)) return "";
  finish_drawing(document);
  return save_xml(document);
}

// A slide loop's copy gets the template slide's relationships, pointing at its own notes, and its notes the same.
void copy_relationships(PackageEdits& edits, const std::string& template_slide, const std::string& template_notes,
                        const std::string& slide_name, const std::string& notes_name) {
  auto& copy_rels = edits.rels(slide_name);
  copy_rels.reset(edits.rels(template_slide));
  for (auto rel : copy_rels.child("Relationships").children("Relationship")) {
    if (ends_with(rel.attribute("Type").value(), "/notesSlide"))
      rel.attribute("Target").set_value(("../notesSlides/" + notes_name.substr(notes_name.rfind('/') + 1)).c_str());
    // Each copy shows a chart part of its own.
    if (rel.attribute("Type").value() == charts::kChartRel) {
      const std::string copy = charts::copy_chart(&edits, resolve_target(template_slide, rel.attribute("Target").value()));
      rel.attribute("Target").set_value(("../charts/" + copy.substr(copy.rfind('/') + 1)).c_str());
    }
  }
  edits.add_override(slide_name, std::string(kSlideType));
  if (notes_name.empty()) return;
  auto& notes_rels = edits.rels(notes_name);
  notes_rels.reset(edits.rels(template_notes));
  for (auto rel : notes_rels.child("Relationships").children("Relationship"))
    if (ends_with(rel.attribute("Type").value(), "/slide"))
      rel.attribute("Target").set_value(("../slides/" + slide_name.substr(slide_name.rfind('/') + 1)).c_str());
  edits.add_override(notes_name, std::string(kNotesType));
}

int part_number(const std::string& name) {
  const auto digits = name.find_first_of("0123456789", name.rfind('/'));
  return digits == std::string::npos ? 0 : std::atoi(name.c_str() + digits);
}

}  // namespace

bool merge(const Prepared& prepared, const PackageIn& in, const nlohmann::json& data, const Options& options,
           PackageOut* out, Error* error) {
  PackageEdits edits(in);
  // Charts first: a slide loop's copies copy their merged parts.
  if (!charts::merge(prepared.charts, data, options, &edits, error)) return false;
  SlidePictures pictures(edits, options);
  auto& presentation = edits.xml(prepared.presentation_part, "p:presentation");
  auto list = presentation.child("p:presentation").child("p:sldIdLst");
  int next_slide = 0, next_notes = 0;
  unsigned next_id = 256;
  for (const auto& name : in.names()) {
    if (name.rfind("ppt/slides/slide", 0) == 0) next_slide = std::max(next_slide, part_number(name));
    if (name.rfind("ppt/notesSlides/notesSlide", 0) == 0) next_notes = std::max(next_notes, part_number(name));
  }
  for (auto id : list.children("p:sldId")) next_id = std::max(next_id, id.attribute("id").as_uint() + 1);

  // Slides of one loop are rendered together, then interleaved: item 1's slides, item 2's, ...
  std::vector<std::pair<std::string, std::string>> order;   // slide part, notes part: the new sldIdLst
  for (std::size_t s = 0; s < prepared.slides.size();) {
    std::size_t end = s + 1;
    while (prepared.slides[s].repeated && end < prepared.slides.size() && prepared.slides[end].loop == prepared.slides[s].loop)
      ++end;
    std::vector<std::vector<std::string>> slide_copies(end - s), notes_copies(end - s);
    std::size_t passes = 0;
    for (std::size_t k = s; k < end; ++k) {
      const auto& slide = prepared.slides[k];
      if (!render_copies(slide.slide, data, options, slide.repeated, &slide_copies[k - s], error) ||
          (!slide.notes.name.empty() &&
           !render_copies(slide.notes, data, options, slide.repeated, &notes_copies[k - s], error))) {
        error->slide = static_cast<int>(k + 1);
        return false;
      }
      passes = slide_copies[k - s].size();
    }
    for (std::size_t pass = 0; pass < passes; ++pass) {
      for (std::size_t k = s; k < end; ++k) {
        const auto& slide = prepared.slides[k];
        std::string slide_name = slide.slide.name, notes_name = slide.notes.name;
        if (pass > 0) {
          slide_name = "ppt/slides/slide" + std::to_string(++next_slide) + ".xml";
          if (!notes_name.empty()) notes_name = "ppt/notesSlides/notesSlide" + std::to_string(++next_notes) + ".xml";
        }
        // A copy's relationships first: its pictures are related from it.
        if (pass > 0) copy_relationships(edits, slide.slide.name, slide.notes.name, slide_name, notes_name);
        const std::string slide_xml = finished(slide_copies[k - s][pass], slide.slide, slide_name, &pictures, edits, options, error);
        if (slide_xml.empty()) return false;
        edits.put(slide_name, slide_xml);
        if (!notes_name.empty() && pass < notes_copies[k - s].size()) {
          const std::string notes_xml = finished(notes_copies[k - s][pass], slide.notes, notes_name, nullptr, edits, options, error);
          if (notes_xml.empty()) return false;
          edits.put(notes_name, notes_xml);
        }
        order.emplace_back(slide_name, notes_name);
      }
    }
    if (passes == 0)   // a loop over nothing: its slides leave the package
      for (std::size_t k = s; k < end; ++k) {
        const auto& slide = prepared.slides[k];
        for (const auto& name : {slide.slide.name, slide.notes.name}) {
          if (name.empty()) continue;
          edits.drop(name);
          edits.drop(rels_name_for(name));
          edits.remove_override(name);
        }
      }
    s = end;
  }
  // The slide list in its new order; relationships to dropped slides go.
  auto& rels = edits.rels(prepared.presentation_part);
  auto rel_root = rels.child("Relationships");
  std::map<std::string, std::string> id_of_part;
  for (auto rel = rel_root.first_child(); rel;) {
    auto next = rel.next_sibling();
    const std::string target = resolve_target(prepared.presentation_part, rel.attribute("Target").value());
    if (ends_with(rel.attribute("Type").value(), "/slide")) {
      if (edits.dropped(target)) rel_root.remove_child(rel);
      else id_of_part[target] = rel.attribute("Id").value();
    }
    rel = next;
  }
  std::map<std::string, unsigned> number_of_rel;
  for (auto id : list.children("p:sldId")) number_of_rel[id.attribute("r:id").value()] = id.attribute("id").as_uint();
  while (list.first_child()) list.remove_child(list.first_child());
  for (const auto& [slide_name, notes_name] : order) {
    auto known = id_of_part.find(slide_name);
    std::string rel_id = known != id_of_part.end()
                             ? known->second
                             : edits.add_relationship(prepared.presentation_part,
                                                      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide",
                                                      "slides/" + slide_name.substr(slide_name.rfind('/') + 1), false);
    auto entry = list.append_child("p:sldId");
    const unsigned number = known != id_of_part.end() && number_of_rel.count(rel_id) ? number_of_rel[rel_id] : next_id++;
    entry.append_attribute("id") = number;
    entry.append_attribute("r:id") = rel_id.c_str();
  }
  if (!merge_plain_parts(prepared.plain, data, options, &edits, error)) return false;
  edits.write_to(out);
  return true;
}

}  // namespace s2d::office_template::pptx
