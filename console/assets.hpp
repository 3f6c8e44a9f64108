#pragma once
// The console's files, built by esbuild and embedded into the binary at
// build time (console/CMakeLists.txt), so the server needs no files on disk.

#include <string_view>

namespace s2d::console {

struct Asset {
  std::string_view url_path;      // "/console/app.js"
  std::string_view content_type;  // a text type; the files are UTF-8
  std::string_view body;
};

// nullptr when no asset has that path.
const Asset* find_asset(std::string_view url_path);

}  // namespace s2d::console
