#pragma once
// Reads an OOXML package back (libzip + pugixml) and checks what every
// consumer relies on: each XML part well-formed, each part with a content
// type, each internal relationship pointing at a part that exists.

#include <pugixml.hpp>

#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace s2d::office_test {

class PackageReader {
 public:
  explicit PackageReader(const std::string& zip_bytes);  // throws std::runtime_error if not a ZIP

  std::vector<std::string> names() const;
  bool has(const std::string& name) const { return parts_.count(name) != 0; }
  const std::string& text(const std::string& name) const;
  // Parsed XML of a part; throws if the part is missing or malformed.
  std::shared_ptr<pugi::xml_document> xml(const std::string& name) const;
  std::time_t modified(const std::string& name) const { return modified_.at(name); }

  // Human-readable problems; empty for a sound package.
  std::vector<std::string> problems() const;

 private:
  std::map<std::string, std::string> parts_;
  std::map<std::string, std::time_t> modified_;
};

// Reads a package and fails the current test (Boost.Test) unless it is sound,
// logging each problem.
PackageReader sound_package(const std::string& zip_bytes);

// Number of elements named `name` anywhere under `node`.
std::size_t count_elements(const pugi::xml_node& node, const char* name);
// Concatenated text of every element named `name` (e.g. "a:t", "w:t") under `node`.
std::string all_text(const pugi::xml_node& node, const char* name);

}  // namespace s2d::office_test
