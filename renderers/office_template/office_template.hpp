#pragma once
// Office templates: DOCX, PPTX and XLSX files authored in Word, PowerPoint,
// Excel or LibreOffice whose text carries the template language
// (docs/templates/office.md). The package is merged natively: its XML parts
// become template sources once (tags split across runs joined, block tags
// lifted to the paragraph, table row or slide they govern), each merge renders
// them with the data and then repairs what copying breaks (ids, numbering,
// relationships, cell references).
//
// Pure functions of their input: no file system, no network; thread-safe.

#include "renderers/render.hpp"
#include "renderers/template/template.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::office_template {

enum class Kind { docx, pptx, xlsx };

// "docx" | "pptx" | "xlsx"
bool parse_kind(std::string_view text, Kind* kind);
const char* kind_name(Kind kind);

// Where a problem is, as a person looking at the document would find it.
struct Error {
  // template_invalid (validation), missing_required_field, limit_exceeded,
  // helper_error, image_invalid, asset_missing (merge)
  std::string code;
  std::string message;
  std::string part;         // package part, e.g. word/document.xml
  int paragraph = 0;        // 1-based paragraph of the part (DOCX, PPTX); 0 when not in one
  std::string cell;         // XLSX: Sheet1!B7
  int slide = 0;            // PPTX: 1-based slide number
  std::string tag;          // the tag as written, e.g. {{#each items}}
  std::string placeholder;  // merge errors: the data path, e.g. items[3].price
  std::string context;      // nearby text of the document

  static Error of(std::string code, std::string message, std::string part = {}) {
    Error error;
    error.code = std::move(code);
    error.message = std::move(message);
    error.part = std::move(part);
    return error;
  }
  nlohmann::json to_json() const;
};

struct Validation {
  std::optional<Error> error;
  nlohmann::json fields = nlohmann::json::array();  // as tmpl::Template::fields_json
};

struct Options {
  std::string locale = "en-US";
  std::string timezone = "UTC";
  // What {{image name}} may name; an image from an https URL is the asset
  // named by the exact URL (the caller fetched it: see remote_image_urls).
  const std::vector<render::Asset>* assets = nullptr;
  tmpl::Limits limits;
  bool deterministic = false;   // fixed ZIP entry times
  // Set by remote_image_urls: https images are recorded here and stand-ins
  // merged instead of looking them up.
  std::vector<std::string>* collect_image_urls = nullptr;
};

struct Merged {
  std::optional<Error> error;
  std::string bytes;            // the merged package
};

// Checks a template package: readable ZIP, the parts of its kind, every tag
// well formed and every block closed and placed where it can be lifted.
Validation validate(std::string_view bytes, Kind kind);

// Merges data into the package. A template is prepared once per distinct
// bytes and kept in a small shared cache, so repeated merges only render.
Merged merge(std::string_view bytes, Kind kind, const nlohmann::json& data, const Options& options);

// The https URLs that the {{image}} tags of a merge of `data` name (each
// once, in the order met), for the caller to fetch through its egress guard
// and hand back as assets named by their URL. Merges with stand-in pictures;
// a template or data that fails to merge gives the URLs met before the
// failure (the real merge then reports it).
std::vector<std::string> remote_image_urls(std::string_view bytes, Kind kind, const nlohmann::json& data,
                                           const Options& options);

// A relationship of a package whose target lies outside it and that a
// reader loads by itself (a linked picture, an OLE or data link, an attached
// template; hyperlinks are only followed by people): LibreOffice would fetch
// it while laying the document out for PDF, past the egress guard. Empty
// when there is none; else where it is and what it points at.
struct ExternalLoad {
  std::string part;    // word/_rels/document.xml.rels
  std::string id;      // rId7
  std::string target;  // http://example.com/logo.png
};
std::optional<ExternalLoad> find_external_load(std::string_view package);

}  // namespace s2d::office_template
