#pragma once
// Uploaded text (templates, CSV, form fields) must be UTF-8 before it is
// stored, because every record is written out as JSON later.

#include <string>
#include <string_view>

namespace s2d {

// The same check JSON output makes; `problem` (optional) says where it fails.
bool valid_utf8(std::string_view text, std::string* problem = nullptr);

// `text` with every byte that is not part of valid UTF-8 replaced by U+FFFD:
// for echoing client input (a path, a parser message) in a JSON answer.
std::string utf8_replacing_invalid(std::string_view text);

}  // namespace s2d
