// A command-line front for s2d::render::render(), with the arguments of
// `s2d render`, for the end-to-end tests and docs/examples/render.sh:
//
//   pdf_render_cli render --template X.md --data D.json --format pdf --out X.pdf
//                  [--format md ...] [--asset NAME=FILE ...] [--locale L] [--deterministic]
//
// With several formats, --out is a stem and each file gets its extension.
// Warnings go to stderr; a failure prints the error object as JSON to
// stderr and exits 2.
#include "renderers/render.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace {

bool read_file(const std::string& path, std::string* out) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return false;
  std::ostringstream bytes;
  bytes << file.rdbuf();
  *out = bytes.str();
  return true;
}

std::string mime_for(const std::string& name) {
  auto ends_with = [&](const char* suffix) {
    std::string s(suffix);
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  if (ends_with(".png")) return "image/png";
  if (ends_with(".jpg") || ends_with(".jpeg")) return "image/jpeg";
  return "application/octet-stream";
}

int usage(const std::string& problem) {
  std::cerr << problem << "\nusage: pdf_render_cli render --template X.md [--data D.json] --format F [--format F...]"
            << " --out PATH [--asset NAME=FILE...] [--locale L] [--deterministic]\n";
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) != "render") return usage("the first argument must be 'render'");
  s2d::render::Request request;
  std::string template_path, data_path, out;
  for (int i = 2; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--deterministic") {
      request.deterministic = true;
      continue;
    }
    if (i + 1 >= argc) return usage("missing value after " + flag);
    std::string value = argv[++i];
    if (flag == "--template") {
      template_path = value;
    } else if (flag == "--data") {
      data_path = value;
    } else if (flag == "--format") {
      request.formats.push_back(value);
    } else if (flag == "--out") {
      out = value;
    } else if (flag == "--locale") {
      request.locale = value;
    } else if (flag == "--asset") {
      std::size_t equals = value.find('=');
      if (equals == std::string::npos) return usage("--asset takes NAME=FILE");
      s2d::render::Asset asset{value.substr(0, equals), mime_for(value.substr(0, equals)), ""};
      if (!read_file(value.substr(equals + 1), &asset.bytes)) return usage("cannot read " + value.substr(equals + 1));
      request.assets.push_back(std::move(asset));
    } else {
      return usage("unknown argument " + flag);
    }
  }
  if (template_path.empty() || out.empty()) return usage("--template and --out are required");
  if (!read_file(template_path, &request.source)) return usage("cannot read " + template_path);
  if (!data_path.empty()) {
    std::string json;
    if (!read_file(data_path, &json)) return usage("cannot read " + data_path);
    request.data = nlohmann::json::parse(json, nullptr, false);
    if (request.data.is_discarded()) return usage(data_path + " is not valid JSON");
  }

  s2d::render::Result result = s2d::render::render(request);
  for (const auto& warning : result.warnings) std::cerr << "warning: " << warning << "\n";
  if (result.error) {
    const auto& error = *result.error;
    nlohmann::json object = {{"type", error.type},       {"code", error.code}, {"message", error.message},
                             {"placeholder", error.placeholder}, {"tag", error.tag}, {"line", error.line},
                             {"column", error.column},   {"context", error.context}};
    std::cerr << object.dump() << "\n";
    return 2;
  }
  for (const auto& output : result.outputs) {
    std::string path = result.outputs.size() == 1 ? out : out + "." + s2d::render::file_extension_for(output.format);
    std::ofstream(path, std::ios::binary) << output.bytes;
    std::cout << path << " (" << output.bytes.size() << " bytes" << (output.pages ? ", " + std::to_string(output.pages) + " pages" : "") << ")\n";
  }
  return 0;
}
