#pragma once
// The renderers' entry point: template source + data -> finished files.
//
// Pure function of its input: no CAF, RocksDB, RESTinio, file system or
// network. Safe to call from many threads at once (an Office template's pdf
// goes through the caller's Request::office_pdf, which is the caller's to
// serialise). The actors' render pool,
// `s2d render`, the benchmarks and the fuzzers all come in through here.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace s2d::render {

// A file a template refers to by name (image, font, logo).
struct Asset {
  std::string name;
  std::string mime;
  std::string bytes;
};

struct Limits {
  int max_depth = 64;                         // nested blocks / partials / subexpressions
  std::size_t max_output_bytes = 64u << 20;   // merged text
  std::size_t max_iterations = 1'000'000;     // loop iterations over one render
};

// Turns a merged Office package (docx, pptx, xlsx) into PDF. The renderers
// make none themselves: laying out Word, PowerPoint and Excel files is
// LibreOffice's work, and LibreOffice is one stateful instance per process
// that is not thread-safe, which a pure library cannot hold. A render slot
// supplies one (slots/office_pdf.hpp); without it an Office template's pdf
// output fails with output_format_unsupported.
class OfficePdfConverter {
 public:
  struct Converted {
    std::string pdf;
    int pages = 0;
    std::string error;  // set: the conversion failed, pdf is empty
  };
  virtual ~OfficePdfConverter() = default;
  virtual Converted to_pdf(const std::string& package, const std::string& kind) = 0;
};

struct Request {
  std::string template_kind = "markdown";
  std::string source;                  // the template text
  nlohmann::json data = nlohmann::json::object();
  std::vector<std::string> formats;    // pdf, docx, pptx, html, md, txt, xlsx
  std::string locale;                  // the caller's choice (a generation's options.locale); wins over the front matter
  std::string default_locale = "en-US";  // without either: the workspace default, else en-US
  std::string timezone = "UTC";
  std::vector<Asset> assets;
  bool deterministic = false;          // fixed dates and ids so outputs compare byte for byte
  Limits limits;
  OfficePdfConverter* office_pdf = nullptr;  // the caller's; needed for an Office template's pdf
};

struct Output {
  std::string format;
  std::string content_type;
  std::string bytes;
  int pages = 0;                       // 0 where a format has no pages
};

// The structured error of a failed generation (API.md "error" object).
struct Failure {
  std::string type = "render_error";   // template_error | render_error | ...
  std::string code = "render_failed";  // missing_required_field, template_syntax_error, ...
  std::string message;
  std::string placeholder;             // full data path, e.g. items[3].price
  std::string tag;                     // the offending tag for syntax errors
  int line = 0, column = 0;
  nlohmann::json context = nlohmann::json::object();
};

struct Result {
  std::vector<Output> outputs;         // in the order of Request::formats
  std::optional<Failure> error;        // set: outputs is empty
  std::vector<std::string> warnings;   // e.g. glyphs no installed font covers
};

Result render(const Request& request);

// Checks a template at upload time; the fields it reads are in `fields`
// (nested objects for loops), syntax errors in the returned failure.
struct Inspection {
  std::optional<Failure> error;
  nlohmann::json fields = nlohmann::json::array();
  nlohmann::json front_matter = nlohmann::json::object();
};
Inspection inspect_template(const std::string& template_kind, const std::string& source);

// Output formats this build renders, and their media types.
const std::vector<std::string>& supported_formats();
bool is_supported_format(const std::string& format);
std::string content_type_for(const std::string& format);
std::string file_extension_for(const std::string& format);

// The output formats a template kind renders to: a DOCX or PPTX template to
// its own kind and pdf (pdf given a Request::office_pdf), an XLSX template
// to xlsx only (LibreOfficeKit 7.4 opens no spreadsheet), a markdown
// template to every format.
const std::vector<std::string>& formats_of_kind(const std::string& template_kind);
bool is_format_of_kind(const std::string& template_kind, const std::string& format);

}  // namespace s2d::render
