#pragma once
// multipart/form-data bodies (RFC 7578) and media types, parsed with
// RESTinio's helpers; this is the only http/ file besides server.cpp that
// includes RESTinio, and it exposes plain values.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::http {

struct FormPart {
  std::string name;          // the form field name (Content-Disposition name=)
  std::string filename;      // empty for a plain field
  std::string content_type;  // the part's media type, lowercased, without parameters; may be empty
  std::string body;
};

// The type/subtype of a Content-Type value, lowercased ("text/csv" for
// "Text/CSV; charset=utf-8"); empty when it does not parse.
std::string media_type(std::string_view content_type);

// The parts of a multipart/form-data body; nullopt with *error when the
// Content-Type has no usable boundary or the body is not well formed.
std::optional<std::vector<FormPart>> parse_form_data(std::string_view content_type, std::string_view body,
                                                     std::string* error);

}  // namespace s2d::http
