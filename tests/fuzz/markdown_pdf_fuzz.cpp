// libFuzzer: front matter + Markdown template -> PDF through the renderers'
// facade. Any input must give a PDF or a structured error: no crash, no
// hang, no leak. A fixed data object and one PNG asset let templates reach
// loops, fields and images.
#include "renderers/render.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

// A 2x2 PNG (the asset "logo.png").
const unsigned char kPixelPng[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a, 0x73, 0x00, 0x00, 0x00, 0x06, 0x62,
    0x4b, 0x47, 0x44, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0xa0, 0xbd, 0xa7, 0x93, 0x00, 0x00, 0x00, 0x16, 0x49, 0x44,
    0x41, 0x54, 0x08, 0x99, 0x63, 0x94, 0xf4, 0x99, 0xc9, 0xc0, 0xc0, 0xc0, 0xc4, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0x00,
    0x00, 0x0b, 0x92, 0x01, 0x02, 0xae, 0x07, 0xb2, 0x0b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42,
    0x60, 0x82};

s2d::render::Request base_request() {
  s2d::render::Request request;
  request.formats = {"pdf"};
  request.deterministic = true;
  request.data = nlohmann::json::parse(R"({
    "name": "Quokka <GmbH> & *Co*", "total": 1234.5, "rtl": "مرحبا שלום", "cjk": "你好こんにちは",
    "items": [{"name": "A|B", "qty": 1, "price": "1.50"}, {"name": "`code`", "qty": 2, "price": "3.00"}],
    "empty": [], "flag": true})");
  request.assets.push_back({"logo.png", "image/png", std::string(reinterpret_cast<const char*>(kPixelPng), sizeof kPixelPng)});
  // Small limits keep each input fast; the limits themselves are under test too.
  request.limits.max_output_bytes = 64 * 1024;
  request.limits.max_iterations = 20'000;
  request.limits.max_depth = 32;
  return request;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 32 * 1024) return 0;  // larger inputs only slow the search down
  static const s2d::render::Request base = base_request();
  s2d::render::Request request = base;
  request.source.assign(reinterpret_cast<const char*>(data), size);
  s2d::render::Result result = s2d::render::render(request);
  if (!result.error && (result.outputs.size() != 1 || result.outputs[0].bytes.compare(0, 5, "%PDF-") != 0))
    __builtin_trap();  // success must mean a PDF
  return 0;
}
