// PNG and JPEG headers: just enough to know the format and the pixel size.
#include "renderers/document/image_probe.hpp"

#include <cstdint>

namespace s2d::doc {
namespace {

std::uint32_t big_endian(std::string_view bytes, std::size_t at, int count) {
  std::uint32_t value = 0;
  for (int i = 0; i < count; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

bool probe_png(std::string_view bytes, ImageInfo* info) {
  static constexpr std::string_view signature = "\x89PNG\r\n\x1a\n";
  // Signature, then the IHDR chunk: length, "IHDR", width, height.
  if (bytes.size() < 24 || bytes.substr(0, 8) != signature || bytes.substr(12, 4) != "IHDR") return false;
  info->mime = "image/png";
  info->width = static_cast<int>(big_endian(bytes, 16, 4) & 0x7fffffff);
  info->height = static_cast<int>(big_endian(bytes, 20, 4) & 0x7fffffff);
  return info->width > 0 && info->height > 0;
}

// Walks the JPEG segments to the first start-of-frame marker.
bool probe_jpeg(std::string_view bytes, ImageInfo* info) {
  if (bytes.size() < 4 || static_cast<unsigned char>(bytes[0]) != 0xFF || static_cast<unsigned char>(bytes[1]) != 0xD8)
    return false;
  std::size_t pos = 2;
  while (pos + 4 <= bytes.size()) {
    if (static_cast<unsigned char>(bytes[pos]) != 0xFF) return false;
    unsigned marker = static_cast<unsigned char>(bytes[pos + 1]);
    if (marker == 0xFF) {  // fill byte
      ++pos;
      continue;
    }
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
      pos += 2;
      continue;
    }
    std::size_t length = big_endian(bytes, pos + 2, 2);
    if (length < 2) return false;
    bool start_of_frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (start_of_frame) {
      if (pos + 9 > bytes.size()) return false;
      info->mime = "image/jpeg";
      info->height = static_cast<int>(big_endian(bytes, pos + 5, 2));
      info->width = static_cast<int>(big_endian(bytes, pos + 7, 2));
      return info->width > 0 && info->height > 0;
    }
    pos += 2 + length;
  }
  return false;
}

}  // namespace

bool probe_image(std::string_view bytes, ImageInfo* info) {
  *info = ImageInfo{};
  return probe_png(bytes, info) || probe_jpeg(bytes, info);
}

}  // namespace s2d::doc
