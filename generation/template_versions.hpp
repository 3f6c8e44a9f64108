#pragma once
// Template versions: what an upload becomes (checked source, field list,
// assets), and what a render reads back. A version never changes once
// stored; a generation names the version it renders with.
//
// Assets are stored once per template under the sha256 of their bytes
// (storage/schema.hpp), so versions that keep an asset share its bytes.

#include "core/api_error.hpp"
#include "core/records.hpp"
#include "renderers/render.hpp"
#include "storage/db.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace s2d {

// 422 template_invalid carrying the position and tag of a template error.
ApiError template_invalid_error(const render::Failure& failure);

// Template kinds the API knows: markdown, docx, pptx, xlsx.
bool known_template_kind(const std::string& kind);

struct VersionUpload {
  const nlohmann::json& body;        // create or versions.create body (schema-checked)
  std::string kind;
  std::string template_id;
  int number = 1;
  const TemplateVersionRecord* previous = nullptr;  // the latest version, for what the body leaves out
  std::int64_t now_ms = 0;
};

// Checks the upload (source text or content_base64, assets, template syntax)
// and builds the version record; asset bytes go into `batch`. A syntax error
// is 422 template_invalid with line, column and tag.
std::optional<ApiError> build_version(const VersionUpload& upload, storage::Batch& batch,
                                      TemplateVersionRecord* version);

// The assets a version lists, with their bytes; `missing` names one whose
// bytes are gone (storage damage), and the result is then empty.
std::vector<render::Asset> load_assets(const storage::Db& db, const std::string& template_id,
                                       const TemplateVersionRecord& version, std::string* missing);

// The template source a render reads: the text, or an Office package's bytes;
// nullopt when the package's bytes are gone (storage damage).
std::optional<std::string> load_source(const storage::Db& db, const std::string& template_id,
                                       const TemplateVersionRecord& version);

// True when the version's front matter says `documents: per_record`.
bool renders_per_record(const TemplateVersionRecord& version);

}  // namespace s2d
