#pragma once
// The cluster token: the shared secret a worker presents in its first
// message to the coordinator (BASP itself authenticates nobody).

#include <string>
#include <string_view>

namespace s2d::slots {

inline constexpr std::size_t kMinTokenBytes = 16;

// Reads the token from `path`: the file's text without surrounding
// whitespace, at least kMinTokenBytes long.
bool load_cluster_token(const std::string& path, std::string* token, std::string* error);

// Compares in time independent of the contents and of the lengths (both
// sides are hashed first), so a peer learns nothing from how long a refusal
// takes.
bool cluster_token_matches(std::string_view expected, std::string_view presented);

}  // namespace s2d::slots
