#pragma once
// An OPC package being written: parts, their content types, relationships
// and the core/app properties every OOXML file carries.

#include "renderers/ooxml/office.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace s2d::office {

namespace reltype {
inline constexpr std::string_view office_document =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
inline constexpr std::string_view core_properties =
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
inline constexpr std::string_view extended_properties =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties";
inline constexpr std::string_view image = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
inline constexpr std::string_view hyperlink =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
inline constexpr std::string_view styles = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
inline constexpr std::string_view theme = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";
}  // namespace reltype

namespace mediatype {
inline constexpr std::string_view relationships = "application/vnd.openxmlformats-package.relationships+xml";
inline constexpr std::string_view core_properties = "application/vnd.openxmlformats-package.core-properties+xml";
inline constexpr std::string_view extended_properties =
    "application/vnd.openxmlformats-officedocument.extended-properties+xml";
inline constexpr std::string_view theme = "application/vnd.openxmlformats-officedocument.theme+xml";
}  // namespace mediatype

// The relationships of one part (or of the package), numbered rId1, rId2, ...
class Relationships {
 public:
  // Returns the new relationship's id. External targets are URLs.
  std::string add(std::string_view type, std::string target, bool external = false);
  std::string xml() const;

 private:
  struct Entry {
    std::string type, target;
    bool external;
  };
  std::vector<Entry> entries_;
};

class Package {
 public:
  explicit Package(const Options& options) : options_(options) {}

  // name without a leading slash, e.g. "word/document.xml"
  void add_part(std::string name, std::string_view content_type, std::string xml);
  void add_relationships(const std::string& part_name, const Relationships& relationships);
  // A part the package's defaults type (a .rels part written beforehand).
  void add_raw_part(std::string name, std::string bytes);
  // PNG or JPEG bytes under a name ending in .png/.jpeg; stored uncompressed.
  void add_media(std::string name, std::string bytes);
  // A part that is compressed already (an embedded workbook): stored as it is.
  void add_packed_part(std::string name, std::string_view content_type, std::string bytes);

  // docProps/core.xml and docProps/app.xml plus the package relationships
  // (_rels/.rels) pointing at them and at the main part.
  void add_properties(std::string_view main_part, std::string_view title, std::string_view author);

  std::string finish();

 private:
  struct Part {
    std::string name, bytes;
    bool compress;
  };
  std::string content_types_xml() const;

  Options options_;
  std::vector<Part> parts_;
  std::vector<std::pair<std::string, std::string>> overrides_;  // part name, content type
  bool has_png_ = false, has_jpeg_ = false;
};

// "word/document.xml" -> "word/_rels/document.xml.rels"
std::string relationships_part_for(const std::string& part_name);

}  // namespace s2d::office
