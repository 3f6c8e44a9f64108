#pragma once
// Chart text measured with Pango at 72 dpi (points), the way the PDF draws it.

#include "renderers/chart/scene.hpp"

#include <memory>
#include <string>

namespace s2d::chart {

// The family list for one label: DejaVu's basic Arabic glyphs spread apart
// in the PDF's text layer (as in the body text), so text with Arabic letters
// asks for Noto Sans Arabic first.
std::string family_for(std::string_view text, const std::string& family);

class PangoMeasurer final : public Measurer {
 public:
  explicit PangoMeasurer(const std::string& family);
  ~PangoMeasurer() override;
  PangoMeasurer(const PangoMeasurer&) = delete;
  PangoMeasurer& operator=(const PangoMeasurer&) = delete;

  double width(std::string_view text, double size, bool bold) override;
  double line_height(double size) override;
  std::vector<std::string> wrap(std::string_view text, double size, bool bold, double width) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s2d::chart
