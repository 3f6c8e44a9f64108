#include "core/api_key.hpp"

#include "core/crypto.hpp"

#include <boost/crc.hpp>

namespace s2d::api_key {
namespace {

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::size_t kRandomLength = 30;
constexpr std::size_t kChecksumLength = 6;

std::string checksum(std::string_view body) {
  boost::crc_32_type crc;
  crc.process_bytes(body.data(), body.size());
  std::uint64_t value = crc.checksum();
  std::string out(kChecksumLength, '0');
  for (std::size_t i = kChecksumLength; i-- > 0;) {
    out[i] = kBase62[value % 62];
    value /= 62;
  }
  return out;
}

bool is_base62(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace

std::string generate() {
  // 30 characters from 62 with rejection sampling: no modulo bias.
  std::string body;
  while (body.size() < kRandomLength) {
    for (unsigned char byte : crypto::random_bytes(64)) {
      if (byte < 248 && body.size() < kRandomLength) body += kBase62[byte % 62];
    }
  }
  return std::string(kPrefix) + body + checksum(body);
}

bool well_formed(std::string_view key) {
  if (key.size() != kPrefix.size() + kRandomLength + kChecksumLength) return false;
  if (key.substr(0, kPrefix.size()) != kPrefix) return false;
  auto rest = key.substr(kPrefix.size());
  for (char c : rest)
    if (!is_base62(c)) return false;
  return checksum(rest.substr(0, kRandomLength)) == rest.substr(kRandomLength);
}

std::string hash(std::string_view key) { return crypto::sha256_hex(key); }

std::string last4(std::string_view key) {
  return std::string(key.size() >= 4 ? key.substr(key.size() - 4) : key);
}

}  // namespace s2d::api_key
