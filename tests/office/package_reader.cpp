#include "tests/office/package_reader.hpp"

#include "renderers/office_template/common.hpp"

#include <boost/test/unit_test.hpp>
#include <zip.h>

#include <stdexcept>

namespace s2d::office_test {
namespace {

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};

std::string extension_of(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos ? "" : name.substr(dot + 1);
}

void count_under(const pugi::xml_node& node, const char* name, std::size_t& count) {
  for (const auto& child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    if (std::string_view(child.name()) == name) ++count;
    count_under(child, name, count);
  }
}

void text_under(const pugi::xml_node& node, const char* name, std::string& out) {
  for (const auto& child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    if (std::string_view(child.name()) == name) out += child.text().get();
    text_under(child, name, out);
  }
}

}  // namespace

PackageReader::PackageReader(const std::string& zip_bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
  if (!source) throw std::runtime_error("zip source failed");
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (!archive) {
    zip_source_free(source);
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw std::runtime_error("not a ZIP archive: " + message);
  }
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &stat);
    zip_file_t* file = zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(i), 0);
    if (!file) throw std::runtime_error(std::string("cannot open entry ") + stat.name);
    std::string bytes(stat.size, '\0');
    const zip_int64_t read = zip_fread(file, bytes.data(), stat.size);
    zip_fclose(file);
    if (read != static_cast<zip_int64_t>(stat.size)) throw std::runtime_error(std::string("short read of ") + stat.name);
    parts_[stat.name] = std::move(bytes);
    modified_[stat.name] = stat.mtime;
  }
}

std::vector<std::string> PackageReader::names() const {
  std::vector<std::string> out;
  for (const auto& entry : parts_) out.push_back(entry.first);
  return out;
}

const std::string& PackageReader::text(const std::string& name) const {
  const auto found = parts_.find(name);
  if (found == parts_.end()) throw std::runtime_error("no part " + name);
  return found->second;
}

std::shared_ptr<pugi::xml_document> PackageReader::xml(const std::string& name) const {
  auto document = std::make_shared<pugi::xml_document>();
  const std::string& bytes = text(name);
  const auto result = document->load_buffer(bytes.data(), bytes.size());
  if (!result) throw std::runtime_error(name + ": " + result.description());
  return document;
}

std::vector<std::string> PackageReader::problems() const {
  std::vector<std::string> problems;
  if (!has("[Content_Types].xml")) return {"no [Content_Types].xml"};
  std::map<std::string, std::string> defaults, overrides;
  const auto types = xml("[Content_Types].xml");
  for (const auto& node : types->child("Types").children("Default"))
    defaults[node.attribute("Extension").value()] = node.attribute("ContentType").value();
  for (const auto& node : types->child("Types").children("Override"))
    overrides[std::string(node.attribute("PartName").value()).substr(1)] = node.attribute("ContentType").value();
  for (const auto& [name, override_type] : overrides)
    if (!has(name)) problems.push_back("content type for missing part " + name);

  for (const auto& [name, bytes] : parts_) {
    const std::string extension = extension_of(name);
    if (name != "[Content_Types].xml" && !overrides.count(name) && !defaults.count(extension))
      problems.push_back("no content type for " + name);
    if (extension != "xml" && extension != "rels") continue;
    pugi::xml_document document;
    const auto parsed = document.load_buffer(bytes.data(), bytes.size());
    if (!parsed) {
      problems.push_back(name + " is not well-formed: " + parsed.description());
      continue;
    }
    if (extension != "rels") continue;
    const auto marker = name.find("_rels/");
    const std::string source_folder = name.substr(0, marker);  // "word/": resolves as any part in it
    for (const auto& relationship : document.child("Relationships").children("Relationship")) {
      if (std::string_view(relationship.attribute("TargetMode").value()) == "External") continue;
      const std::string target =
          office_template::resolve_target(source_folder, relationship.attribute("Target").value());
      if (!has(target)) problems.push_back(name + ": " + relationship.attribute("Id").value() + " -> missing " + target);
    }
  }
  if (!has("_rels/.rels")) problems.push_back("no _rels/.rels");
  return problems;
}

PackageReader sound_package(const std::string& zip_bytes) {
  PackageReader package(zip_bytes);
  const auto problems = package.problems();
  for (const auto& problem : problems) BOOST_TEST_MESSAGE(problem);
  BOOST_TEST_REQUIRE(problems.empty());
  return package;
}

std::size_t count_elements(const pugi::xml_node& node, const char* name) {
  std::size_t count = 0;
  count_under(node, name, count);
  return count;
}

std::string all_text(const pugi::xml_node& node, const char* name) {
  std::string out;
  text_under(node, name, out);
  return out;
}

}  // namespace s2d::office_test
