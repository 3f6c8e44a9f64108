#pragma once
// PDF of Office templates: LibreOffice, kept warm inside the render slot's
// process through LibreOfficeKit (a C API that dlopens the installed
// LibreOffice). It lives here, not in renderers/, because it is process
// state: one instance per process, started once, not thread-safe, with a
// profile directory of its own, and "restarting" it means replacing the
// process. The renderers reach it through render::OfficePdfConverter.

#include "renderers/render.hpp"

#include <memory>
#include <string>
#include <vector>

namespace s2d::slots {

// The installed LibreOffice (libmergedlo.so beside soffice).
inline constexpr const char* kOfficeProgramDir = "/usr/lib/libreoffice/program";

// A slot converts at most this many documents through LibreOffice, then its
// node replaces it: LibreOffice's caches grow with every document it loads,
// and one instance cannot be started twice in a process.
inline constexpr int kOfficeDocumentsPerSlot = 200;

// Whether a render goes through LibreOffice: a DOCX or PPTX template with a pdf output.
bool uses_office(const std::string& template_kind, const std::vector<std::string>& formats);

class OfficePdf final : public render::OfficePdfConverter {
 public:
  // `after_start` runs once LibreOffice is up: it installs signal handlers
  // of its own, and the slot puts its own back.
  explicit OfficePdf(void (*after_start)() = nullptr);
  ~OfficePdf() override;  // removes the profile directory
  OfficePdf(const OfficePdf&) = delete;
  OfficePdf& operator=(const OfficePdf&) = delete;

  // Starts LibreOffice on the first call (about a second), then converts in
  // a tenth of that. A hang is ended by the node's render timeout, which
  // kills the whole slot.
  Converted to_pdf(const std::string& package, const std::string& kind) override;

 private:
  struct Office;
  std::unique_ptr<Office> office_;
  void (*after_start_)() = nullptr;
};

// PDF pages, counted from the page objects LibreOffice writes.
int count_pdf_pages(const std::string& pdf);

}  // namespace s2d::slots
