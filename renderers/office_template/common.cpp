#include "renderers/office_template/common.hpp"

#include "renderers/document/image_probe.hpp"
#include "renderers/document/markdown.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace s2d::office_template {

bool compile_part(const pugi::xml_document& document, PreparedPart* part, Error* error, const std::string& wrap_open,
                  const std::string& wrap_close) {
  const std::string source = part->source.write(document, wrap_open, wrap_close);
  tmpl::CompileOptions options;
  options.escape = tmpl::Escape::xml;
  options.strict = true;
  tmpl::Error failure;
  part->compiled = tmpl::Template::compile(source, options, &failure);
  if (part->compiled) return true;
  const int tag = part->source.tag_at(failure.line, failure.column);
  *error = part->source.error_at(tag, "template_invalid", failure.message);
  if (error->part.empty()) error->part = part->name;
  return false;
}

bool render_part(const PreparedPart& part, const nlohmann::json& data, const Options& options, std::string* out,
                 Error* error) {
  tmpl::RenderOptions render_options;
  render_options.locale = options.locale;
  render_options.timezone = options.timezone;
  render_options.limits = options.limits;
  tmpl::Error failure;
  if (part.compiled->render(data, render_options, out, &failure)) return true;
  const int tag = part.source.tag_at(failure.line, failure.column);
  *error = part.source.error_at(tag, failure.code, failure.message);
  error->placeholder = failure.placeholder;
  if (error->part.empty()) error->part = part.name;
  return false;
}

bool prepare_plain_parts(const PackageIn& in, std::vector<PreparedPart>* parts, nlohmann::json* fields, Error* error) {
  for (const char* name : {"docProps/core.xml", "docProps/app.xml"}) {
    std::string bytes, message;
    if (!in.read(name, &bytes, &message) || bytes.find("{{") == std::string::npos) continue;
    pugi::xml_document document;
    if (!load_xml(&document, bytes)) {
      *error = Error::of("template_invalid", std::string("part ") + name + " is not well-formed XML", name);
      return false;
    }
    PreparedPart part;
    part.name = name;
    std::vector<pugi::xml_node> texts;
    each_element(document, [&](pugi::xml_node node) {
      if (node.first_child().type() == pugi::node_pcdata && std::string_view(node.text().get()).find("{{") != std::string_view::npos)
        texts.push_back(node);
    });
    for (auto node : texts) {
      ParagraphText found;
      Where where{name, 0, "", 0, ""};
      pugi::xml_document holder;
      auto paragraph = holder.append_child("s2d:p");
      paragraph.append_copy(node);
      if (!scan_paragraph(paragraph, {"s2d:p", node.name()}, &part.source, where, &found, error)) return false;
      node.text().set(paragraph.first_child().text().get());
    }
    if (!compile_part(document, &part, error)) return false;
    merge_fields(fields, part.compiled->fields_json());
    parts->push_back(std::move(part));
  }
  return true;
}

bool merge_plain_parts(const std::vector<PreparedPart>& parts, const nlohmann::json& data, const Options& options,
                       PackageEdits* edits, Error* error) {
  for (const auto& part : parts) {
    std::string merged;
    if (!render_part(part, data, options, &merged, error)) return false;
    edits->put(part.name, std::move(merged));
  }
  return true;
}

void merge_fields(nlohmann::json* into, const nlohmann::json& fields) {
  for (const auto& field : fields) {
    auto same = std::find_if(into->begin(), into->end(), [&](const nlohmann::json& f) { return f["path"] == field["path"]; });
    if (same == into->end()) {
      into->push_back(field);
      continue;
    }
    if (field.value("list", false)) (*same)["list"] = true;
    if (field.contains("children")) {
      if (!same->contains("children")) (*same)["children"] = nlohmann::json::array();
      merge_fields(&(*same)["children"], field["children"]);
    }
  }
}

std::string rels_name_for(const std::string& part) {
  const auto slash = part.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  const std::string file = slash == std::string::npos ? part : part.substr(slash + 1);
  return folder + "_rels/" + file + ".rels";
}

std::string resolve_target(const std::string& source_part, const std::string& target) {
  if (!target.empty() && target.front() == '/') return target.substr(1);
  const auto slash = source_part.rfind('/');
  std::string joined = (slash == std::string::npos ? "" : source_part.substr(0, slash + 1)) + target;
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= joined.size()) {
    const auto end = std::min(joined.find('/', start), joined.size());
    const std::string segment = joined.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& segment : segments) out += (out.empty() ? "" : "/") + segment;
  return out;
}

pugi::xml_document& PackageEdits::load(const std::string& name, const char* empty_root) {
  auto& slot = docs_[name];
  if (slot) return *slot;
  slot = std::make_unique<pugi::xml_document>();
  std::string bytes, message;
  if (!in_.has(name) || !in_.read(name, &bytes, &message) || !load_xml(slot.get(), bytes)) {
    slot->reset();
    auto root = slot->append_child(empty_root);
    const std::string root_name = empty_root;
    if (root_name == "Types") root.append_attribute("xmlns") = "http://schemas.openxmlformats.org/package/2006/content-types";
    if (root_name == "Relationships")
      root.append_attribute("xmlns") = "http://schemas.openxmlformats.org/package/2006/relationships";
  }
  return *slot;
}

