#pragma once
// Redaction of request and response bodies before they are logged: no
// Authorization header, API key, webhook secret or data-source credential
// ever reaches the request log.

#include <cstddef>
#include <string>
#include <string_view>

namespace s2d {

inline constexpr const char* kRedacted = "[REDACTED]";

// JSON bodies: values of secret-bearing fields (secret, password, token,
// authorization, connection_string, headers, ...) are replaced. Any text:
// anything shaped like an s2d API key or a webhook secret is replaced.
// The result is cut to `max_bytes` (on a UTF-8 boundary) with a marker;
// a body that is not UTF-8 text is replaced by a note of its size.
std::string redact_body(std::string_view body, std::size_t max_bytes);

}  // namespace s2d
