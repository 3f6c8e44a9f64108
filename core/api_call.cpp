#include "core/api_call.hpp"

namespace s2d {

ApiReply json_reply(int status, const nlohmann::json& body) {
  ApiReply reply;
  reply.status = status;
  reply.body = body.dump();
  return reply;
}

ApiReply file_reply(std::string bytes, const std::string& content_type, const std::string& filename) {
  ApiReply reply;
  reply.body = std::move(bytes);
  reply.content_type = content_type;
  std::string safe;
  for (char c : filename) safe += (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) ? '_' : c;
  reply.headers.emplace_back("Content-Disposition", "inline; filename=\"" + safe + "\"");
  return reply;
}

ApiReply error_reply(const ApiError& error, const std::string& request_id) {
  auto reply = json_reply(error.status, error_envelope(error, request_id));
  reply.error_code = error.code;
  if (error.retry_after_seconds > 0)
    reply.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
  return reply;
}

}  // namespace s2d
