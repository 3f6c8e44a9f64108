#pragma once
// The first look at the bytes of a connection, before RESTinio's HTTP
// parser sees them.
//
// RESTinio 0.6 closes a connection without a response when its parser
// rejects a request (a body over the limit, a header section too large,
// malformed chunked framing, an unknown method, not HTTP at all): see
// docs/api.md, "Limits". The guard follows the HTTP/1.1 message framing of
// each request on a connection (request line, header section, then a body
// of Content-Length bytes or chunks) and, for those cases, says which
// answer to give instead, so the server can send it before it closes. It
// never reads further than the current message's head or the next chunk
// header: a 5 GB upload is refused after its headers.
//
// Plain C++ with no I/O, so the fuzz target drives it directly.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace s2d::http {

struct GuardLimits {
  std::uint64_t max_body_bytes = 10u << 20;
  std::size_t max_head_bytes = 64u << 10;  // request line and header fields together
  std::size_t max_header_count = 100;
};

struct GuardRefusal {
  int status = 400;
  std::string code;     // the API error code: body_too_large, headers_too_large, ...
  std::string message;
};

class RequestGuard {
 public:
  explicit RequestGuard(GuardLimits limits = {});

  // The next bytes received on the connection. A refusal means: answer it
  // and close; the refused request's bytes must not be handed on. Once a
  // refusal is returned, every later call returns it again.
  std::optional<GuardRefusal> feed(std::string_view bytes);

 private:
  enum class State { head, body, chunk_size, chunk_data, chunk_data_end, trailer, refused };

  std::optional<GuardRefusal> refuse(int status, std::string code, std::string message);
  std::optional<GuardRefusal> end_of_head();
  std::optional<GuardRefusal> head_line(std::string_view line);
  std::optional<GuardRefusal> chunk_size_line(std::string_view line);

  GuardLimits limits_;
  State state_ = State::head;
  std::string line_;               // the line being read (head, chunk size, trailer)
  std::size_t head_bytes_ = 0;
  std::size_t header_count_ = 0;
  bool request_line_seen_ = false;
  std::optional<std::uint64_t> content_length_;
  bool chunked_ = false;
  std::uint64_t remaining_ = 0;    // body or chunk bytes still to come
  std::uint64_t body_bytes_ = 0;   // chunked: total so far
  GuardRefusal refusal_;
};

// The whole HTTP/1.1 response for a refusal: the error envelope, a
// Request-Id, Connection: close.
std::string refusal_response(const GuardRefusal& refusal);

}  // namespace s2d::http
