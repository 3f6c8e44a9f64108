// Test helpers: render Markdown to a scratch PDF and inspect it with the
// command-line tools a person would use (pdftotext, pdfinfo, qpdf).
#include "pdf_support.hpp"

#include "renderers/document/front_matter.hpp"
#include "renderers/document/markdown.hpp"
#include "renderers/pdf/pdf.hpp"

#include <cairo.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>

namespace s2d::pdf_test {
namespace {

struct ScratchFolder {
  std::filesystem::path path;
  ScratchFolder() {
    path = std::filesystem::temp_directory_path() / ("s2d-pdf-test-" + std::to_string(getpid()));
    std::filesystem::create_directories(path);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string without_bidi_controls(std::string text) {
  // pdftotext wraps right-to-left runs in U+202A..U+202E embedding controls.
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool control = i + 2 < text.size() && text[i] == '\xE2' && text[i + 1] == '\x80' &&
                   static_cast<unsigned char>(text[i + 2]) >= 0xAA && static_cast<unsigned char>(text[i + 2]) <= 0xAE;
    if (control)
      i += 2;
    else
      out += text[i];
  }
  return out;
}

ToolResult run_tool(const std::string& command) {
  ToolResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  std::size_t count;
  while ((count = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, count);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string quote(const std::string& argument) {
  std::string out = "'";
  for (char c : argument) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string scratch_path(const std::string& name) {
  static ScratchFolder folder;
  return (folder.path / name).string();
}

doc::Document parse_document(const std::string& source, const std::vector<render::Asset>& assets) {
  doc::SourceParts parts;
  doc::FrontMatterError front_matter_error;
  doc::FrontMatter front_matter;
  doc::Document document;
  if (!doc::split_front_matter(source, &parts, &front_matter_error) ||
      !doc::parse_front_matter(parts, &document, &front_matter, &front_matter_error))
    throw std::runtime_error("front matter: " + front_matter_error.message);
  doc::ParseOptions options;
  options.assets = &assets;
  doc::ParseError error;
  if (!doc::parse_markdown(parts.body, options, &document, &error))
    throw std::runtime_error(error.code + ": " + error.message);
  return document;
}

RenderedFile render_markdown(const std::string& source, const std::string& name,
                             const std::vector<render::Asset>& assets, bool deterministic) {
  doc::Document document = parse_document(source, assets);
  pdf::Rendered rendered = pdf::render(document, pdf::Options{deterministic});
  if (!rendered.error.empty()) throw std::runtime_error(rendered.error);
  RenderedFile file;
  file.path = scratch_path(name + ".pdf");
  std::ofstream(file.path, std::ios::binary) << rendered.bytes;
  file.bytes = std::move(rendered.bytes);
  file.pages = rendered.pages;
  file.warnings = document.warnings;
  file.warnings.insert(file.warnings.end(), rendered.warnings.begin(), rendered.warnings.end());
  return file;
}

std::string page_text(const std::string& pdf_path, int page) {
  std::string number = std::to_string(page);
  return without_bidi_controls(
      run_tool("pdftotext -layout -f " + number + " -l " + number + " " + quote(pdf_path) + " -").output);
}

std::string all_text(const std::string& pdf_path) {
  return without_bidi_controls(run_tool("pdftotext " + quote(pdf_path) + " -").output);
}

int page_count(const std::string& pdf_path) {
  std::smatch match;
  std::string info = run_tool("pdfinfo " + quote(pdf_path)).output;
  if (!std::regex_search(info, match, std::regex(R"(Pages:\s+(\d+))"))) return -1;
  return std::stoi(match[1].str());
}

bool qpdf_accepts(const std::string& pdf_path, std::string* report) {
  ToolResult check = run_tool("qpdf --check " + quote(pdf_path));
  *report = check.output;
  return check.status == 0 && check.output.find("WARNING") == std::string::npos;
}

std::string make_png(int width, int height) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0.05, 0.25, 0.55);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.95, 0.6, 0.1);
  cairo_rectangle(cr, width / 4.0, height / 4.0, width / 2.0, height / 2.0);
  cairo_fill(cr);
  cairo_destroy(cr);
  std::string png;
  cairo_surface_write_to_png_stream(surface, append_png, &png);
  cairo_surface_destroy(surface);
  return png;
}

}  // namespace s2d::pdf_test
