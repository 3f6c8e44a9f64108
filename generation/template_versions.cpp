#include "generation/template_versions.hpp"

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "generation/render_job.hpp"
#include "storage/schema.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace s2d {
namespace {

struct Signature {
  std::string_view magic;
  const char* mime;
};

// Asset types by their first bytes: images the renderers embed, fonts.
const std::array<Signature, 7>& signatures() {
  static const std::array<Signature, 7> known = {{
      {std::string_view("\x89PNG\r\n\x1a\n", 8), "image/png"},
      {std::string_view("\xFF\xD8\xFF", 3), "image/jpeg"},
      {std::string_view("\x00\x01\x00\x00", 4), "font/ttf"},
      {"true", "font/ttf"},
      {"OTTO", "font/otf"},
      {"wOFF", "font/woff"},
      {"wOF2", "font/woff2"},
  }};
  return known;
}

const char* sniff_mime(std::string_view bytes) {
  for (const auto& signature : signatures())
    if (bytes.substr(0, signature.magic.size()) == signature.magic) return signature.mime;
  return nullptr;
}

bool valid_asset_name(const std::string& name) {
  if (name.empty() || name.size() > 128 || !std::isalnum(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

bool is_office_kind(const std::string& kind) { return kind == "docx" || kind == "pptx" || kind == "xlsx"; }

std::optional<ApiError> read_source(const nlohmann::json& body, const std::string& kind, std::string* source) {
  if (is_office_kind(kind) && !body.contains("content_base64")) {
    auto e = errors::parameter_missing("content_base64");
    e.message = "Give the " + kind + " file as 'content_base64'.";
    return e;
  }
  const bool has_text = body.contains("source"), has_base64 = body.contains("content_base64");
  if (!has_text && !has_base64) {
    auto e = errors::parameter_missing("source");
    e.message = "Give the template as 'source' (text) or 'content_base64' (the file, base64).";
    return e;
  }
  if (has_text && has_base64)
    return errors::parameter_invalid("content_base64", "Give either 'source' or 'content_base64', not both.");
  if (has_text) {
    *source = body["source"].get<std::string>();
  } else if (!crypto::base64_decode(body["content_base64"].get<std::string>(), source)) {
    return errors::parameter_invalid("content_base64", "content_base64 is not valid base64.");
  } else if (!is_office_kind(kind) && !valid_utf8(*source)) {
    return errors::parameter_invalid("content_base64", "A markdown template must be UTF-8 text.");
  }
  if (source->empty()) return errors::parameter_invalid(has_text ? "source" : "content_base64", "The template is empty.");
  return std::nullopt;
}

// Decodes and checks the body's assets; their bytes go into `batch`, their
// descriptions into `listed`.
std::optional<ApiError> read_assets(const nlohmann::json& assets, const std::string& template_id,
                                    storage::Batch& batch, std::vector<AssetEntry>* listed) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < assets.size(); ++i) {
    const auto& asset = assets[i];
    const std::string param = "assets[" + std::to_string(i) + "]";
    const std::string name = asset["name"].get<std::string>();
    if (!valid_asset_name(name))
      return errors::parameter_invalid(param + ".name",
                                       "Asset names are 1-128 letters, digits, '.', '_' or '-', starting with a "
                                       "letter or digit (templates refer to them as ![alt](name)).");
    if (!names.insert(name).second)
      return errors::parameter_invalid(param + ".name", "The asset name '" + name + "' is used twice.");
    std::string bytes;
    if (!crypto::base64_decode(asset["content_base64"].get<std::string>(), &bytes) || bytes.empty())
      return errors::parameter_invalid(param + ".content_base64", "Asset '" + name + "' is not valid, non-empty base64.");
    const char* mime = sniff_mime(bytes);
    if (!mime)
      return errors::parameter_invalid(param, "Asset '" + name +
                                                  "' is not a PNG, JPEG, TrueType, OpenType, WOFF or WOFF2 file.");
    if (asset.contains("mime") && asset["mime"].get<std::string>() != mime)
      return errors::parameter_invalid(param + ".mime", "Asset '" + name + "' is declared as " +
                                                            asset["mime"].get<std::string>() + " but its bytes are " +
                                                            mime + ".");
    const std::string sha256 = crypto::sha256_hex(bytes);
    listed->push_back({name, mime, bytes.size(), sha256});
    batch.put(storage::Table::template_versions, storage::keys::template_asset(template_id, sha256), std::move(bytes));
  }
  return std::nullopt;
}

}  // namespace

ApiError template_invalid_error(const render::Failure& failure) {
  auto e = errors::template_invalid(failure.message);
  e.extra["template_error"] = failure_json(failure);
  if (failure.line) e.extra["line"] = failure.line;
  if (failure.column) e.extra["column"] = failure.column;
  if (!failure.tag.empty()) e.extra["tag"] = failure.tag;
  for (const char* where : {"part", "paragraph", "cell", "slide"})
    if (failure.context.contains(where)) e.extra[where] = failure.context[where];
  if (failure.context.contains("text")) e.extra["context"] = failure.context["text"];
  return e;
}

bool known_template_kind(const std::string& kind) {
  return kind == "markdown" || kind == "docx" || kind == "pptx" || kind == "xlsx";
}

std::optional<ApiError> build_version(const VersionUpload& upload, storage::Batch& batch,
                                      TemplateVersionRecord* version) {
  std::string source;
  if (auto e = read_source(upload.body, upload.kind, &source)) return e;
  auto inspection = render::inspect_template(upload.kind, source);
  if (inspection.error) return template_invalid_error(*inspection.error);

  std::vector<AssetEntry> assets;
  if (upload.body.contains("assets")) {
    if (auto e = read_assets(upload.body["assets"], upload.template_id, batch, &assets)) return e;
  } else if (upload.previous) {
    assets = upload.previous->assets;
  }
  const bool per_record = inspection.front_matter.value("documents", std::string("one")) == "per_record";
  // What the body leaves out comes from the previous version.
  const auto& body = upload.body;
  const auto* previous = upload.previous;
  version->template_id = upload.template_id;
  version->version = upload.number;
  if (is_office_kind(upload.kind)) {
    // A package is binary: its bytes are stored beside the assets, the record names them.
    version->package_sha256 = crypto::sha256_hex(source);
    batch.put(storage::Table::template_versions,
              storage::keys::template_asset(upload.template_id, version->package_sha256), std::move(source));
  } else {
    version->source = std::move(source);
  }
  version->created_ms = upload.now_ms;
  version->fields = inspection.fields;
  version->documents = per_record ? "per_record" : "one";
  version->required_fields = body.contains("required_fields") ? body["required_fields"]
                             : previous                       ? previous->required_fields
                                                              : nlohmann::json::array();
  version->sample_data = body.contains("sample_data") ? body["sample_data"]
                         : previous                   ? previous->sample_data
                                                      : nlohmann::json(nullptr);
  version->assets = std::move(assets);
  return std::nullopt;
}

std::vector<render::Asset> load_assets(const storage::Db& db, const std::string& template_id,
                                       const TemplateVersionRecord& version, std::string* missing) {
  std::vector<render::Asset> assets;
  for (const auto& listed : version.assets) {
    auto bytes = db.get(storage::Table::template_versions, storage::keys::template_asset(template_id, listed.sha256));
    if (!bytes) {
      *missing = listed.name;
      return {};
    }
    assets.push_back({listed.name, listed.mime, std::move(*bytes)});
  }
  return assets;
}

std::optional<std::string> load_source(const storage::Db& db, const std::string& template_id,
                                       const TemplateVersionRecord& version) {
  if (version.package_sha256.empty()) return version.source;
  return db.get(storage::Table::template_versions, storage::keys::template_asset(template_id, version.package_sha256));
}

bool renders_per_record(const TemplateVersionRecord& version) { return version.documents == "per_record"; }

}  // namespace s2d
