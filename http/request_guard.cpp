#include "http/request_guard.hpp"

#include "core/api_error.hpp"
#include "core/ids.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

namespace s2d::http {
namespace {

// The methods RESTinio's parser (nodejs http-parser) knows; any other token
// makes it drop the connection.
bool known_method(std::string_view method) {
  static constexpr std::array<std::string_view, 34> kMethods = {
      "DELETE", "GET", "HEAD", "POST", "PUT", "CONNECT", "OPTIONS", "TRACE", "COPY", "LOCK", "MKCOL",
      "MOVE", "PROPFIND", "PROPPATCH", "SEARCH", "UNLOCK", "BIND", "REBIND", "UNBIND", "ACL", "REPORT",
      "MKACTIVITY", "CHECKOUT", "MERGE", "M-SEARCH", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "PATCH", "PURGE",
      "MKCALENDAR", "LINK", "UNLINK", "SOURCE"};
  return std::find(kMethods.begin(), kMethods.end(), method) != kMethods.end();
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool ends_with_chunked(std::string_view value) {
  constexpr std::string_view kChunked = "chunked";
  value = trim(value);
  return value.size() >= kChunked.size() && equals_ignoring_case(value.substr(value.size() - kChunked.size()), kChunked);
}

// Digits in `base` -> value; nullopt when there are none or another
// character follows; *overflow when the value does not fit 64 bits.
std::optional<std::uint64_t> parse_unsigned(std::string_view digits, int base, bool* overflow) {
  if (digits.empty()) return std::nullopt;
  std::uint64_t value = 0;
  *overflow = false;
  for (char c : digits) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return std::nullopt;
    if (value > (std::numeric_limits<std::uint64_t>::max() - std::uint64_t(digit)) / std::uint64_t(base)) *overflow = true;
    else value = value * std::uint64_t(base) + std::uint64_t(digit);
  }
  return value;
}

constexpr std::size_t kMaxChunkLine = 4096;  // size, extensions and CRLF

}  // namespace

RequestGuard::RequestGuard(GuardLimits limits) : limits_(limits) {}

std::optional<GuardRefusal> RequestGuard::refuse(int status, std::string code, std::string message) {
  state_ = State::refused;
  refusal_ = {status, std::move(code), std::move(message)};
  return refusal_;
}

std::optional<GuardRefusal> RequestGuard::feed(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    switch (state_) {
      case State::refused:
        return refusal_;
      case State::body:
      case State::chunk_data: {
        const auto take = std::size_t(std::min<std::uint64_t>(remaining_, bytes.size() - i));
        remaining_ -= take;
        i += take;
        if (remaining_ == 0) state_ = state_ == State::body ? State::head : State::chunk_data_end;
        if (state_ == State::head) *this = RequestGuard(limits_);
        break;
      }
      case State::head:
      case State::trailer:
      case State::chunk_size:
      case State::chunk_data_end: {
        const char c = bytes[i++];
        if (state_ == State::head && !request_line_seen_ && line_.empty() && c == '\x16')
          return refuse(400, "request_malformed", "This port speaks plain HTTP/1.1, not TLS.");
        if (state_ == State::head || state_ == State::trailer) {
          if (++head_bytes_ > limits_.max_head_bytes)
            return refuse(431, "headers_too_large",
                          "The request line and headers exceed " + std::to_string(limits_.max_head_bytes) + " bytes.");
        } else if (line_.size() >= kMaxChunkLine) {
          return refuse(400, "request_malformed", "The chunked body has a chunk header line that is too long.");
        }
        if (c != '\n') {
          line_ += c;
          break;
        }
        if (!line_.empty() && line_.back() == '\r') line_.pop_back();
        const std::string line = std::move(line_);
        line_.clear();
        std::optional<GuardRefusal> refusal;
        if (state_ == State::head) {
          refusal = line.empty() ? (request_line_seen_ ? end_of_head() : std::nullopt) : head_line(line);
        } else if (state_ == State::chunk_size) {
          refusal = chunk_size_line(line);
        } else if (state_ == State::chunk_data_end) {
          if (!line.empty()) return refuse(400, "request_malformed", "A chunk of the chunked body is longer than its size says.");
          state_ = State::chunk_size;
        } else if (line.empty()) {  // the end of the trailer section: the message is complete
          *this = RequestGuard(limits_);
        }
        if (refusal) return refusal;
        break;
      }
    }
  }
  return state_ == State::refused ? std::optional<GuardRefusal>(refusal_) : std::nullopt;
}

