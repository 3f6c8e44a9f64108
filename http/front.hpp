#pragma once
// The request stages in front of the engine, independent of the HTTP
// library: request id -> route -> credentials -> body (size, JSON, schema)
// -> Idempotency-Key check -> the workspace actor (rate limit, validation
// verdict, idempotency, handler). server.cpp only adapts RESTinio to this.

#include "actors/engine.hpp"
#include "http/auth_failures.hpp"
#include "http/routes.hpp"
#include "storage/free_space.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s2d::http {

struct Incoming {
  std::string method;
  std::string path;
  std::map<std::string, std::string> params;  // path parameters
  std::map<std::string, std::string> query;
  bool query_valid = true;                    // false: the query string could not be decoded
  std::function<std::string(std::string_view)> header;  // "" when absent
  std::string body;
  std::string remote_address;                 // the client's IP address
};

struct Outgoing {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type = "application/json";
  std::string body;
  std::string error_code;  // set on errors, for the request log
  // A file answer: sent from disk (sendfile) instead of `body`.
  std::string file_path;
  std::uint64_t file_offset = 0, file_length = 0;
  // An event stream (core/event_stream.hpp): sent chunked by the stream pump instead of `body`.
  std::shared_ptr<EventSource> stream;
};

class Front {
 public:
  explicit Front(Engine& engine);

  // `reply` runs exactly once, possibly on another thread.
  void handle(const Route& route, Incoming request, std::function<void(Outgoing)> reply);
  // No route takes this method and path: 405 with Allow when the path has
  // other methods, else 404. With valid credentials it is answered by the
  // workspace (so it carries the rate-limit headers and counts against them).
  void handle_unrouted(Incoming request, std::function<void(Outgoing)> reply);

 private:
  void handle_open(const Route& route, const std::string& request_id, std::function<void(Outgoing)>& reply);
  void handle_file(Incoming& request, const std::string& request_id, RequestLogEntry& log,
                   const std::function<void(Outgoing)>& reply);
  void handle_api(const Route& route, Incoming& request, const std::string& request_id, RequestLogEntry& log,
                  std::function<void(Outgoing)> reply);

  Engine& engine_;
  AuthFailureLimiter auth_failures_;
  storage::FreeSpaceFloor free_space_;
};

}  // namespace s2d::http
