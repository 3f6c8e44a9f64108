#pragma once
// Cairo surfaces for the document's images, made once per render. PNG is
// decoded; JPEG is passed through to the PDF as it is (DCT), so it keeps its
// quality and size.

#include "renderers/document/model.hpp"

#include <cairo.h>

#include <map>
#include <string>
#include <vector>

namespace s2d::pdf {

class ImageCache {
 public:
  ImageCache() = default;
  ~ImageCache();
  ImageCache(const ImageCache&) = delete;
  ImageCache& operator=(const ImageCache&) = delete;

  // The surface for `image`, or nullptr (with a warning) when its bytes do not decode.
  cairo_surface_t* surface(const doc::Image& image);
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  std::map<const void*, cairo_surface_t*> surfaces_;
  std::vector<std::string> warnings_;
};

// Paints `surface` scaled into the rectangle (x, y, width, height).
void paint_image(cairo_t* cr, cairo_surface_t* surface, double x, double y, double width, double height);

}  // namespace s2d::pdf
