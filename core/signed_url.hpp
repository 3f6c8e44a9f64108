#pragma once
// Signed, time-limited download URLs (API.md "Output files").
//
// sig = <key id> "." base64url(HMAC-SHA256(key, method \n path \n workspace \n expires))
// The key id lets operators rotate the signing key: URLs signed with an older
// key keep working while that key is still listed.

#include <cstdint>
#include <string>
#include <vector>

namespace s2d {

struct UrlSigningKey {
  std::string id;
  std::string secret;  // raw bytes
};

class UrlSigner {
 public:
  enum class Verdict { valid, invalid_signature, expired };

  // keys.front() signs; every listed key verifies.
  explicit UrlSigner(std::vector<UrlSigningKey> keys);

  std::string sign(const std::string& method, const std::string& path,
                   const std::string& workspace_id, std::int64_t expires) const;

  // The signature is checked before the expiry, so a tampered URL is
  // reported as tampered even when it is also old.
  Verdict verify(const std::string& method, const std::string& path,
                 const std::string& workspace_id, std::int64_t expires,
                 const std::string& signature, std::int64_t now_seconds) const;

 private:
  std::vector<UrlSigningKey> keys_;
};

}  // namespace s2d
