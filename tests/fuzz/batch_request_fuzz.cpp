// POST /v1/batches' items check on arbitrary JSON: any answer, never a
// crash, hang or exception. The HTTP front bounds depth and size before
// this check runs; the harness does the same.
#include "core/batch.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

bool nested_deeper_than(std::string_view text, int limit) {
  int depth = 0;
  for (char c : text) {
    if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (size > (1 << 20) || nested_deeper_than(text, 64)) return 0;
  const auto body = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;
  for (bool has_source : {false, true}) {
    s2d::check_batch_items(body, has_source);
    if (body.is_object() && body.contains("items")) s2d::check_batch_items(body["items"], has_source);
  }
  return 0;
}
