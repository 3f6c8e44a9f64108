#pragma once
// The images of a package, each stored once however often it is drawn.

#include "renderers/document/model.hpp"
#include "renderers/ooxml/package.hpp"

#include <map>
#include <string>
#include <string_view>

namespace s2d::office {

class MediaStore {
 public:
  // folder inside the package, e.g. "word/media/"
  explicit MediaStore(std::string folder) : folder_(std::move(folder)) {}

  // The file name (e.g. "image1.png") the image is stored under, or an empty
  // string for a format OOXML cannot embed here (only PNG and JPEG are).
  // The image must outlive the store.
  std::string add(const doc::Image& image);

  void write_to(Package& package) const;

 private:
  std::string folder_;
  std::map<std::string_view, std::string> names_by_bytes_;
};

}  // namespace s2d::office
