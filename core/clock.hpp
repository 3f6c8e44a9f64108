#pragma once
// Wall-clock time and the RFC 3339 form every JSON timestamp uses.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace s2d::clock {

std::int64_t now_ms();
std::int64_t now_seconds();

// "2026-05-13T10:00:00Z" (UTC, second precision, as API.md asks).
std::string rfc3339(std::int64_t unix_ms);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|+hh:mm|-hh:mm)"; milliseconds since the epoch.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace s2d::clock
