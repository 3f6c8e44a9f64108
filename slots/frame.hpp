#pragma once
// Frames on a pipe: an 8-byte little-endian length, then the payload.
// Blocking; retries on EINTR and short reads/writes.

#include <cstddef>
#include <string>
#include <string_view>

namespace s2d::slots {

enum class FrameStatus { ok, closed, too_large, failed };

bool write_frame(int fd, std::string_view payload);

// `closed`: the other end closed the pipe before a frame began (or died in
// the middle of one). A frame longer than `max_bytes` is not read.
FrameStatus read_frame(int fd, std::size_t max_bytes, std::string* payload);

}  // namespace s2d::slots
