#pragma once
// The Range header of file downloads (RFC 9110 section 14): one range of
// bytes, "bytes=a-b", "bytes=a-" or "bytes=-n". Anything else (other units,
// several ranges, garbage) is ignored and the whole file is sent; a range
// outside the file, or with a number too large to represent, is
// unsatisfiable (416 with Content-Range: bytes */size).

#include <cstdint>
#include <string_view>

namespace s2d::http {

enum class RangeResult { none, ok, unsatisfiable };

struct ByteRange {
  RangeResult result = RangeResult::none;
  std::uint64_t offset = 0, length = 0;  // set when result == ok
};

ByteRange parse_range(std::string_view header, std::uint64_t size);

}  // namespace s2d::http
