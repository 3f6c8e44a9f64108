#include "core/signed_url.hpp"

#include "core/crypto.hpp"

#include <stdexcept>

namespace s2d {
namespace {

std::string mac(const UrlSigningKey& key, const std::string& method, const std::string& path,
                const std::string& workspace_id, std::int64_t expires) {
  std::string message = method + "\n" + path + "\n" + workspace_id + "\n" + std::to_string(expires);
  return crypto::base64url_encode(crypto::hmac_sha256(key.secret, message));
}

}  // namespace

UrlSigner::UrlSigner(std::vector<UrlSigningKey> keys) : keys_(std::move(keys)) {
  if (keys_.empty()) throw std::invalid_argument("UrlSigner needs at least one key");
}

std::string UrlSigner::sign(const std::string& method, const std::string& path,
                            const std::string& workspace_id, std::int64_t expires) const {
  const auto& key = keys_.front();
  return key.id + "." + mac(key, method, path, workspace_id, expires);
}

UrlSigner::Verdict UrlSigner::verify(const std::string& method, const std::string& path,
                                     const std::string& workspace_id, std::int64_t expires,
                                     const std::string& signature,
                                     std::int64_t now_seconds) const {
  auto dot = signature.find('.');
  if (dot == std::string::npos) return Verdict::invalid_signature;
  auto key_id = signature.substr(0, dot);
  for (const auto& key : keys_) {
    if (key.id != key_id) continue;
    if (!crypto::constant_time_equal(signature.substr(dot + 1),
                                     mac(key, method, path, workspace_id, expires)))
      return Verdict::invalid_signature;
    return expires < now_seconds ? Verdict::expired : Verdict::valid;
  }
  return Verdict::invalid_signature;
}

}  // namespace s2d
