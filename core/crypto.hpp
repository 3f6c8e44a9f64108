#pragma once
// Hashing, MACs, randomness and the base64 forms the API uses (OpenSSL).

#include <cstddef>
#include <string>
#include <string_view>

namespace s2d::crypto {

std::string sha256(std::string_view data);                     // 32 raw bytes
std::string sha256_hex(std::string_view data);                 // 64 lowercase hex chars
// sha256 of data given in pieces (a file read in chunks).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  std::string hex();  // ends the hash

 private:
  void* context_;  // EVP_MD_CTX, kept out of this header
};

std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 raw bytes
std::string random_bytes(std::size_t count);                   // from the OS CSPRNG

std::string base64_encode(std::string_view bytes);             // standard alphabet, padded
std::string base64url_encode(std::string_view bytes);          // URL alphabet, unpadded
// Both decoders accept padded or unpadded input; false on any invalid character.
bool base64_decode(std::string_view text, std::string* out);
bool base64url_decode(std::string_view text, std::string* out);

std::string hex_encode(std::string_view bytes);

// Comparison whose time does not depend on where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace s2d::crypto