pugi::xml_document& PackageEdits::rels(const std::string& part) { return load(rels_name_for(part), "Relationships"); }

std::string PackageEdits::add_relationship(const std::string& part, std::string_view type, const std::string& target,
                                           bool external) {
  auto root = rels(part).child("Relationships");
  std::string id;
  do {
    id = "rIdS2d" + std::to_string(next_id_++);
  } while (root.find_child_by_attribute("Relationship", "Id", id.c_str()));
  auto rel = root.append_child("Relationship");
  rel.append_attribute("Id") = id.c_str();
  rel.append_attribute("Type") = std::string(type).c_str();
  rel.append_attribute("Target") = target.c_str();
  if (external) rel.append_attribute("TargetMode") = "External";
  return id;
}

pugi::xml_document& PackageEdits::content_types() { return load("[Content_Types].xml", "Types"); }

void PackageEdits::ensure_default(const std::string& extension, const std::string& content_type) {
  auto root = content_types().child("Types");
  for (auto node : root.children("Default"))
    if (extension == node.attribute("Extension").value()) return;
  auto node = root.prepend_child("Default");
  node.append_attribute("Extension") = extension.c_str();
  node.append_attribute("ContentType") = content_type.c_str();
}

void PackageEdits::add_override(const std::string& part, const std::string& content_type) {
  auto node = content_types().child("Types").append_child("Override");
  node.append_attribute("PartName") = ("/" + part).c_str();
  node.append_attribute("ContentType") = content_type.c_str();
}

std::string PackageEdits::override_of(const std::string& part) {
  const std::string name = "/" + part;
  for (auto node : content_types().child("Types").children("Override"))
    if (name == node.attribute("PartName").value()) return node.attribute("ContentType").value();
  return "";
}

bool PackageEdits::read(const std::string& name, std::string* out) const {
  if (dropped_.count(name)) return false;
  if (auto written = written_.find(name); written != written_.end()) return *out = written->second, true;
  if (auto edited = docs_.find(name); edited != docs_.end()) return *out = save_xml(*edited->second), true;
  std::string message;
  return in_.has(name) && in_.read(name, out, &message);
}

void PackageEdits::remove_override(const std::string& part) {
  auto root = content_types().child("Types");
  const std::string name = "/" + part;
  for (auto node = root.child("Override"); node;) {
    auto next = node.next_sibling("Override");
    if (name == node.attribute("PartName").value()) root.remove_child(node);
    node = next;
  }
}

void PackageEdits::write_to(PackageOut* out) {
  for (const auto& [name, doc] : docs_) written_[name] = save_xml(*doc);
  for (const auto& name : in_.names()) {
    if (dropped_.count(name)) continue;
    auto found = written_.find(name);
    if (found == written_.end()) {
      out->copy(in_, name);
      continue;
    }
    out->add(name, std::move(found->second));
    written_.erase(found);
  }
  for (auto& [name, bytes] : written_)
    if (!dropped_.count(name)) out->add(name, std::move(bytes));
}

