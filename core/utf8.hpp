#pragma once
// Uploaded text (templates, CSV, form fields) must be UTF-8 before it is
// stored, because every record is written out as JSON later.

#include <string>
#include <string_view>

namespace s2d {

// The same check JSON output makes; `problem` (optional) says where it fails.
bool valid_utf8(std::string_view text, std::string* problem = nullptr);

}  // namespace s2d
