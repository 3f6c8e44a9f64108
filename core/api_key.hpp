#pragma once
// API key format (API.md "API keys"): `s2d_live_` + 30 base62 characters +
// a 6-character base62 CRC32 of those 30, so a mistyped or truncated key is
// rejected without a storage lookup. Only the SHA-256 of a key is stored.

#include <string>
#include <string_view>

namespace s2d::api_key {

inline constexpr std::string_view kPrefix = "s2d_live_";

std::string generate();

// Prefix, length, alphabet and checksum all correct.
bool well_formed(std::string_view key);

// What is stored and looked up: lowercase hex SHA-256 of the whole key.
std::string hash(std::string_view key);

// The last four characters, shown in listings so users can tell keys apart.
std::string last4(std::string_view key);

}  // namespace s2d::api_key

namespace s2d {

// The first workspace and its admin key, made on a new data dir.
struct BootstrapCredentials {
  std::string workspace_id;
  std::string api_key;
};

}  // namespace s2d