namespace {

// A 1x1 PNG: what a merge that only collects image URLs shows for each.
constexpr const char* kStandIn =
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVQI12P4z8AAAAMBAQBkuGI1AAAAAElFTkSuQmCC";
constexpr std::size_t kMaxUrlBytes = 2048;

bool starts_with_lower(const std::string& text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

// An image named by URL: the asset of that exact name (the server fetched it
// before the render), a stand-in while URLs are collected, else an error.
// Returns the reference to resolve, or "" with *error set.
std::string remote_reference(const std::string& url, int tag, const PreparedPart& part, const Options& options,
                             Error* error) {
  auto refuse = [&](const std::string& message) {
    *error = part.source.error_at(tag, "image_unavailable", message);
    error->placeholder = url.substr(0, 200);
    return std::string();
  };
  if (starts_with_lower(url, "http://"))
    return refuse("the image '" + url.substr(0, 200) + "' is not https: only https URLs are fetched");
  if (url.size() > kMaxUrlBytes) return refuse("the image URL is longer than 2048 bytes");
  if (options.collect_image_urls) {
    auto& urls = *options.collect_image_urls;
    if (std::find(urls.begin(), urls.end(), url) == urls.end()) urls.push_back(url);
    return kStandIn;
  }
  if (options.assets)
    for (const auto& asset : *options.assets)
      if (asset.name == url) return url;
  return refuse("the image '" + url.substr(0, 200) + "' was not fetched before the merge (the server fetches "
                "https images for generations and previews)");
}

}  // namespace

bool resolve_image(const std::string& written, int tag, const PreparedPart& part, const Options& options,
                   ImageSource* out, Error* error) {
  std::string reference = written;
  if (starts_with_lower(written, "https://") || starts_with_lower(written, "http://")) {
    reference = remote_reference(written, tag, part, options, error);
    if (reference.empty()) return false;
  }
  doc::ParseOptions parse_options;
  parse_options.assets = options.assets;
  doc::Image image;
  std::string warning;
  doc::ParseError failure;
  if (!doc::resolve_image(reference, parse_options, &image, &warning, &failure)) {
    *error = part.source.error_at(tag, "asset_missing", failure.message);
    error->placeholder = reference.substr(0, 80);
    return false;
  }
  doc::ImageInfo info;
  if (image.bytes.empty() || !doc::probe_image(image.bytes, &info)) {
    *error = part.source.error_at(tag, "image_invalid",
                                  warning.empty() ? "the image is neither a PNG nor a JPEG file" : warning);
    return false;
  }
  *out = {std::move(image.bytes), info.mime, info.width, info.height};
  return true;
}

bool fit_in_frame(const ImageSource& image, double box_cx, double box_cy, long long* cx, long long* cy) {
  if (box_cx <= 0 || box_cy <= 0 || image.width <= 0 || image.height <= 0) return false;
  const double scale = std::min(box_cx / image.width, box_cy / image.height);
  *cx = static_cast<long long>(image.width * scale);
  *cy = static_cast<long long>(image.height * scale);
  return true;
}

bool parse_markdown_value(const std::string& value, int tag, const PreparedPart& part, const Options& options,
                          doc::Document* document, Error* error) {
  doc::ParseOptions parse_options;
  parse_options.assets = options.assets;
  doc::ParseError failure;
  if (doc::parse_markdown(value, parse_options, document, &failure)) return true;
  *error = part.source.error_at(tag, failure.code.empty() ? "markdown_invalid" : failure.code, failure.message);
  return false;
}

std::string value_markup(const Tag& tag) {
  if (!tag.expression.empty() && tag.expression.front() == '"') return xml_escape(tag.expression.substr(1));
  return "{{" + tag.expression + "}}";
}

namespace {

constexpr std::string_view kPlaceholderPrefix = "s2dimg:";

pugi::xml_node picture_of(pugi::xml_node frame, std::string_view picture_name) {
  if (picture_name.empty()) return frame.parent();
  for (auto node = frame.parent(); node; node = node.parent())
    if (named(node, picture_name)) return node;
  return {};
}

}  // namespace

bool prepare_placeholder_pictures(pugi::xml_document& document, PreparedPart* part, std::string_view frame_name,
                                  std::string_view picture_name, Error* error) {
  std::vector<pugi::xml_node> frames;
  each_element(document, [&](pugi::xml_node node) {
    if (named(node, frame_name) && std::string_view(node.attribute("descr").value()).find("{{") != std::string_view::npos &&
        picture_of(node, picture_name))
      frames.push_back(node);
  });
  for (auto frame : frames) {
    const std::string alt = frame.attribute("descr").value();
    const auto open = alt.find("{{"), close = alt.find("}}", open);
    Tag tag;
    std::string problem;
    Where where{part->name, 0, "", 0, "alt text: " + alt};
    const bool parsed = close != std::string::npos &&
                        classify_tag(std::string_view(alt).substr(open, close + 2 - open), &tag, &problem);
    if (parsed && tag.kind == Tag::Kind::chart) {
      // A chart frame's alt text repeating its chart's tag (s2d's own writer puts the title there).
      frame.attribute("descr").set_value("");
      continue;
    }
    if (!parsed || tag.kind != Tag::Kind::image) {
      if (problem.empty()) problem = "a picture's alt text may hold one {{image name}} tag";
      tag.written = alt;
      *error = part->source.error_at(part->source.add_tag(tag, where), "template_invalid", problem);
      return false;
    }
    const std::string markup = value_markup(tag);
    const int index = part->source.add_tag(tag, where);
    pugi::xml_node blip;
    each_element(picture_of(frame, picture_name), [&](pugi::xml_node node) {
      if (!blip && named(node, "a:blip")) blip = node;
    });
    frame.attribute("descr").set_value("");
    if (!blip) continue;
    auto embed = blip.attribute("r:embed");
    if (!embed) embed = blip.append_attribute("r:embed");
    embed.set_value(part->source.token({std::string(kPlaceholderPrefix) + std::to_string(index) + ":" + markup, index}).c_str());
  }
  return true;
}

bool safe_link(const std::string& url) {
  for (const char* scheme : {"http://", "https://", "mailto:"})
    if (url.rfind(scheme, 0) == 0) return true;
  return false;
}

bool placeholder_reference(std::string_view embed, int* tag, std::string* reference) {
  if (embed.substr(0, kPlaceholderPrefix.size()) != kPlaceholderPrefix) return false;
  embed.remove_prefix(kPlaceholderPrefix.size());
  const auto colon = embed.find(':');
  *tag = std::atoi(std::string(embed.substr(0, colon)).c_str());
  *reference = colon == std::string_view::npos ? std::string() : std::string(embed.substr(colon + 1));
  return true;
}

}  // namespace s2d::office_template
