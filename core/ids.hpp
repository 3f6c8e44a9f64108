#pragma once
// Prefixed, time-ordered, URL-safe identifiers (API.md "IDs").
//
// `gen_01HZX...`: the prefix, an underscore, then a 26-character ULID in
// Crockford base32 (48-bit millisecond time + 80 random bits). Ids made in the
// same process are strictly increasing, so sorting ids sorts by creation time
// and list cursors are plain key seeks.

#include <cstdint>
#include <string>
#include <string_view>

namespace s2d::ids {

std::string make(std::string_view prefix);

// True when `id` is `prefix_` followed by a well-formed ULID.
bool valid(std::string_view id, std::string_view prefix);

// Milliseconds since the Unix epoch encoded in a valid id.
std::int64_t time_ms(std::string_view id);

// The smallest id with `prefix` made at `unix_ms`: every id made earlier
// sorts below it, every id made at or after it sorts above (range scans by time).
std::string lowest_at(std::string_view prefix, std::int64_t unix_ms);

}  // namespace s2d::ids
