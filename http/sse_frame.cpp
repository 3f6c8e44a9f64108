#include "http/sse_frame.hpp"

namespace s2d::http {

std::string sse_frame(const StreamEvent& event) {
  std::string frame;
  frame.reserve(event.data.size() + event.id.size() + event.type.size() + 24);
  frame += "id: " + event.id + "\n";
  frame += "event: " + event.type + "\n";
  std::size_t start = 0;
  for (;;) {
    auto end = event.data.find('\n', start);
    frame += "data: ";
    frame.append(event.data, start, end == std::string::npos ? std::string::npos : end - start);
    frame += "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  frame += "\n";
  return frame;
}

}  // namespace s2d::http
