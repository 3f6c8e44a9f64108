#include "core/redact.hpp"

#include "core/json_text.hpp"
#include "core/utf8.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace s2d {
namespace {

constexpr std::array<std::string_view, 10> kSecretFieldParts = {
    "secret", "password", "passwd", "token", "authorization", "connection_string",
    "credential", "api_key", "headers", "private_key"};

constexpr std::array<std::string_view, 2> kSecretPrefixes = {"s2d_live_", "whsec_"};

bool is_secret_field(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return std::any_of(kSecretFieldParts.begin(), kSecretFieldParts.end(),
                     [&](std::string_view part) { return name.find(part) != std::string::npos; });
}

bool token_char(char c) { return std::isalnum((unsigned char)c) || c == '_' || c == '+' || c == '/' || c == '=' || c == '-'; }

// Replaces every token that starts with a secret prefix.
std::string mask_tokens(std::string text) {
  for (auto prefix : kSecretPrefixes) {
    for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) {
      std::size_t end = at + prefix.size();
      while (end < text.size() && token_char(text[end])) ++end;
      text.replace(at, end - at, kRedacted);
    }
  }
  return text;
}

void redact_json(nlohmann::json& value) {
  if (value.is_object()) {
    for (auto& [key, item] : value.items()) {
      // An API key object keeps its id and name; only the secret goes.
      if (is_secret_field(key) && !(key == "api_key" && item.is_object()))
        item = kRedacted;
      else
        redact_json(item);
    }
  } else if (value.is_array()) {
    for (auto& item : value) redact_json(item);
  } else if (value.is_string()) {
    value = mask_tokens(value.get<std::string>());
  }
}

std::string cut(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // UTF-8 boundary
  auto total = text.size();
  text.resize(end);
  return text + "...[truncated, " + std::to_string(total) + " bytes]";
}

// Most bodies mention nothing secret: they are only cut, not parsed.
bool may_hold_secrets(std::string_view body) {
  std::string lower(body);
  for (auto& c : lower) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  auto mentions = [&](std::string_view word) { return lower.find(word) != std::string::npos; };
  return std::any_of(kSecretFieldParts.begin(), kSecretFieldParts.end(), mentions) ||
         std::any_of(kSecretPrefixes.begin(), kSecretPrefixes.end(), mentions);
}

}  // namespace

std::string redact_body(std::string_view body, std::size_t max_bytes) {
  if (body.empty()) return {};
  // Uploads (images, fonts) are not text: logging them would only break the JSON log.
  if (!valid_utf8(body)) return "[binary body, " + std::to_string(body.size()) + " bytes]";
  if (!may_hold_secrets(body)) return cut(std::string(body), max_bytes);
  // Not JSON, or nested past the bound (redact_json recurses): masked as text.
  nlohmann::json parsed;
  if (parse_json(body, &parsed)) return cut(mask_tokens(std::string(body)), max_bytes);
  redact_json(parsed);
  return cut(parsed.dump(), max_bytes);
}

}  // namespace s2d
