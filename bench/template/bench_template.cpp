// Compiles a template once and renders it N times; prints renders/s as one
// JSON line, in the same shape as ../shared/peers/handlebars-bench.js.
// Usage: bench_template TEMPLATE DATA.json N [--threads T] [--out FILE]
#include "core/file_io.hpp"
#include "renderers/template/template.hpp"


#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string read_file(const char* path) {
  auto bytes = s2d::read_file(path);
  if (!bytes) {
    std::cerr << "bench_template: cannot read " << path << "\n";
    std::exit(2);
  }
  return std::move(*bytes);
}

bool render_many(const s2d::tmpl::Template& compiled, const nlohmann::json& data, int count, std::size_t* bytes) {
  std::string out;
  s2d::tmpl::Error error;
  for (int i = 0; i < count; ++i) {
    if (!compiled.render(data, {}, &out, &error)) {
      std::cerr << "bench_template: " << error.code << ": " << error.message << "\n";
      return false;
    }
  }
  *bytes = out.size();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: bench_template TEMPLATE DATA.json N [--threads T] [--out FILE]\n";
    return 2;
  }
  const int renders = std::atoi(argv[3]);
  int threads = 1;
  const char* out_path = nullptr;
  for (int i = 4; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--threads") threads = std::max(1, std::atoi(argv[i + 1]));
    else if (flag == "--out") out_path = argv[i + 1];
  }
  const nlohmann::json data = nlohmann::json::parse(read_file(argv[2]));
  s2d::tmpl::Error error;
  auto compiled = s2d::tmpl::Template::compile(read_file(argv[1]), {}, &error);
  if (!compiled) {
    std::cerr << "bench_template: " << error.code << " at " << error.line << ":" << error.column << ": "
              << error.message << "\n";
    return 1;
  }
  std::string first;
  if (!compiled->render(data, {}, &first, &error)) {  // warm-up, and the output to compare
    std::cerr << "bench_template: " << error.code << ": " << error.message << "\n";
    return 1;
  }
  if (out_path) std::ofstream(out_path, std::ios::binary) << first;

  std::vector<std::size_t> bytes(threads, 0);
  std::vector<char> ok(threads, 1);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] { ok[t] = render_many(*compiled, data, renders, &bytes[t]); });
  for (auto& w : workers) w.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (char good : ok)
    if (!good) return 1;
  const double total = static_cast<double>(renders) * threads;
  std::cout << nlohmann::json{{"peer", "s2d"},
                              {"threads", threads},
                              {"renders", total},
                              {"seconds", std::round(seconds * 1000) / 1000},
                              {"renders_per_s", std::round(total / seconds * 10) / 10},
                              {"bytes", bytes[0]}}
                   .dump()
            << "\n";
  return 0;
}
