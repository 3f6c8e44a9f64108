// Renders the corpus documents (report, invoice) N times each on one thread
// through s2d::render::render (front matter, template merge, Markdown parse,
// layout, PDF) and prints one JSON line per document, in the shape the peer
// scripts print.
//
//   bench_pdf CORPUS_DIR [N]
#include "renderers/render.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_pdf CORPUS_DIR [N]\n";
    return 64;
  }
  std::string corpus = argv[1];
  int count = argc > 2 ? std::stoi(argv[2]) : 200;
  for (const char* name : {"report", "invoice"}) {
    s2d::render::Request request;
    request.source = read_file(corpus + "/" + name + ".md");
    request.data = nlohmann::json::parse(read_file(corpus + "/" + name + ".json"));
    request.formats = {"pdf"};
    s2d::render::Result warm = s2d::render::render(request);
    if (warm.error) {
      std::cerr << name << ": " << warm.error->code << ": " << warm.error->message << "\n";
      return 1;
    }
    std::size_t bytes = 0;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < count; ++i) bytes = s2d::render::render(request).outputs.at(0).bytes.size();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json line = {{"peer", "s2d"},        {"doc", name},
                           {"docs", count},        {"seconds", seconds},
                           {"docs_per_s", count / seconds}, {"bytes", bytes},
                           {"pages", warm.outputs.at(0).pages}};
    std::cout << line.dump() << std::endl;
  }
  return 0;
}
