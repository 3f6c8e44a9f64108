#include "app/commands.hpp"

#include "core/file_io.hpp"
#include "renderers/office_template/office_template.hpp"
#include "renderers/render.hpp"

#include <fstream>
#include <iostream>

namespace s2d::app {
namespace {

int fail(const std::string& code, const std::string& message) {
  nlohmann::json error = {{"type", "api_error"}, {"code", code}, {"message", message}};
  std::cerr << nlohmann::json{{"error", error}}.dump() << "\n";
  return 2;
}

std::string mime_for(const std::string& path) {
  auto dot = path.rfind('.');
  auto ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "ttf") return "font/ttf";
  if (ext == "otf") return "font/otf";
  return "application/octet-stream";
}

std::string extension_of(const std::string& path) {
  auto dot = path.rfind('.');
  return dot == std::string::npos ? "" : path.substr(dot + 1);
}

int write_output(const std::string& bytes, const std::string& out_path) {
  if (out_path.empty() || out_path == "-") {
    std::cout.write(bytes.data(), std::streamsize(bytes.size()));
    return 0;
  }
  std::ofstream out(out_path, std::ios::binary);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  if (!out) return fail("file_unwritable", "Cannot write " + out_path);
  return 0;
}

// A .docx/.pptx/.xlsx template is merged as an Office file into its own kind.
int render_office(office_template::Kind kind, const std::string& source, const nlohmann::json& data,
                  const RenderOptions& options, const std::vector<render::Asset>& assets) {
  if (options.format != office_template::kind_name(kind))
    return fail("output_format_unsupported", std::string("An Office template renders to its own format: --format ") +
                                                 office_template::kind_name(kind));
  office_template::Options merge_options;
  if (!options.locale.empty()) merge_options.locale = options.locale;
  merge_options.timezone = options.timezone;
  merge_options.assets = &assets;
  merge_options.deterministic = options.deterministic;
  auto merged = office_template::merge(source, kind, data, merge_options);
  if (merged.error) {
    nlohmann::json error = merged.error->to_json();
    error["type"] = merged.error->code == "template_invalid" ? "template_error" : "render_error";
    std::cerr << nlohmann::json{{"error", error}}.dump() << "\n";
    return 1;
  }
  return write_output(merged.bytes, options.out_path);
}

}  // namespace

int render(const RenderOptions& options) {
  render::Request request;
  auto source = read_file(options.template_path);
  if (!source) return fail("file_unreadable", "Cannot read template " + options.template_path);
  request.source = std::move(*source);
  if (!options.data_path.empty()) {
    auto text = read_file(options.data_path);
    if (!text) return fail("file_unreadable", "Cannot read data " + options.data_path);
    request.data = nlohmann::json::parse(*text, nullptr, false);
    if (request.data.is_discarded()) return fail("invalid_json", options.data_path + " is not valid JSON");
  }
  if (!render::is_supported_format(options.format))
    return fail("output_format_unsupported", "Unknown format '" + options.format + "'");
  request.formats = {options.format};
  request.locale = options.locale;
  request.timezone = options.timezone;
  request.deterministic = options.deterministic;
  for (const auto& spec : options.assets) {
    auto eq = spec.find('=');
    render::Asset asset;
    std::string path = eq == std::string::npos ? spec : spec.substr(eq + 1);
    asset.name = eq == std::string::npos ? path.substr(path.rfind('/') + 1) : spec.substr(0, eq);
    asset.mime = mime_for(path);
    auto bytes = read_file(path);
    if (!bytes) return fail("file_unreadable", "Cannot read asset " + path);
    asset.bytes = std::move(*bytes);
    request.assets.push_back(std::move(asset));
  }

  office_template::Kind office_kind;
  if (office_template::parse_kind(extension_of(options.template_path), &office_kind))
    return render_office(office_kind, request.source, request.data, options, request.assets);

  auto result = render::render(request);
  for (const auto& warning : result.warnings) std::cerr << "warning: " << warning << "\n";
  if (result.error) {
    const auto& f = *result.error;
    nlohmann::json error = {{"type", f.type}, {"code", f.code}, {"message", f.message}};
    if (!f.placeholder.empty()) error["placeholder"] = f.placeholder;
    if (!f.tag.empty()) error["tag"] = f.tag;
    if (f.line) error["line"] = f.line;
    if (f.column) error["column"] = f.column;
    if (!f.context.empty()) error["context"] = f.context;
    std::cerr << nlohmann::json{{"error", error}}.dump() << "\n";
    return 1;
  }
  return write_output(result.outputs.front().bytes, options.out_path);
}

}  // namespace s2d::app
