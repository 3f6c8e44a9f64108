#include "slots/frame.hpp"

#include <cerrno>
#include <cstdint>
#include <unistd.h>

namespace s2d::slots {
namespace {

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    auto n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= std::size_t(n);
  }
  return true;
}

// 1: all read, 0: end of file, -1: error.
int read_all(int fd, char* data, std::size_t size) {
  while (size > 0) {
    auto n = ::read(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) return 0;
    data += n;
    size -= std::size_t(n);
  }
  return 1;
}

}  // namespace

bool write_frame(int fd, std::string_view payload) {
  char header[8];
  std::uint64_t size = payload.size();
  for (int i = 0; i < 8; ++i) header[i] = char((size >> (8 * i)) & 0xff);
  return write_all(fd, header, sizeof header) && write_all(fd, payload.data(), payload.size());
}

FrameStatus read_frame(int fd, std::size_t max_bytes, std::string* payload) {
  char header[8];
  int got = read_all(fd, header, sizeof header);
  if (got <= 0) return got == 0 ? FrameStatus::closed : FrameStatus::failed;
  std::uint64_t size = 0;
  for (int i = 0; i < 8; ++i) size |= std::uint64_t(std::uint8_t(header[i])) << (8 * i);
  if (size > max_bytes) return FrameStatus::too_large;
  payload->resize(std::size_t(size));
  got = read_all(fd, payload->data(), payload->size());
  if (got <= 0) return got == 0 ? FrameStatus::closed : FrameStatus::failed;
  return FrameStatus::ok;
}

}  // namespace s2d::slots
