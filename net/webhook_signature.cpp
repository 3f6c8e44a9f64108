#include "net/webhook_signature.hpp"

#include "core/crypto.hpp"

#include <charconv>
#include <stdexcept>

namespace s2d::net::webhooks {
namespace {

constexpr std::size_t kGeneratedSecretBytes = 32;
constexpr std::size_t kMinSecretBytes = 24;
constexpr std::size_t kMaxSecretBytes = 64;
constexpr std::string_view kVersionPrefix = "v1,";

std::string signature_of(std::string_view key, std::string_view id, std::string_view timestamp,
                         std::string_view body) {
  std::string content;
  content.reserve(id.size() + timestamp.size() + body.size() + 2);
  content.append(id).append(".").append(timestamp).append(".").append(body);
  return crypto::base64_encode(crypto::hmac_sha256(key, content));
}

std::string required_key(std::string_view secret) {
  auto key = secret_key(secret);
  if (!key)
    throw std::invalid_argument("webhook secret is malformed: expected whsec_ + base64 of 24 to 64 bytes");
  return *key;
}

}  // namespace

std::string make_secret() {
  return std::string(kSecretPrefix) + crypto::base64_encode(crypto::random_bytes(kGeneratedSecretBytes));
}

std::optional<std::string> secret_key(std::string_view secret) {
  if (secret.substr(0, kSecretPrefix.size()) == kSecretPrefix) secret.remove_prefix(kSecretPrefix.size());
  std::string key;
  if (!crypto::base64_decode(secret, &key)) return std::nullopt;
  if (key.size() < kMinSecretBytes || key.size() > kMaxSecretBytes) return std::nullopt;
  return key;
}

std::string sign(std::string_view secret, std::string_view id, std::int64_t timestamp, std::string_view body) {
  return std::string(kVersionPrefix) + signature_of(required_key(secret), id, std::to_string(timestamp), body);
}

std::string signature_header(const std::vector<std::string>& secrets, std::string_view id, std::int64_t timestamp,
                             std::string_view body) {
  if (secrets.empty()) throw std::invalid_argument("a webhook needs at least one signing secret");
  std::string header;
  for (const std::string& secret : secrets) {
    if (!header.empty()) header += ' ';
    header += sign(secret, id, timestamp, body);
  }
  return header;
}

std::string verify(std::string_view secret, std::string_view id, std::string_view timestamp, std::string_view body,
                   std::string_view signature_header, std::int64_t now, std::int64_t tolerance_seconds) {
  auto key = secret_key(secret);
  if (!key) return "the secret is malformed";
  std::int64_t sent_at = 0;
  auto [end, error] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), sent_at);
  if (timestamp.empty() || error != std::errc() || end != timestamp.data() + timestamp.size())
    return "webhook-timestamp is not an integer";
  if (sent_at < now - tolerance_seconds || sent_at > now + tolerance_seconds)
    return "webhook-timestamp is outside the tolerance";
  std::string expected = signature_of(*key, id, timestamp, body);
  while (!signature_header.empty()) {
    std::size_t space = signature_header.find(' ');
    std::string_view candidate = signature_header.substr(0, space);
    signature_header = space == std::string_view::npos ? std::string_view() : signature_header.substr(space + 1);
    if (candidate.substr(0, kVersionPrefix.size()) != kVersionPrefix) continue;
    if (crypto::constant_time_equal(candidate.substr(kVersionPrefix.size()), expected)) return "";
  }
  return "no v1 signature matches";
}

}  // namespace s2d::net::webhooks
