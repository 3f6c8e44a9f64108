#include "slots/office_pdf.hpp"

#include <LibreOfficeKit/LibreOfficeKit.hxx>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace s2d::slots {
namespace fs = std::filesystem;
namespace {

constexpr const char* kProfilePrefix = "s2d-office-";

fs::path temp_root() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? fs::path(dir) : fs::path("/tmp");
}

// A slot killed at its deadline cannot remove its profile: the next slot
// to start LibreOffice removes every profile whose process is gone.
void remove_stale_profiles(const fs::path& root) {
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    auto name = it->path().filename().string();
    if (name.rfind(kProfilePrefix, 0) != 0) continue;
    char* rest = nullptr;
    long pid = std::strtol(name.c_str() + std::char_traits<char>::length(kProfilePrefix), &rest, 10);
    if (pid <= 0 || *rest != '\0') continue;
    if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

bool write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  return bool(out.flush());
}

bool read_file(const fs::path& path, std::string* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  *bytes = std::move(text).str();
  return true;
}

std::string file_url(const fs::path& path) { return "file://" + path.string(); }

}  // namespace

struct OfficePdf::Office {
  fs::path profile;
  std::unique_ptr<lok::Office> kit;
  std::string start_error;  // LibreOffice is started once per process: a failure sticks
  bool started = false;

  ~Office() {
    // The instance itself is left to the process's end: a full LibreOffice
    // shutdown costs time and buys nothing in a process about to exit.
    (void)kit.release();
    std::error_code ignored;
    if (!profile.empty()) fs::remove_all(profile, ignored);
  }

  bool start() {
    if (started) return start_error.empty();
    started = true;
    auto root = temp_root();
    remove_stale_profiles(root);
    profile = root / (kProfilePrefix + std::to_string(::getpid()));
    std::error_code ec;
    fs::create_directories(profile / "user", ec);
    if (ec) {
      start_error = "cannot create LibreOffice's profile directory " + profile.string() + ": " + ec.message();
      return false;
    }
    kit.reset(lok::lok_cpp_init(kOfficeProgramDir, file_url(profile / "user").c_str()));
    if (!kit) start_error = std::string("LibreOffice could not be started from ") + kOfficeProgramDir;
    return start_error.empty();
  }

  std::string last_error() {
    char* text = kit->getError();
    std::string message = text && *text ? text : "no reason given";
    std::free(text);
    return message;
  }
};

bool uses_office(const std::string& template_kind, const std::vector<std::string>& formats) {
  if (template_kind != "docx" && template_kind != "pptx" && template_kind != "xlsx") return false;
  return std::find(formats.begin(), formats.end(), "pdf") != formats.end();
}

OfficePdf::OfficePdf(void (*after_start)()) : office_(new Office()), after_start_(after_start) {}

OfficePdf::~OfficePdf() = default;

render::OfficePdfConverter::Converted OfficePdf::to_pdf(const std::string& package, const std::string& kind) {
  Converted result;
  bool first = !office_->started;
  if (!office_->start()) {
    result.error = office_->start_error;
    return result;
  }
  if (first && after_start_) after_start_();
  const auto input = office_->profile / ("document." + kind);
  const auto output = office_->profile / "document.pdf";
  std::error_code ignored;
  fs::remove(output, ignored);
  if (!write_file(input, package)) {
    result.error = "cannot write the merged document to " + input.string();
    return result;
  }
  std::unique_ptr<lok::Document> document(office_->kit->documentLoad(file_url(input).c_str()));
  if (!document) {
    result.error = "LibreOffice could not open the merged " + kind + ": " + office_->last_error();
  } else if (!document->saveAs(file_url(output).c_str(), "pdf")) {
    result.error = "LibreOffice could not export the merged " + kind + " as PDF: " + office_->last_error();
  } else if (!read_file(output, &result.pdf) || result.pdf.rfind("%PDF-", 0) != 0) {
    result.pdf.clear();
    result.error = "LibreOffice wrote no PDF for the merged " + kind;
  } else {
    result.pages = count_pdf_pages(result.pdf);
  }
  document.reset();
  fs::remove(input, ignored);
  fs::remove(output, ignored);
  return result;
}

int count_pdf_pages(const std::string& pdf) {
  static const std::string kPage = "/Type/Page";
  int pages = 0;
  for (auto at = pdf.find(kPage); at != std::string::npos; at = pdf.find(kPage, at + kPage.size())) {
    auto next = at + kPage.size();
    if (next < pdf.size() && std::isalnum(static_cast<unsigned char>(pdf[next]))) continue;  // /Type/Pages: the tree
    ++pages;
  }
  return pages;
}

}  // namespace s2d::slots
