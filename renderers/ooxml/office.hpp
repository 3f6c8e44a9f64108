#pragma once
// Office Open XML renderers: the document model as DOCX, PPTX and XLSX.
//
// Pure functions: no file system, no network; safe from any thread. Each
// returns the bytes of a ZIP package that Word, PowerPoint, Excel,
// LibreOffice and Google's importers open without a repair prompt. Throws
// std::runtime_error only if libzip itself fails.

#include "renderers/document/model.hpp"

#include <cstddef>
#include <string>

namespace s2d::office {

struct Options {
  // Fixed creation dates in docProps/core.xml and fixed ZIP entry times, so
  // the same document renders to the same bytes.
  bool deterministic = false;
};

std::string render_docx(const doc::Document& document, const Options& options);
// `slide_count`, when given, receives the number of slides.
std::string render_pptx(const doc::Document& document, const Options& options, std::size_t* slide_count = nullptr);
// Each table of the document becomes a worksheet (named after the heading
// above it); numbers stay numbers.
std::string render_xlsx(const doc::Document& document, const Options& options);

}  // namespace s2d::office
