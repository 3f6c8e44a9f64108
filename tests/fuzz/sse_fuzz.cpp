// The client's event-stream parser on hostile bytes: any split, any content.
#include "cli/sse.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  s2d::cli::SseParser parser(4096);
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t split = size ? data[0] % (size + 1) : 0;
  std::size_t total = 0;
  auto on_event = [&](const s2d::cli::SseEvent& event) { total += event.data.size() + event.type.size(); };
  parser.feed(bytes.substr(0, split), on_event);
  parser.feed(bytes.substr(split), on_event);
  // Events only ever hold bytes of the input.
  if (total > size) __builtin_trap();
  return 0;
}
