#pragma once
// What every kind shares: a part compiled as a template, rendered with the
// data, its engine errors turned into document locations; the relationships
// and content types a merge adds to.

#include "renderers/office_template/office_template.hpp"
#include "renderers/office_template/package.hpp"
#include "renderers/office_template/tags.hpp"

#include <pugixml.hpp>

#include "renderers/document/model.hpp"

#include <map>
#include <memory>
#include <set>
#include <string>

namespace s2d::office_template {

struct PreparedPart {
  std::string name;
  PartSource source;
  std::shared_ptr<const tmpl::Template> compiled;
};

// Compiles the DOM of a part (tokens in place) into its template, optionally
// wrapped (PartSource::write).
bool compile_part(const pugi::xml_document& document, PreparedPart* part, Error* error,
                  const std::string& wrap_open = "", const std::string& wrap_close = "");
bool render_part(const PreparedPart& part, const nlohmann::json& data, const Options& options, std::string* out,
                 Error* error);

// Parts without paragraphs whose text may hold tags: the document properties
// (docProps/core.xml title, subject, ...). Absent or tag-free parts are skipped.
bool prepare_plain_parts(const PackageIn& in, std::vector<PreparedPart>* parts, nlohmann::json* fields, Error* error);
class PackageEdits;
bool merge_plain_parts(const std::vector<PreparedPart>& parts, const nlohmann::json& data, const Options& options,
                       PackageEdits* edits, Error* error);

// Adds fields of one template to the union over all parts.
void merge_fields(nlohmann::json* into, const nlohmann::json& fields);

// "word/document.xml" -> "word/_rels/document.xml.rels"
std::string rels_name_for(const std::string& part);
// Resolves a relationship target against the folder of its source part.
std::string resolve_target(const std::string& source_part, const std::string& target);

// Relationship parts and [Content_Types].xml of the package, loaded when first
// touched and written back at the end when changed.
class PackageEdits {
 public:
  explicit PackageEdits(const PackageIn& in) : in_(in) {}
  pugi::xml_document& rels(const std::string& part);
  // Adds a relationship to `part`'s relationship part; returns its id.
  std::string add_relationship(const std::string& part, std::string_view type, const std::string& target, bool external);
  pugi::xml_document& content_types();
  // Any XML part, loaded once and written back at the end; `empty_root` when the part is new.
  pugi::xml_document& xml(const std::string& name, const char* empty_root) { return load(name, empty_root); }
  bool has(const std::string& name) const { return in_.has(name) || docs_.count(name) || written_.count(name); }
  void ensure_default(const std::string& extension, const std::string& content_type);
  void add_override(const std::string& part, const std::string& content_type);
  // The content type an Override gives `part`; empty when none does.
  std::string override_of(const std::string& part);
  // A part as the merge has it so far (written, edited, else the template's); false when absent.
  bool read(const std::string& name, std::string* out) const;
  void remove_override(const std::string& part);
  // Writes a part the merge produced; it replaces the template's.
  void put(const std::string& name, std::string bytes) { written_[name] = std::move(bytes); }
  void drop(const std::string& name) { dropped_.insert(name); }
  bool dropped(const std::string& name) const { return dropped_.count(name) != 0; }
  // Everything into the output: edited, written, and copied parts.
  void write_to(PackageOut* out);

 private:
  const PackageIn& in_;
  std::map<std::string, std::unique_ptr<pugi::xml_document>> docs_;
  std::map<std::string, std::string> written_;
  std::set<std::string> dropped_;
  int next_id_ = 1;
  pugi::xml_document& load(const std::string& name, const char* empty_root);
};

// A picture a merge inserts: its bytes, type and size in pixels.
struct ImageSource {
  std::string bytes, mime;
  int width = 0, height = 0;
};

// An {{image}} reference (a template asset name, asset:NAME, a data: URI of
// a PNG or JPEG, or an https URL fetched by the caller) as its picture;
// asset_missing, image_invalid or image_unavailable at `tag`.
bool resolve_image(const std::string& reference, int tag, const PreparedPart& part, const Options& options,
                   ImageSource* out, Error* error);

// The size (EMU) of a picture of `image`'s proportions fitted inside a frame
// of box_cx x box_cy; false when either has no size (the frame stays as it is).
bool fit_in_frame(const ImageSource& image, double box_cx, double box_cy, long long* cx, long long* cy);

// A {{markdown}} value parsed; markdown_invalid (or the parser's code) at `tag` otherwise.
bool parse_markdown_value(const std::string& value, int tag, const PreparedPart& part, const Options& options,
                          doc::Document* document, Error* error);

// Where an {{image}} tag's value goes in the merged text: its expression, or a quoted name as it is.
std::string value_markup(const Tag& tag);

// A picture whose alt text is {{image photo}} becomes a placeholder: the alt
// text (the `descr` of a `frame_name` element) is cleared and the picture's
// a:blip r:embed becomes a token that merges to "s2dimg:<tag>:<reference>",
// which the kind then replaces with the data's picture. The blip is looked
// for under the nearest ancestor named `picture_name` (or the frame's parent
// when it is empty); a frame outside such a picture is left alone.
bool prepare_placeholder_pictures(pugi::xml_document& document, PreparedPart* part, std::string_view frame_name,
                                  std::string_view picture_name, Error* error);

// A link a merged document may carry: http, https or mailto.
bool safe_link(const std::string& url);

// Reads a placeholder's merged r:embed; false when `embed` is no placeholder.
bool placeholder_reference(std::string_view embed, int* tag, std::string* reference);

inline constexpr std::string_view kImageRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
inline constexpr std::string_view kHyperlinkRel =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

}  // namespace s2d::office_template
