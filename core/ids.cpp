#include "core/ids.hpp"

#include "core/crypto.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <mutex>

namespace s2d::ids {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kUlidLength = 26;

struct Ulid {
  std::uint64_t time_ms = 0;
  std::array<std::uint8_t, 10> random{};
};

// Monotonic within a millisecond: the random part is incremented instead of
// redrawn, so two ids made in the same millisecond still sort in order.
Ulid next_ulid() {
  static std::mutex mutex;
  static Ulid last;
  auto now = std::uint64_t(std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count());
  std::lock_guard<std::mutex> lock(mutex);
  if (now > last.time_ms) {
    last.time_ms = now;
    auto bytes = crypto::random_bytes(last.random.size());
    for (std::size_t i = 0; i < last.random.size(); ++i) last.random[i] = std::uint8_t(bytes[i]);
  } else {
    for (std::size_t i = last.random.size(); i-- > 0;)
      if (++last.random[i] != 0) break;
  }
  return last;
}

std::string encode(const Ulid& ulid) {
  // 128 bits: 48 time bits then 80 random bits, read 5 bits at a time from the top
  // (the first character carries only 3 bits).
  std::array<std::uint8_t, 16> bits{};
  for (int i = 0; i < 6; ++i) bits[i] = std::uint8_t(ulid.time_ms >> (40 - 8 * i));
  for (int i = 0; i < 10; ++i) bits[6 + i] = ulid.random[i];
  std::string out(kUlidLength, '0');
  for (std::size_t c = 0; c < kUlidLength; ++c) {
    int bit = int(c) * 5 - 2;  // position of this character's top bit; negative for the padding
    int value = 0;
    for (int b = 0; b < 5; ++b, ++bit) {
      value <<= 1;
      if (bit >= 0) value |= (bits[bit / 8] >> (7 - bit % 8)) & 1;
    }
    out[c] = kCrockford[value];
  }
  return out;
}

int decode_char(char c) {
  for (int i = 0; i < 32; ++i)
    if (kCrockford[i] == c) return i;
  return -1;
}

}  // namespace

std::string make(std::string_view prefix) {
  std::string id(prefix);
  id += '_';
  id += encode(next_ulid());
  return id;
}

std::string lowest_at(std::string_view prefix, std::int64_t unix_ms) {
  Ulid ulid;
  ulid.time_ms = std::uint64_t(std::max<std::int64_t>(unix_ms, 0));
  std::string id(prefix);
  id += '_';
  id += encode(ulid);
  return id;
}

bool valid(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 1 + kUlidLength) return false;
  if (id.substr(0, prefix.size()) != prefix || id[prefix.size()] != '_') return false;
  auto body = id.substr(prefix.size() + 1);
  if (body[0] > '7') return false;  // the first character holds only 3 bits
  for (char c : body)
    if (decode_char(c) < 0) return false;
  return true;
}

std::int64_t time_ms(std::string_view id) {
  auto underscore = id.find('_');
  if (underscore == std::string_view::npos || id.size() < underscore + 11) return 0;
  std::int64_t value = 0;
  for (char c : id.substr(underscore + 1, 10)) {
    int digit = decode_char(c);
    if (digit < 0) return 0;
    value = value * 32 + digit;
  }
  return value;
}

}  // namespace s2d::ids