std::optional<GuardRefusal> RequestGuard::head_line(std::string_view line) {
  if (!request_line_seen_) {
    request_line_seen_ = true;
    const auto first_space = line.find(' ');
    const auto last_space = line.rfind(' ');
    const auto method = line.substr(0, first_space);
    if (first_space == std::string_view::npos || first_space == last_space)
      return refuse(400, "request_malformed", "The request line is not 'METHOD /path HTTP/1.1'.");
    if (!known_method(method))
      return refuse(501, "method_not_implemented", "The method '" + std::string(method.substr(0, 32)) + "' is not implemented.");
    const auto version = line.substr(last_space + 1);
    if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || !std::isdigit(static_cast<unsigned char>(version[5])) ||
        version[6] != '.' || !std::isdigit(static_cast<unsigned char>(version[7])))
      return refuse(400, "request_malformed", "The request line does not end with an HTTP version.");
    return std::nullopt;
  }
  if (line.front() == ' ' || line.front() == '\t') return std::nullopt;  // a folded continuation line
  if (++header_count_ > limits_.max_header_count)
    return refuse(431, "headers_too_large", "The request has more than " + std::to_string(limits_.max_header_count) + " header fields.");
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return refuse(400, "request_malformed", "A header line has no field name and colon.");
  const auto name = line.substr(0, colon);
  const auto value = trim(line.substr(colon + 1));
  if (equals_ignoring_case(name, "Content-Length")) {
    bool overflow = false;
    const auto length = parse_unsigned(value, 10, &overflow);
    if (!length) return refuse(400, "request_malformed", "Content-Length is not a number.");
    if (overflow || *length > limits_.max_body_bytes)
      return refuse(413, "body_too_large", "The request body exceeds the limit of " + std::to_string(limits_.max_body_bytes) + " bytes.");
    if (content_length_ && *content_length_ != *length)
      return refuse(400, "request_malformed", "The request has two different Content-Length fields.");
    content_length_ = *length;
  } else if (equals_ignoring_case(name, "Transfer-Encoding")) {
    chunked_ = ends_with_chunked(value);
  }
  return std::nullopt;
}

std::optional<GuardRefusal> RequestGuard::end_of_head() {
  if (chunked_ && content_length_)
    return refuse(400, "request_malformed", "The request has both Content-Length and chunked Transfer-Encoding.");
  if (chunked_) {
    state_ = State::chunk_size;
  } else if (content_length_.value_or(0) > 0) {
    state_ = State::body;
    remaining_ = *content_length_;
  } else {
    *this = RequestGuard(limits_);
  }
  return std::nullopt;
}

std::optional<GuardRefusal> RequestGuard::chunk_size_line(std::string_view line) {
  auto end = line.find_first_of("; \t");
  bool overflow = false;
  const auto size = parse_unsigned(line.substr(0, end), 16, &overflow);
  if (!size) return refuse(400, "request_malformed", "The chunked body has a malformed chunk size.");
  if (overflow || *size > limits_.max_body_bytes - std::min(body_bytes_, limits_.max_body_bytes))
    return refuse(413, "body_too_large", "The request body exceeds the limit of " + std::to_string(limits_.max_body_bytes) + " bytes.");
  body_bytes_ += *size;
  if (*size == 0) {
    state_ = State::trailer;
    head_bytes_ = 0;
  } else {
    state_ = State::chunk_data;
    remaining_ = *size;
  }
  return std::nullopt;
}

std::string refusal_response(const GuardRefusal& refusal) {
  ApiError error;
  error.status = refusal.status;
  error.type = refusal.status >= 500 ? "api_error" : "invalid_request_error";
  error.code = refusal.code;
  error.message = refusal.message;
  const auto request_id = ids::make("req");
  const auto body = error_envelope(error, request_id).dump();
  const char* reason = refusal.status == 413 ? "Payload Too Large"
                       : refusal.status == 431 ? "Request Header Fields Too Large"
                       : refusal.status == 501 ? "Not Implemented"
                                               : "Bad Request";
  return "HTTP/1.1 " + std::to_string(refusal.status) + " " + reason +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nRequest-Id: " + request_id + "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace s2d::http
