#include "http/multipart.hpp"

#include <restinio/helpers/http_field_parsers/content-disposition.hpp>
#include <restinio/helpers/http_field_parsers/content-type.hpp>
#include <restinio/helpers/multipart_body.hpp>

#include <algorithm>
#include <cctype>

namespace s2d::http {
namespace {

namespace hfp = restinio::http_field_parsers;
namespace mp = restinio::multipart_body;

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

std::optional<hfp::media_type_value_t> parse_media_type(std::string_view content_type) {
  auto parsed = hfp::content_type_value_t::try_parse(restinio::string_view_t(content_type.data(), content_type.size()));
  if (!parsed) return std::nullopt;
  return parsed->media_type;
}

// One part: its headers name the field (and the file), the rest is its body.
bool read_part(restinio::string_view_t raw, FormPart* part, std::string* error) {
  auto parsed = mp::try_parse_part(raw);
  if (!parsed) {
    *error = "a part of the multipart body has malformed headers";
    return false;
  }
  auto disposition = parsed->fields.opt_value_of("content-disposition");
  if (!disposition) {
    *error = "a part of the multipart body has no Content-Disposition header";
    return false;
  }
  auto value = hfp::content_disposition_value_t::try_parse(*disposition);
  if (!value || value->value != "form-data") {
    *error = "a part's Content-Disposition is not 'form-data; name=...'";
    return false;
  }
  auto name = hfp::find_first(value->parameters, "name");
  if (!name || name->empty()) {
    *error = "a part of the multipart body has no field name";
    return false;
  }
  part->name = std::string(*name);
  if (auto filename = hfp::find_first(value->parameters, "filename")) part->filename = std::string(*filename);
  if (auto type = parsed->fields.opt_value_of("content-type"))
    part->content_type = media_type(std::string_view(type->data(), type->size()));
  part->body = std::string(parsed->body.data(), parsed->body.size());
  return true;
}

}  // namespace

std::string media_type(std::string_view content_type) {
  auto parsed = parse_media_type(content_type);
  if (!parsed) return {};
  return lowercase(parsed->type + "/" + parsed->subtype);
}

std::optional<std::vector<FormPart>> parse_form_data(std::string_view content_type, std::string_view body,
                                                     std::string* error) {
  auto type = parse_media_type(content_type);
  if (!type || lowercase(type->type) != "multipart" || lowercase(type->subtype) != "form-data") {
    *error = "the Content-Type is not multipart/form-data";
    return std::nullopt;
  }
  auto boundary = hfp::find_first(type->parameters, "boundary");
  if (!boundary || mp::check_boundary_value(*boundary)) {
    *error = "the multipart/form-data Content-Type has no valid boundary";
    return std::nullopt;
  }
  const std::string delimiter = "--" + std::string(boundary->data(), boundary->size());
  auto raw_parts = mp::split_multipart_body(restinio::string_view_t(body.data(), body.size()), delimiter);
  if (raw_parts.empty()) {
    *error = "the multipart body has no parts or no closing boundary";
    return std::nullopt;
  }
  std::vector<FormPart> parts;
  for (const auto& raw : raw_parts) {
    FormPart part;
    if (!read_part(raw, &part, error)) return std::nullopt;
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace s2d::http
