#pragma once
// Standard Webhooks signatures (https://www.standardwebhooks.com/), symmetric
// scheme "v1":
//   secret     "whsec_" + base64(random bytes); s2d makes 32-byte secrets and
//              accepts 24 to 64 bytes, the spec's range
//   signed     "<webhook-id>.<webhook-timestamp>.<body>" (the exact body bytes sent)
//   signature  "v1," + base64(HMAC-SHA256(secret bytes, signed))
//   header     webhook-signature: one signature, or several separated by single
//              spaces while a secret is being rotated (old and new both sign)
// Ids and timestamps are ours, never the customer's: neither may contain '.'.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::net::webhooks {

inline constexpr std::string_view kSecretPrefix = "whsec_";
inline constexpr std::int64_t kDefaultToleranceSeconds = 5 * 60;

// A new secret: "whsec_" + base64 of 32 bytes from the OS CSPRNG.
std::string make_secret();

// The HMAC key inside a secret ("whsec_" prefix optional, as the reference
// libraries accept), or nullopt when it is not base64 of 24 to 64 bytes.
std::optional<std::string> secret_key(std::string_view secret);

// "v1,<base64 signature>". Throws std::invalid_argument when secret is
// malformed (the message never contains the secret).
std::string sign(std::string_view secret, std::string_view id, std::int64_t timestamp, std::string_view body);

// The webhook-signature header value: sign() for each secret, space-separated,
// in the given order. Throws std::invalid_argument when secrets is empty or
// one of them is malformed.
std::string signature_header(const std::vector<std::string>& secrets, std::string_view id, std::int64_t timestamp,
                             std::string_view body);

// Checks a received webhook as a consumer would: "" when one v1 signature in
// signature_header matches secret and the timestamp (Unix seconds, as text)
// is within tolerance_seconds of now; otherwise the reason it does not.
// Compares in constant time.
std::string verify(std::string_view secret, std::string_view id, std::string_view timestamp, std::string_view body,
                   std::string_view signature_header, std::int64_t now,
                   std::int64_t tolerance_seconds = kDefaultToleranceSeconds);

}  // namespace s2d::net::webhooks
