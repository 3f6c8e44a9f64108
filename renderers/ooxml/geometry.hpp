#pragma once
// Units, colors and image extents shared by the OOXML writers.

#include "renderers/document/model.hpp"

#include <cmath>
#include <string>
#include <string_view>

namespace s2d::office {

inline constexpr long long kEmuPerInch = 914400;
inline constexpr long long kEmuPerPoint = 12700;
inline constexpr long long kEmuPerPixel = 9525;  // at 96 dpi

inline long long mm_to_emu(double mm) { return std::llround(mm * 36000.0); }
inline long long mm_to_twips(double mm) { return std::llround(mm * 1440.0 / 25.4); }
inline long long points_to_emu(double points) { return std::llround(points * kEmuPerPoint); }

// "#0b3d91" -> "0B3D91"; anything that is not six hex digits gives `fallback`.
std::string hex_color(std::string_view css_color, std::string_view fallback);

struct Extent {
  long long cx = 0, cy = 0;  // EMU
};

// The size an image is drawn at: the requested width (absolute, or a share
// of max_cx), else its natural size at 96 dpi; never wider than max_cx nor
// taller than max_cy; aspect ratio kept. Images of unknown pixel size are
// drawn 4:3.
Extent image_extent(const doc::Image& image, long long max_cx, long long max_cy);

// As large as fits in max_cx x max_cy, aspect ratio kept: pictures on slides
// fill the space they are given unless a width was asked for.
Extent fill_extent(const doc::Image& image, long long max_cx, long long max_cy);

}  // namespace s2d::office
