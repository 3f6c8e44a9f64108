// The event stream both ways. The client's parser on hostile bytes (any
// split, any content) never hands out more data than it was given; and what the
// server's pump frames (http/sse_frame.cpp) reads back through the parser
// as exactly the event it framed, whatever its data.
#include "cli/sse.hpp"
#include "http/sse_frame.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace {

void parse_hostile_bytes(std::string_view bytes, std::size_t split) {
  s2d::cli::SseParser parser(4096);
  std::size_t total = 0;
  // The data of events comes from the input (the type may be the default "message").
  auto on_event = [&](const s2d::cli::SseEvent& event) { total += event.data.size(); };
  parser.feed(bytes.substr(0, split), on_event);
  parser.feed(bytes.substr(split), on_event);
  if (total > bytes.size()) __builtin_trap();
}

// Event data is JSON text, which never holds a raw CR; LF, NUL and every other byte may come.
void frame_round_trip(std::string_view bytes, std::size_t split) {
  std::string data(bytes);
  data.erase(std::remove(data.begin(), data.end(), '\r'), data.end());
  const std::string frame = s2d::http::sse_frame({"7.running", "status", data});
  s2d::cli::SseParser parser(frame.size() + 16);
  std::vector<s2d::cli::SseEvent> events;
  auto on_event = [&](const s2d::cli::SseEvent& event) { events.push_back(event); };
  const std::size_t at = std::min(split, frame.size());
  parser.feed(std::string_view(frame).substr(0, at), on_event);
  parser.feed(std::string_view(frame).substr(at), on_event);
  if (events.size() != 1 || events[0].data != data || events[0].type != "status" || events[0].id != "7.running")
    __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t split = size ? data[0] % (size + 1) : 0;
  parse_hostile_bytes(bytes, split);
  frame_round_trip(bytes, split);
  return 0;
}
