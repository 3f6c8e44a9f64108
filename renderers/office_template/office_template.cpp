#include "renderers/office_template/office_template.hpp"

#include "renderers/office_template/docx.hpp"
#include "renderers/office_template/pptx.hpp"
#include "renderers/office_template/package.hpp"
#include "renderers/office_template/xlsx.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <list>
#include <mutex>
#include <stdexcept>

namespace s2d::office_template {
namespace {

constexpr std::size_t kCachedTemplates = 16;

// A template prepared for merging, immutable and shared by concurrent merges.
struct Prepared {
  Kind kind = Kind::docx;
  std::string bytes;
  docx::Prepared docx;
  xlsx::Prepared xlsx;
  pptx::Prepared pptx;
  const nlohmann::json& fields() const {
    return kind == Kind::docx ? docx.fields : kind == Kind::xlsx ? xlsx.fields : pptx.fields;
  }
};

std::shared_ptr<const Prepared> prepare(std::string_view bytes, Kind kind, Error* error) {
  auto prepared = std::make_shared<Prepared>();
  prepared->kind = kind;
  prepared->bytes = std::string(bytes);
  PackageIn in;
  std::string message;
  if (!in.open(prepared->bytes, &message)) {
    *error = Error::of("template_invalid", message);
    return nullptr;
  }
  bool ok = false;
  switch (kind) {
    case Kind::docx: ok = docx::prepare(in, &prepared->docx, error); break;
    case Kind::xlsx: ok = xlsx::prepare(in, &prepared->xlsx, error); break;
    case Kind::pptx: ok = pptx::prepare(in, &prepared->pptx, error); break;
  }
  if (!ok) return nullptr;
  return prepared;
}

// Small LRU of prepared templates keyed by their bytes.
std::shared_ptr<const Prepared> prepare_cached(std::string_view bytes, Kind kind, Error* error) {
  static std::mutex mutex;
  static std::list<std::shared_ptr<const Prepared>> recent;
  {
    std::lock_guard<std::mutex> lock(mutex);
    for (auto it = recent.begin(); it != recent.end(); ++it) {
      if ((*it)->kind != kind || (*it)->bytes != bytes) continue;
      auto found = *it;
      recent.erase(it);
      recent.push_front(found);
      return found;
    }
  }
  auto prepared = prepare(bytes, kind, error);
  if (!prepared) return nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  recent.push_front(prepared);
  if (recent.size() > kCachedTemplates) recent.pop_back();
  return prepared;
}

bool has_image_tag(const PreparedPart& part) {
  for (std::size_t i = 0; i < part.source.tag_count(); ++i)
    if (part.source.tag(static_cast<int>(i)).kind == Tag::Kind::image) return true;
  return false;
}

// Whether a merge may resolve a picture: an {{image}} in a DOCX part (text or
// a placeholder's alt text) or on a PPTX slide. XLSX cells show the value as text.
bool shows_pictures(const Prepared& prepared) {
  switch (prepared.kind) {
    case Kind::docx: return std::any_of(prepared.docx.parts.begin(), prepared.docx.parts.end(), has_image_tag);
    case Kind::pptx:
      return std::any_of(prepared.pptx.slides.begin(), prepared.pptx.slides.end(),
                         [](const pptx::Slide& slide) { return has_image_tag(slide.slide); });
    case Kind::xlsx: return false;
  }
  return false;
}

}  // namespace

bool parse_kind(std::string_view text, Kind* kind) {
  if (text == "docx") *kind = Kind::docx;
  else if (text == "pptx") *kind = Kind::pptx;
  else if (text == "xlsx") *kind = Kind::xlsx;
  else return false;
  return true;
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::docx: return "docx";
    case Kind::pptx: return "pptx";
    case Kind::xlsx: return "xlsx";
  }
  return "";
}

Validation validate(std::string_view bytes, Kind kind) {
  Validation validation;
  Error error;
  auto prepared = prepare_cached(bytes, kind, &error);
  if (!prepared) validation.error = std::move(error);
  else validation.fields = prepared->fields();
  return validation;
}

Merged merge(std::string_view bytes, Kind kind, const nlohmann::json& data, const Options& options) {
  Merged merged;
  Error error;
  auto prepared = prepare_cached(bytes, kind, &error);
  if (!prepared) {
    merged.error = std::move(error);
    return merged;
  }
  PackageIn in;
  std::string message;
  if (!in.open(prepared->bytes, &message)) {
    merged.error = Error::of("template_invalid", message);
    return merged;
  }
  try {
    PackageOut out(options.deterministic);
    bool ok = false;
    switch (kind) {
      case Kind::docx: ok = docx::merge(prepared->docx, in, data, options, &out, &error); break;
      case Kind::xlsx: ok = xlsx::merge(prepared->xlsx, in, data, options, &out, &error); break;
      case Kind::pptx: ok = pptx::merge(prepared->pptx, in, data, options, &out, &error); break;
    }
    if (!ok) {
      merged.error = std::move(error);
      return merged;
    }
    merged.bytes = out.finish();
  } catch (const std::exception& failure) {
    merged.error = Error::of("render_failed", failure.what());
  }
  return merged;
}

std::vector<std::string> remote_image_urls(std::string_view bytes, Kind kind, const nlohmann::json& data,
                                           const Options& options) {
  std::vector<std::string> urls;
  Error error;
  auto prepared = prepare_cached(bytes, kind, &error);
  if (!prepared || !shows_pictures(*prepared)) return urls;  // no merge just to find nothing
  Options collecting = options;
  collecting.collect_image_urls = &urls;
  merge(bytes, kind, data, collecting);
  return urls;
}

std::optional<ExternalLoad> find_external_load(std::string_view package) {
  PackageIn in;
  std::string message;
  if (!in.open(package, &message)) return std::nullopt;  // nothing LibreOffice could read links from either
  for (const auto& name : in.names()) {
    if (name.size() < 5 || name.compare(name.size() - 5, 5, ".rels") != 0) continue;
    std::string bytes;
    pugi::xml_document rels;
    if (!in.read(name, &bytes, &message) || !rels.load_buffer(bytes.data(), bytes.size())) continue;
    for (auto rel : rels.child("Relationships").children("Relationship")) {
      if (std::string_view(rel.attribute("TargetMode").value()) != "External") continue;
      std::string_view type = rel.attribute("Type").value();
      const auto slash = type.rfind('/');
      if (type.substr(slash == std::string_view::npos ? 0 : slash + 1) == "hyperlink") continue;
      return ExternalLoad{name, rel.attribute("Id").value(), rel.attribute("Target").value()};
    }
  }
  return std::nullopt;
}

}  // namespace s2d::office_template
