#pragma once
// Whole-file reads, and writes that survive a crash whole or not at all.

#include <optional>
#include <string>
#include <string_view>

namespace s2d {

// The file's bytes; nullopt when it can't be read.
std::optional<std::string> read_file(const std::string& path);

// Replaces `path` by `bytes`: a temporary file (mode 0600), fsync, rename,
// fsync of the directory. After a crash the path holds the old bytes or the
// new ones, never part of either. false + *error (naming the path) otherwise.
bool write_file_atomically(const std::string& path, std::string_view bytes, std::string* error);

}  // namespace s2d
