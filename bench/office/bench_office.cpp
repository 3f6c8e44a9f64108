// Renders each corpus document N times per format on one thread through
// s2d::render::render (front matter, template merge, Markdown parse, DOCX or
// PPTX package) and prints one JSON line per document and format, in the
// shape the peer scripts print.
//
//   bench_office CORPUS_DIR N DOC...   (DOC.md + DOC.json, PNGs beside as assets)
//   bench_office --merged CORPUS_DIR DOC...   writes DOC.merged.md for pandoc
#include "core/file_io.hpp"
#include "renderers/render.hpp"


#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  auto bytes = s2d::read_file(path.string());
  if (!bytes) throw std::runtime_error("cannot read " + path.string());
  return std::move(*bytes);
}

s2d::render::Request request_for(const fs::path& corpus, const std::string& name, const std::string& format) {
  s2d::render::Request request;
  request.source = read_file(corpus / (name + ".md"));
  request.data = nlohmann::json::parse(read_file(corpus / (name + ".json")));
  for (const auto& entry : fs::directory_iterator(corpus))
    if (entry.path().extension() == ".png")
      request.assets.push_back({entry.path().filename().string(), "image/png", read_file(entry.path())});
  request.formats = {format};
  return request;
}

s2d::render::Output render_once(const s2d::render::Request& request, const std::string& name) {
  auto result = s2d::render::render(request);
  if (result.error) throw std::runtime_error(name + ": " + result.error->code + ": " + result.error->message);
  return std::move(result.outputs.at(0));
}

void time_document(const fs::path& corpus, const std::string& name, const std::string& format, int count) {
  const auto request = request_for(corpus, name, format);
  const auto warm = render_once(request, name);
  std::size_t bytes = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) bytes = render_once(request, name).bytes.size();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const nlohmann::json line = {{"peer", "s2d"},   {"doc", name},     {"format", format},
                               {"docs", count},   {"seconds", seconds}, {"docs_per_s", count / seconds},
                               {"bytes", bytes},  {"pages", warm.pages}};
  std::cout << line.dump() << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc >= 3 && std::string(argv[1]) == "--merged") {
      const fs::path corpus = argv[2];
      for (int i = 3; i < argc; ++i) {
        std::ofstream out(corpus / (std::string(argv[i]) + ".merged.md"), std::ios::binary);
        out << render_once(request_for(corpus, argv[i], "md"), argv[i]).bytes;
      }
      return 0;
    }
    if (argc < 4) {
      std::cerr << "usage: bench_office CORPUS_DIR N DOC... | bench_office --merged CORPUS_DIR DOC...\n";
      return 64;
    }
    const fs::path corpus = argv[1];
    const int count = std::stoi(argv[2]);
    for (int i = 3; i < argc; ++i)
      for (const char* format : {"docx", "pptx"}) time_document(corpus, argv[i], format, count);
  } catch (const std::exception& e) {
    std::cerr << "bench_office: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
