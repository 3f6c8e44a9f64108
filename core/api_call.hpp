#pragma once
// What the HTTP front end hands to the engine, and what comes back.
// Plain values (no CAF, no RESTinio) so both sides include it cheaply.

#include "core/api_error.hpp"
#include "core/event_stream.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace s2d {

enum class KeyRole { standard, admin };

// The scope of operator calls (/v1/admin): their own rate limit and idempotency keys.
inline constexpr const char* kOperatorScope = "_operator";

struct ApiReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // JSON text, or the bytes of a file (template preview)
  std::string content_type = "application/json";
  std::string error_code;  // the envelope's code, for the request log
  // Set: a 200 text/event-stream answer whose events come from this source
  // (`body` is unused); the stream pump of http/ writes them.
  std::shared_ptr<EventSource> stream;
};

struct ApiCall {
  std::string request_id;
  std::string route;        // route name from the route table, e.g. "generations.create"
  std::string method;       // GET, POST, PATCH, DELETE
  std::string path;         // as requested, without the query string
  std::map<std::string, std::string> params;  // path parameters (:id)
  std::map<std::string, std::string> query;
  nlohmann::json body;      // parsed and schema-checked; null without a body
  // A body that is not JSON (a CSV upload of records): its bytes and media type; `body` is then null.
  std::string raw_body;
  std::string raw_content_type;
  std::string workspace_id;
  std::string key_id;
  KeyRole role = KeyRole::standard;
  std::string idempotency_key;
  std::string last_event_id;  // the Last-Event-ID header of an event-stream reconnect
  std::optional<ApiError> rejected;  // a validation failure, answered after the rate limit
  std::function<void(ApiReply)> respond;  // call exactly once, from any thread
};

// A JSON reply; errors go through error_reply.
ApiReply json_reply(int status, const nlohmann::json& body);
// A file as the reply body (template preview).
ApiReply file_reply(std::string bytes, const std::string& content_type, const std::string& filename);
ApiReply error_reply(const ApiError& error, const std::string& request_id);

}  // namespace s2d
