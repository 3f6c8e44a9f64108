#pragma once
// Webhook endpoint secrets at rest. Standard Webhooks signs with the secret
// itself (HMAC key), so s2d must be able to read it back: a hash would not
// do. Each secret is sealed with AES-256-GCM under a node key that lives in
// <data-dir>/webhook-secrets.key (mode 0600), outside RocksDB, so a copy of
// the database alone (backup, `ldb dump`, support bundle) reveals no secret.
// The endpoint id is the associated data: a sealed secret copied onto
// another endpoint does not open. No CAF here.

#include <optional>
#include <string>
#include <string_view>

namespace s2d {

struct Services;

class SecretSealer {
 public:
  explicit SecretSealer(std::string key);  // 32 raw bytes

  // base64(12-byte nonce | ciphertext | 16-byte tag), bound to `context`.
  std::string seal(std::string_view plaintext, std::string_view context) const;
  // nullopt when the text was not sealed by this key for this context.
  std::optional<std::string> open(std::string_view sealed, std::string_view context) const;

 private:
  std::string key_;
};

// Loads the node key, creating it on a new data dir. Refuses (false and
// *error) when the database records a key but the file is missing or holds
// another key: starting anyway would make every endpoint secret unreadable.
bool load_secret_sealer(Services& services, std::string* error);

}  // namespace s2d
