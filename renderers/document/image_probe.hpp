#pragma once
// Recognises PNG and JPEG files by their bytes and reads their pixel size,
// so the parser can reject anything else before a renderer decodes it.

#include <string>
#include <string_view>

namespace s2d::doc {

struct ImageInfo {
  std::string mime;  // image/png or image/jpeg
  int width = 0, height = 0;
};

// False when `bytes` is neither a PNG nor a baseline/progressive JPEG with a
// readable size.
bool probe_image(std::string_view bytes, ImageInfo* info);

}  // namespace s2d::doc
