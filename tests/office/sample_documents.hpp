#pragma once
// Hand-built documents that exercise every construct of the model, shared by
// the unit tests and by office_samples (which writes them for the pytest
// checks with python-docx, LibreOffice and pdftotext).

#include "renderers/document/model.hpp"

#include <string>

namespace s2d::office_test {

std::string sample_png();  // 160x90 RGB PNG

doc::Inline run(std::string text, std::uint8_t style = doc::plain, std::string link = {});
doc::Block heading(int level, std::string text);
doc::Block paragraph(doc::Inlines inlines);
doc::Block bullets(std::vector<std::string> items, bool ordered = false);
doc::Block table(std::vector<std::vector<std::string>> rows, std::vector<doc::Align> align = {});
doc::Block image_block(std::string alt, std::optional<double> width_percent = std::nullopt);
doc::Block block_of(doc::Block::Kind kind);

// A report with every block and inline kind, a header with the logo and a
// footer with page numbers.
doc::Document showcase_document();

// Five slides: title slide, bullets with levels and notes, a table, an image
// beside text, and a closing section slide.
doc::Document deck_document(bool four_by_three = false);

}  // namespace s2d::office_test
