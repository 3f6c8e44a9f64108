// PNG decoding and JPEG pass-through for the PDF surface.
#include "renderers/pdf/images.hpp"

#include <cstring>

namespace s2d::pdf {
namespace {

struct Reader {
  const std::string* bytes;
  std::size_t position = 0;
};

cairo_status_t read_png(void* closure, unsigned char* data, unsigned int length) {
  auto* reader = static_cast<Reader*>(closure);
  if (reader->bytes->size() - reader->position < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, reader->bytes->data() + reader->position, length);
  reader->position += length;
  return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t* decode_png(const std::string& bytes) {
  Reader reader{&bytes};
  return cairo_image_surface_create_from_png_stream(read_png, &reader);
}

// The PDF surface embeds the JPEG stream attached as mime data; the pixels
// of the surface itself are never read, only its size.
cairo_surface_t* wrap_jpeg(const doc::Image& image) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, image.pixel_width, image.pixel_height);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) return surface;
  auto* copy = new std::string(image.bytes);
  cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_JPEG, reinterpret_cast<const unsigned char*>(copy->data()),
                              copy->size(), [](void* data) { delete static_cast<std::string*>(data); }, copy);
  return surface;
}

}  // namespace

ImageCache::~ImageCache() {
  for (auto& entry : surfaces_)
    if (entry.second) cairo_surface_destroy(entry.second);
}

cairo_surface_t* ImageCache::surface(const doc::Image& image) {
  auto found = surfaces_.find(image.bytes.data());
  if (found != surfaces_.end()) return found->second;
  cairo_surface_t* surface = image.mime == "image/jpeg" ? wrap_jpeg(image) : decode_png(image.bytes);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    warnings_.push_back("image skipped: '" + (image.alt.empty() ? image.mime : image.alt) +
                        "' could not be decoded (" + cairo_status_to_string(cairo_surface_status(surface)) + ")");
    cairo_surface_destroy(surface);
    surface = nullptr;
  }
  surfaces_.emplace(image.bytes.data(), surface);
  return surface;
}

void paint_image(cairo_t* cr, cairo_surface_t* surface, double x, double y, double width, double height) {
  double pixel_width = cairo_image_surface_get_width(surface);
  double pixel_height = cairo_image_surface_get_height(surface);
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, width / pixel_width, height / pixel_height);
  cairo_set_source_surface(cr, surface, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
  cairo_rectangle(cr, 0, 0, pixel_width, pixel_height);
  cairo_fill(cr);
  cairo_restore(cr);
}

}  // namespace s2d::pdf
