#pragma once
// Helpers for the PDF tests: render Markdown (no template merge) to a PDF
// file, and run the poppler/qpdf tools that check it.

#include "renderers/document/model.hpp"
#include "renderers/render.hpp"

#include <string>
#include <vector>

namespace s2d::pdf_test {

struct ToolResult {
  int status = -1;
  std::string output;  // stdout and stderr together
};
ToolResult run_tool(const std::string& command);
std::string quote(const std::string& argument);

// A scratch folder for this test process, removed at exit.
std::string scratch_path(const std::string& name);

struct RenderedFile {
  std::string path;
  std::string bytes;
  int pages = 0;
  std::vector<std::string> warnings;
};

// Front matter + Markdown -> PDF through the document parser and the PDF
// renderer, written to the scratch folder as `name`.pdf.
RenderedFile render_markdown(const std::string& source, const std::string& name,
                             const std::vector<render::Asset>& assets = {}, bool deterministic = true);

// The same Markdown as a Document (for tests that render one document many times).
doc::Document parse_document(const std::string& source, const std::vector<render::Asset>& assets = {});

std::string page_text(const std::string& pdf_path, int page);  // pdftotext -layout of one page
std::string all_text(const std::string& pdf_path);
int page_count(const std::string& pdf_path);                   // from pdfinfo

// `qpdf --check` exits 0 and prints no warning.
bool qpdf_accepts(const std::string& pdf_path, std::string* report);

// A small PNG drawn with Cairo: `width` x `height` pixels of a two-color pattern.
std::string make_png(int width, int height);

}  // namespace s2d::pdf_test
