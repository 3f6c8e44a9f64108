#include "renderers/ooxml/geometry.hpp"

#include <algorithm>
#include <cctype>

namespace s2d::office {

std::string hex_color(std::string_view css_color, std::string_view fallback) {
  if (!css_color.empty() && css_color.front() == '#') css_color.remove_prefix(1);
  if (css_color.size() != 6) return std::string(fallback);
  std::string out;
  for (const char c : css_color) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::string(fallback);
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

namespace {

bool known_size(const doc::Image& image) { return image.pixel_width > 0 && image.pixel_height > 0; }

double aspect_of(const doc::Image& image) {
  return known_size(image) ? static_cast<double>(image.pixel_height) / image.pixel_width : 0.75;
}

}  // namespace

Extent image_extent(const doc::Image& image, long long max_cx, long long max_cy) {
  const double aspect = aspect_of(image);
  double cx = 0;
  if (image.width_mm && *image.width_mm > 0) {
    cx = static_cast<double>(mm_to_emu(*image.width_mm));
  } else if (image.width_percent && *image.width_percent > 0) {
    cx = static_cast<double>(max_cx) * std::min(*image.width_percent, 100.0) / 100.0;
  } else {
    cx = known_size(image) ? static_cast<double>(image.pixel_width) * kEmuPerPixel : max_cx / 2.0;
  }
  cx = std::min(cx, static_cast<double>(max_cx));
  double cy = cx * aspect;
  if (cy > max_cy) {
    cy = static_cast<double>(max_cy);
    cx = cy / aspect;
  }
  return {std::max(1LL, std::llround(cx)), std::max(1LL, std::llround(cy))};
}

Extent fill_extent(const doc::Image& image, long long max_cx, long long max_cy) {
  if (image.width_mm || image.width_percent) return image_extent(image, max_cx, max_cy);
  const double aspect = aspect_of(image);
  double cx = static_cast<double>(max_cx), cy = cx * aspect;
  if (cy > max_cy) {
    cy = static_cast<double>(max_cy);
    cx = cy / aspect;
  }
  return {std::max(1LL, std::llround(cx)), std::max(1LL, std::llround(cy))};
}

}  // namespace s2d::office
