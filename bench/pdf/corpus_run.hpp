#pragma once
// What both PDF benchmark drivers share: reading the corpus and timing N
// renders of one document, printed as one JSON line like the peer scripts'.

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace s2d::bench {

inline std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

// Renders once to warm up (fonts loaded, caches filled), then `count` times;
// `render` returns the PDF's size. `extra` adds fields to the line.
inline void time_renders(const std::string& peer, const std::string& document, int count,
                         const std::function<std::size_t()>& render, nlohmann::json extra = nlohmann::json::object()) {
  render();
  std::size_t bytes = 0;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) bytes = render();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  extra.update({{"peer", peer}, {"doc", document}, {"docs", count}, {"seconds", seconds},
                {"docs_per_s", count / seconds}, {"bytes", bytes}});
  std::cout << extra.dump() << std::endl;
}

// argv: CORPUS_DIR [N]
inline bool parse_arguments(int argc, char** argv, const char* program, std::string* corpus, int* count) {
  if (argc < 2) {
    std::cerr << "usage: " << program << " CORPUS_DIR [N]\n";
    return false;
  }
  *corpus = argv[1];
  *count = argc > 2 ? std::stoi(argv[2]) : 200;
  return true;
}

}  // namespace s2d::bench
