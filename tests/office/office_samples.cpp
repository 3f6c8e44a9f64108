// Writes documents in every office format into a folder, for the pytest
// checks (python-docx, LibreOffice, pdftotext) and for looking at:
//   office_samples OUTDIR [TEMPLATE.md ...]
// The built-in samples are hand-made documents; each TEMPLATE.md (with its
// TEMPLATE.json data and the PNG/JPEG files beside it as assets) goes through
// the renderers' facade as a generation would.
#include "core/file_io.hpp"
#include "renderers/html/html.hpp"
#include "renderers/ooxml/office.hpp"
#include "renderers/render.hpp"
#include "renderers/text/text.hpp"
#include "tests/office/sample_documents.hpp"


#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
  auto bytes = s2d::read_file(path.string());
  if (!bytes) throw std::runtime_error("cannot read " + path.string());
  return std::move(*bytes);
}

void write_samples(const fs::path& dir) {
  const s2d::office::Options options{true};
  const auto showcase = s2d::office_test::showcase_document();
  const auto deck = s2d::office_test::deck_document();
  write_file(dir / "showcase.docx", s2d::office::render_docx(showcase, options));
  write_file(dir / "showcase.pptx", s2d::office::render_pptx(showcase, options));
  write_file(dir / "showcase.xlsx", s2d::office::render_xlsx(showcase, options));
  write_file(dir / "showcase.html", s2d::html::render_html(showcase));
  write_file(dir / "showcase.txt", s2d::text::render_text(showcase));
  write_file(dir / "deck.pptx", s2d::office::render_pptx(deck, options));
  write_file(dir / "deck.docx", s2d::office::render_docx(deck, options));
  write_file(dir / "deck-4x3.pptx", s2d::office::render_pptx(s2d::office_test::deck_document(true), options));
}

void render_template(const fs::path& source, const fs::path& dir) {
  s2d::render::Request request;
  request.source = read_file(source);
  const fs::path data = fs::path(source).replace_extension(".json");
  if (fs::exists(data)) request.data = nlohmann::json::parse(read_file(data));
  for (const auto& entry : fs::directory_iterator(source.parent_path())) {
    const auto extension = entry.path().extension();
    const char* mime = extension == ".png" ? "image/png" : (extension == ".jpg" || extension == ".jpeg") ? "image/jpeg" : nullptr;
    if (mime) request.assets.push_back({entry.path().filename().string(), mime, read_file(entry.path())});
  }
  request.formats = {"docx", "pptx", "xlsx", "html", "txt", "md"};
  request.deterministic = true;
  const auto result = s2d::render::render(request);
  if (result.error) throw std::runtime_error(source.string() + ": " + result.error->message);
  for (const auto& output : result.outputs)
    write_file(dir / (source.stem().string() + "." + s2d::render::file_extension_for(output.format)), output.bytes);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: office_samples OUTDIR [TEMPLATE.md ...]\n";
    return 2;
  }
  try {
    write_samples(argv[1]);
    for (int i = 2; i < argc; ++i) render_template(argv[i], argv[1]);
  } catch (const std::exception& e) {
    std::cerr << "office_samples: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
