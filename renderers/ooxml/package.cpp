#include "renderers/ooxml/package.hpp"

#include "renderers/ooxml/xml.hpp"
#include "renderers/ooxml/zip_writer.hpp"

#include <ctime>

namespace s2d::office {
namespace {

constexpr const char* kRelationshipsNs = "http://schemas.openxmlformats.org/package/2006/relationships";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string w3cdtf_now(bool deterministic) {
  if (deterministic) return "1980-01-01T00:00:00Z";
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::string core_properties_xml(std::string_view title, std::string_view author, bool deterministic) {
  XmlPart part;
  Node root = part.root("cp:coreProperties");
  root.attr("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties")
      .attr("xmlns:dc", "http://purl.org/dc/elements/1.1/")
      .attr("xmlns:dcterms", "http://purl.org/dc/terms/")
      .attr("xmlns:dcmitype", "http://purl.org/dc/dcmitype/")
      .attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  if (!title.empty()) root.add("dc:title").text(title);
  if (!author.empty()) root.add("dc:creator").text(author);
  const std::string stamp = w3cdtf_now(deterministic);
  root.add("dcterms:created").attr("xsi:type", "dcterms:W3CDTF").text(stamp);
  root.add("dcterms:modified").attr("xsi:type", "dcterms:W3CDTF").text(stamp);
  return part.str();
}

std::string app_properties_xml() {
  XmlPart part;
  Node root = part.root("Properties");
  root.attr("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties")
      .attr("xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes");
  root.add("Application").text("s2d");
  return part.str();
}

}  // namespace

std::string Relationships::add(std::string_view type, std::string target, bool external) {
  entries_.push_back({std::string(type), std::move(target), external});
  return "rId" + std::to_string(entries_.size());
}

std::string Relationships::xml() const {
  XmlPart part;
  Node root = part.root("Relationships");
  root.attr("xmlns", kRelationshipsNs);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& entry = entries_[i];
    Node relationship = root.add("Relationship");
    relationship.attr("Id", "rId" + std::to_string(i + 1)).attr("Type", entry.type).user_attr("Target", entry.target);
    if (entry.external) relationship.attr("TargetMode", "External");
  }
  return part.str();
}

std::string relationships_part_for(const std::string& part_name) {
  const auto slash = part_name.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : part_name.substr(0, slash + 1);
  const std::string file = slash == std::string::npos ? part_name : part_name.substr(slash + 1);
  return folder + "_rels/" + file + ".rels";
}

void Package::add_part(std::string name, std::string_view content_type, std::string xml) {
  overrides_.emplace_back("/" + name, std::string(content_type));
  parts_.push_back({std::move(name), std::move(xml), true});
}

void Package::add_relationships(const std::string& part_name, const Relationships& relationships) {
  parts_.push_back({relationships_part_for(part_name), relationships.xml(), true});
}

void Package::add_raw_part(std::string name, std::string bytes) {
  parts_.push_back({std::move(name), std::move(bytes), true});
}

void Package::add_packed_part(std::string name, std::string_view content_type, std::string bytes) {
  overrides_.emplace_back("/" + name, std::string(content_type));
  parts_.push_back({std::move(name), std::move(bytes), false});
}

void Package::add_media(std::string name, std::string bytes) {
  if (ends_with(name, ".png")) has_png_ = true;
  if (ends_with(name, ".jpeg")) has_jpeg_ = true;
  parts_.push_back({std::move(name), std::move(bytes), false});
}

void Package::add_properties(std::string_view main_part, std::string_view title, std::string_view author) {
  add_part("docProps/core.xml", mediatype::core_properties,
           core_properties_xml(title, author, options_.deterministic));
  add_part("docProps/app.xml", mediatype::extended_properties, app_properties_xml());
  Relationships package;
  package.add(reltype::office_document, std::string(main_part));
  package.add(reltype::core_properties, "docProps/core.xml");
  package.add(reltype::extended_properties, "docProps/app.xml");
  parts_.push_back({"_rels/.rels", package.xml(), true});
}

std::string Package::content_types_xml() const {
  XmlPart part;
  Node root = part.root("Types");
  root.attr("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
  root.add("Default").attr("Extension", "rels").attr("ContentType", mediatype::relationships);
  root.add("Default").attr("Extension", "xml").attr("ContentType", "application/xml");
  if (has_png_) root.add("Default").attr("Extension", "png").attr("ContentType", "image/png");
  if (has_jpeg_) root.add("Default").attr("Extension", "jpeg").attr("ContentType", "image/jpeg");
  for (const auto& [name, type] : overrides_)
    root.add("Override").attr("PartName", name).attr("ContentType", type);
  return part.str();
}

std::string Package::finish() {
  ZipWriter zip(options_.deterministic);
  zip.add("[Content_Types].xml", content_types_xml());
  for (auto& part : parts_) zip.add(part.name, std::move(part.bytes), part.compress);
  parts_.clear();
  return zip.finish();
}

}  // namespace s2d::office
