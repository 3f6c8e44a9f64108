// libFuzzer entry for the render slot codec: arbitrary bytes decoded as a
// job and as a result must be refused or decoded, never overread; whatever
// decodes must encode back to the same bytes.
#include "slots/codec.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string error;
  if (auto job = s2d::slots::decode_job(input, &error)) {
    if (s2d::slots::encode_job(*job) != input) std::abort();
  }
  if (auto result = s2d::slots::decode_result(input, &error)) {
    // The failure context is JSON text that decodes to an object, so only
    // a second round trip must be stable.
    auto once = s2d::slots::encode_result(*result);
    auto again = s2d::slots::decode_result(once, &error);
    if (!again || s2d::slots::encode_result(*again) != once) std::abort();
  }
  return 0;
}
