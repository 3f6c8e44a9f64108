#include "renderers/ooxml/media.hpp"

namespace s2d::office {

std::string MediaStore::add(const doc::Image& image) {
  const char* extension = image.mime == "image/png"    ? ".png"
                          : image.mime == "image/jpeg" ? ".jpeg"
                                                       : nullptr;
  if (!extension || image.bytes.empty()) return {};
  const auto found = names_by_bytes_.find(image.bytes);
  if (found != names_by_bytes_.end()) return found->second;
  std::string name = "image" + std::to_string(names_by_bytes_.size() + 1) + extension;
  names_by_bytes_.emplace(image.bytes, name);
  return name;
}

void MediaStore::write_to(Package& package) const {
  for (const auto& [bytes, name] : names_by_bytes_) package.add_media(folder_ + name, std::string(bytes));
}

}  // namespace s2d::office
