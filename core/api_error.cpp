#include "core/api_error.hpp"

#include "core/utf8.hpp"

namespace s2d {
namespace {

constexpr const char* kDocBase = "https://s2d.dev/docs/errors#";

ApiError make(int status, std::string type, std::string code, std::string message,
              std::string param = {}) {
  ApiError e;
  e.status = status;
  e.type = std::move(type);
  e.code = std::move(code);
  e.message = std::move(message);
  e.param = std::move(param);
  return e;
}

}  // namespace

nlohmann::json error_envelope(const ApiError& error, const std::string& request_id) {
  nlohmann::json body = {
      {"type", error.type},
      {"code", error.code},
      // Messages and params may quote client bytes (a path, a key): the
      // envelope must still be valid JSON whatever they were.
      {"message", utf8_replacing_invalid(error.message)},
      {"param", error.param.empty() ? nlohmann::json(nullptr) : nlohmann::json(utf8_replacing_invalid(error.param))},
      {"request_id", request_id},
      {"doc_url", std::string(kDocBase) + error.code},
  };
  for (auto& [key, value] : error.extra.items()) body[key] = value;
  return {{"error", std::move(body)}};
}

namespace errors {

ApiError invalid_json(const std::string& message) {
  return make(400, "invalid_request_error", "invalid_json", "The body is not valid JSON: " + message);
}
ApiError parameter_missing(const std::string& param) {
  return make(400, "invalid_request_error", "parameter_missing",
              "Missing required parameter: " + param + ".", param);
}
ApiError parameter_invalid(const std::string& param, const std::string& message) {
  return make(400, "invalid_request_error", "parameter_invalid", message, param);
}
ApiError parameter_unknown(const std::string& param) {
  return make(400, "invalid_request_error", "parameter_unknown",
              "Unknown parameter: " + param + ".", param);
}
ApiError idempotency_key_invalid() {
  return make(400, "invalid_request_error", "idempotency_key_invalid",
              "Idempotency-Key must be 1-255 printable ASCII characters.", "Idempotency-Key");
}
ApiError output_format_unsupported(const std::string& format, const std::vector<std::string>& supported,
                                   const std::string& param) {
  std::string list;
  for (const auto& f : supported) list += (list.empty() ? "" : ", ") + f;
  auto e = make(400, "invalid_request_error", "output_format_unsupported",
                "Output format '" + format + "' is not supported. Supported formats: " + list + ".",
                param);
  e.extra["supported_formats"] = supported;
  return e;
}
ApiError authentication(const std::string& code, const std::string& message) {
  return make(401, "authentication_error", code, message);
}
ApiError insufficient_permissions(const std::string& message) {
  return make(403, "permission_error", "insufficient_permissions", message);
}
ApiError url_signature_invalid() {
  return make(403, "permission_error", "url_signature_invalid",
              "The URL's signature does not match; request a fresh URL from the generation.");
}
ApiError url_expired() {
  return make(403, "permission_error", "url_expired",
              "The URL has expired; read the generation again for a fresh URL.");
}
ApiError resource_missing(const std::string& what, const std::string& id) {
  return make(404, "invalid_request_error", "resource_missing", "No such " + what + ": '" + id + "'.",
              "id");
}
ApiError route_not_found(const std::string& method, const std::string& path) {
  return make(404, "invalid_request_error", "route_not_found",
              "Unrecognized request URL (" + method + " " + path + ").");
}
ApiError idempotency_key_in_use() {
  auto e = make(409, "idempotency_error", "idempotency_key_in_use",
                "A request with this Idempotency-Key is still being processed; retry shortly.",
                "Idempotency-Key");
  e.retry_after_seconds = 1;
  return e;
}
ApiError idempotency_key_reused() {
  return make(422, "idempotency_error", "idempotency_key_reused",
              "This Idempotency-Key was already used with a different request.", "Idempotency-Key");
}
ApiError generation_not_cancelable(const std::string& status) {
  return make(409, "invalid_request_error", "generation_not_cancelable",
              "The generation is " + status + " and can no longer be canceled.");
}
ApiError batch_not_cancelable(const std::string& status) {
  return make(409, "invalid_request_error", "batch_not_cancelable",
              "The batch is " + status + " and can no longer be canceled.");
}
ApiError batch_not_retryable(const std::string& status) {
  return make(409, "invalid_request_error", "batch_not_retryable",
              "The batch is " + status + "; only a running or completed batch retries its failed items.");
}
ApiError batch_too_large(const std::string& param, const std::string& message) {
  auto e = make(400, "invalid_request_error", "batch_too_large", message);
  e.param = param;
  return e;
}
ApiError file_expired() {
  return make(410, "invalid_request_error", "file_expired",
              "This output was deleted by the workspace's retention policy.");
}
ApiError body_too_large(std::size_t limit) {
  return make(413, "invalid_request_error", "body_too_large",
              "The request body exceeds the limit of " + std::to_string(limit) + " bytes.");
}
ApiError method_not_allowed(const std::string& method, const std::string& allowed) {
  auto e = make(405, "invalid_request_error", "method_not_allowed",
                "This URL does not take " + method + "; it takes " + allowed + ".");
  e.extra["allowed_methods"] = allowed;
  return e;
}
ApiError unsupported_media_type(const std::string& given, const std::vector<std::string>& accepted) {
  std::string list;
  for (const auto& type : accepted) list += (list.empty() ? "" : ", ") + type;
  auto e = make(415, "invalid_request_error", "unsupported_media_type",
                (given.empty() ? std::string("The body has no Content-Type") : "Content-Type '" + given + "' is not accepted") +
                    " here; send " + list + ".",
                "Content-Type");
  e.extra["accepted_media_types"] = accepted;
  return e;
}
ApiError range_not_satisfiable(std::uint64_t size) {
  return make(416, "invalid_request_error", "range_not_satisfiable",
              "The requested range is outside the file (" + std::to_string(size) + " bytes).", "Range");
}
ApiError template_invalid(const std::string& message) {
  return make(422, "template_error", "template_invalid", message, "source");
}
ApiError rate_limited(int retry_after_seconds) {
  auto e = make(429, "rate_limit_error", "rate_limited",
                "Too many requests for this workspace; retry after the Retry-After delay.");
  e.retry_after_seconds = retry_after_seconds;
  return e;
}
ApiError auth_failures_exceeded(int retry_after_seconds) {
  auto e = make(429, "rate_limit_error", "rate_limited",
                "Too many failed authentications from this address; retry after the Retry-After delay.");
  e.retry_after_seconds = retry_after_seconds;
  return e;
}
ApiError too_many_streams(int limit) {
  auto e = make(429, "rate_limit_error", "too_many_streams",
                "This workspace already holds " + std::to_string(limit) +
                    " open event streams (events.max_streams_per_workspace); close one or retry later.");
  e.retry_after_seconds = 5;
  return e;
}
ApiError insufficient_storage(int retry_after_seconds) {
  auto e = make(507, "api_error", "insufficient_storage",
                "The server is low on disk space and takes no new work; reads still work. Retry later.");
  e.retry_after_seconds = retry_after_seconds;
  return e;
}
ApiError internal(const std::string& message) {
  return make(500, "api_error", "internal", message);
}
ApiError service_unavailable(const std::string& message, int retry_after_seconds) {
  auto e = make(503, "api_error", "service_unavailable", message);
  e.retry_after_seconds = retry_after_seconds;
  return e;
}

}  // namespace errors
}  // namespace s2d
