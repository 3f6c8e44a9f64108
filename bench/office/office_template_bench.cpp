// Merges one Office template with JSON data N times on one thread through
// s2d::office_template::merge (ZIP in, ZIP out, as docxtemplater-bench.js
// does) and prints one JSON line in the shape the peer scripts print. The
// first merge prepares the template (parse, lift, compile) and is timed
// apart: a service prepares a template once, at upload.
//
//   bench_office_template TEMPLATE.docx|xlsx|pptx DATA.json N [OUT]
#include "core/file_io.hpp"
#include "renderers/office_template/office_template.hpp"

#include <chrono>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: bench_office_template TEMPLATE DATA.json N [OUT]\n";
    return 2;
  }
  const std::string path = argv[1];
  auto bytes = s2d::read_file(path);
  auto text = s2d::read_file(argv[2]);
  if (!bytes || !text) {
    std::cerr << "cannot read the template or the data\n";
    return 2;
  }
  namespace ot = s2d::office_template;
  ot::Kind kind;
  if (!ot::parse_kind(path.substr(path.rfind('.') + 1), &kind)) {
    std::cerr << "the template must end in .docx, .xlsx or .pptx\n";
    return 2;
  }
  const auto data = nlohmann::json::parse(*text);
  const int n = std::max(1, std::atoi(argv[3]));
  ot::Options options;
  using clock = std::chrono::steady_clock;
  const auto cold_start = clock::now();
  auto first = ot::merge(*bytes, kind, data, options);
  const double cold_ms = std::chrono::duration<double, std::milli>(clock::now() - cold_start).count();
  if (first.error) {
    std::cerr << first.error->to_json().dump() << "\n";
    return 1;
  }
  std::size_t size = 0;
  const auto start = clock::now();
  for (int i = 0; i < n; ++i) size = ot::merge(*bytes, kind, data, options).bytes.size();
  const double seconds = std::chrono::duration<double>(clock::now() - start).count();
  if (argc > 4) std::ofstream(argv[4], std::ios::binary) << first.bytes;
  std::cout << nlohmann::json{{"peer", "s2d"}, {"docs", n}, {"seconds", seconds}, {"docs_per_s", n / seconds},
                              {"first_merge_ms", cold_ms}, {"bytes", size}}
                   .dump()
            << "\n";
  return 0;
}
