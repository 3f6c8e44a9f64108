#pragma once
// API errors: the status/type/code map of API.md and the error envelope.
//
// Codes are the contract: add new ones, never change one.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace s2d {

struct ApiError {
  int status = 500;
  std::string type = "api_error";
  std::string code = "internal";
  std::string message;
  std::string param;                                   // the offending field, when one is to blame
  nlohmann::json extra = nlohmann::json::object();     // added to the error object (line, column, ...)
  int retry_after_seconds = 0;                         // > 0: sent as Retry-After
};

// The envelope: {"error":{"type","code","message","param","request_id","doc_url",...extra}}.
nlohmann::json error_envelope(const ApiError& error, const std::string& request_id);

namespace errors {
ApiError invalid_json(const std::string& message);
ApiError parameter_missing(const std::string& param);
ApiError parameter_invalid(const std::string& param, const std::string& message);
ApiError parameter_unknown(const std::string& param);
ApiError idempotency_key_invalid();
// `param` names the element: `outputs[1]`, or `format` for a preview.
ApiError output_format_unsupported(const std::string& format, const std::vector<std::string>& supported,
                                   const std::string& param);
ApiError authentication(const std::string& code, const std::string& message);
ApiError insufficient_permissions(const std::string& message);
ApiError url_signature_invalid();
ApiError url_expired();
ApiError resource_missing(const std::string& what, const std::string& id);
ApiError route_not_found(const std::string& method, const std::string& path);
ApiError idempotency_key_in_use();
ApiError idempotency_key_reused();
ApiError generation_not_cancelable(const std::string& status);
ApiError batch_not_cancelable(const std::string& status);
ApiError batch_not_retryable(const std::string& status);
ApiError batch_too_large(const std::string& param, const std::string& message);
ApiError file_expired();
ApiError body_too_large(std::size_t limit);
ApiError method_not_allowed(const std::string& method, const std::string& allowed);  // send `Allow: allowed` too
ApiError unsupported_media_type(const std::string& given, const std::vector<std::string>& accepted);
ApiError range_not_satisfiable(std::uint64_t size);  // send `Content-Range: bytes */size` too
ApiError template_invalid(const std::string& message);
ApiError rate_limited(int retry_after_seconds);
ApiError auth_failures_exceeded(int retry_after_seconds);
ApiError too_many_streams(int limit);
ApiError insufficient_storage(int retry_after_seconds);
ApiError internal(const std::string& message);
ApiError service_unavailable(const std::string& message, int retry_after_seconds);
}  // namespace errors

}  // namespace s2d
