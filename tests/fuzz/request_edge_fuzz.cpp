// The request edge: what a client controls before any handler runs. The
// first byte picks the stage, the rest is its input:
//   0 connection bytes through the RequestGuard (split where byte 1 says)
//   1 a Range header against a file size
//   2 a JSON body: the bounded parser, then the generations.create schema
//   3 a multipart/form-data body
//   4 a query string, decoded as the server does, checked against a route
// Every stage must return an answer and never crash, hang or recurse deep.
#include "core/api_error.hpp"
#include "core/json_text.hpp"
#include "http/multipart.hpp"
#include "http/openapi.hpp"
#include "http/range.hpp"
#include "http/request_guard.hpp"

#include <restinio/uri_helpers.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace {

void guard(std::string_view bytes) {
  if (bytes.empty()) return;
  const std::size_t split = static_cast<unsigned char>(bytes[0]);
  bytes.remove_prefix(1);
  s2d::http::GuardLimits limits;
  limits.max_body_bytes = 4096;
  limits.max_head_bytes = 2048;
  limits.max_header_count = 16;
  s2d::http::RequestGuard guard(limits);
  for (std::size_t at = 0; at < bytes.size(); at += split + 1) {
    if (auto refusal = guard.feed(bytes.substr(at, split + 1))) {
      (void)s2d::http::refusal_response(*refusal);
      return;
    }
  }
}

void range(std::string_view bytes) {
  const std::uint64_t size = bytes.empty() ? 0 : static_cast<unsigned char>(bytes[0]) * 977u;
  const auto result = s2d::http::parse_range(bytes.empty() ? bytes : bytes.substr(1), size);
  if (result.result == s2d::http::RangeResult::ok && (result.length == 0 || result.offset + result.length > size))
    __builtin_trap();
}

void json_body(std::string_view bytes) {
  nlohmann::json body;
  if (auto problem = s2d::parse_json(bytes, &body, 64)) {
    (void)s2d::error_envelope(s2d::invalid_json(*problem), "req_fuzz").dump();
    return;
  }
  if (auto error = s2d::http::validate_request_body("generations.create", body))
    (void)s2d::error_envelope(*error, "req_fuzz").dump();
  (void)body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void form(std::string_view bytes) {
  std::string problem;
  auto parts = s2d::http::parse_form_data("multipart/form-data; boundary=xyz", bytes, &problem);
  if (parts)
    for (const auto& part : *parts) (void)s2d::http::media_type(part.content_type);
}

void query(std::string_view bytes) {
  auto parsed = restinio::try_parse_query<restinio::parse_query_traits::relaxed>(
      restinio::string_view_t(bytes.data(), bytes.size()));
  if (!parsed) return;
  std::map<std::string, std::string> values;
  for (const auto& [key, value] : *parsed) values[std::string(key)] = std::string(value);
  (void)s2d::http::unknown_query_parameter("generations.list", values);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: guard(input); break;
    case 1: range(input); break;
    case 2: json_body(input); break;
    case 3: form(input); break;
    default: query(input); break;
  }
  return 0;
}
