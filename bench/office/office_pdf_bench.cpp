// PDF of a DOCX template, the two ways a service can run LibreOffice:
//   - warm: slots::OfficePdf, the LibreOfficeKit instance a render slot keeps
//     in its process (started once, timed apart), N conversions;
//   - cold: one `soffice --headless --convert-to pdf` process per document
//     (as Gotenberg-style services do), M conversions, one profile reused.
// Both convert the same merged document (the template merged once through
// office_template::merge). Prints one JSON line per way.
//
//   bench_office_pdf TEMPLATE.docx DATA.json N M WORK_DIR
#include "core/file_io.hpp"
#include "renderers/office_template/office_template.hpp"
#include "slots/office_pdf.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

namespace {

using steady = std::chrono::steady_clock;

double seconds_since(steady::time_point start) {
  return std::chrono::duration<double>(steady::now() - start).count();
}

int warm(const std::string& merged, int n) {
  s2d::slots::OfficePdf office;
  const auto start_up = steady::now();
  auto first = office.to_pdf(merged, "docx");
  const double first_s = seconds_since(start_up);
  if (!first.error.empty()) {
    std::cerr << "warm: " << first.error << "\n";
    return 1;
  }
  int pages = first.pages;
  const auto start = steady::now();
  for (int i = 0; i < n; ++i) {
    auto converted = office.to_pdf(merged, "docx");
    if (!converted.error.empty()) {
      std::cerr << "warm: " << converted.error << "\n";
      return 1;
    }
    pages = converted.pages;
  }
  const double seconds = seconds_since(start);
  std::cout << nlohmann::json{{"way", "warm"}, {"docs", n}, {"seconds", seconds}, {"docs_per_s", n / seconds},
                              {"first_with_start_s", first_s}, {"pages", pages}}
                   .dump()
            << std::endl;
  return 0;
}

int cold(const std::string& work, int m) {
  const std::string command = "soffice -env:UserInstallation=file://" + work +
                              "/cold-profile --headless --convert-to pdf --outdir " + work + "/cold " + work +
                              "/merged.docx >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) {  // creates the profile; not timed
    std::cerr << "cold: soffice failed\n";
    return 1;
  }
  const auto start = steady::now();
  for (int i = 0; i < m; ++i)
    if (std::system(command.c_str()) != 0) {
      std::cerr << "cold: soffice failed\n";
      return 1;
    }
  const double seconds = seconds_since(start);
  auto pdf = s2d::read_file(work + "/cold/merged.pdf");
  std::cout << nlohmann::json{{"way", "cold"}, {"docs", m}, {"seconds", seconds}, {"docs_per_s", m / seconds},
                              {"pages", pdf ? s2d::slots::count_pdf_pages(*pdf) : 0}}
                   .dump()
            << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: bench_office_pdf TEMPLATE.docx DATA.json N M WORK_DIR\n";
    return 2;
  }
  auto bytes = s2d::read_file(argv[1]);
  auto text = s2d::read_file(argv[2]);
  if (!bytes || !text) {
    std::cerr << "cannot read the template or the data\n";
    return 2;
  }
  const std::string work = argv[5];
  auto merged = s2d::office_template::merge(*bytes, s2d::office_template::Kind::docx, nlohmann::json::parse(*text),
                                            s2d::office_template::Options{});
  if (merged.error) {
    std::cerr << merged.error->to_json().dump() << "\n";
    return 1;
  }
  std::ofstream(work + "/merged.docx", std::ios::binary) << merged.bytes;
  if (int status = warm(merged.bytes, std::max(1, std::atoi(argv[3])))) return status;
  return cold(work, std::max(1, std::atoi(argv[4])));
}
