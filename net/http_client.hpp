#pragma once
// Blocking outbound HTTP(S) through libcurl, behind the egress guard.
//
// Every call: the URL must be absolute http(s) without user:password; the
// host is resolved and every address checked (net/egress.hpp); the
// connection goes only to those checked addresses (pinned with
// CURLOPT_RESOLVE and verified again when the socket opens, so a DNS answer
// that changes between check and connect cannot redirect it). Redirects are
// never followed: a 3xx comes back as it is. The body kept is capped. No
// proxy from the environment is used. Errors are values, never exceptions.

#include "net/egress.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s2d::net {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";  // GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS
  std::string url;
  // Sent as given. Host, Content-Length and Transfer-Encoding are curl's to
  // set and are refused here. A body without Content-Type is sent by curl as
  // application/x-www-form-urlencoded: set it.
  HeaderList headers;
  std::string body;
  std::chrono::milliseconds timeout{15000};          // the whole call, DNS included
  std::chrono::milliseconds connect_timeout{5000};   // DNS lookup, and TCP + TLS connect
  std::size_t max_response_bytes = 64 * 1024;        // body bytes kept; beyond: truncated
  std::string user_agent;                            // empty: user_agent("s2d")
};

struct HttpResponse {
  // The HTTP status, 0 when error is set (no complete response head came).
  int status = 0;
  HeaderList headers;  // names lower-cased, in the order received
  std::string body;    // at most max_response_bytes
  // The body was longer than max_response_bytes: the rest was not read and
  // the connection was closed. Status and headers are complete.
  bool truncated = false;
  std::chrono::milliseconds latency{0};  // from send() to the end, DNS included
  // Retry-After of the response, as a delay from now (see parse_retry_after).
  std::optional<std::chrono::seconds> retry_after;
  std::string connected_ip;  // the checked address the connection went to
  NetError error = NetError::none;
  std::string error_message;  // for people and logs; error_code() is for code

  bool ok() const { return error == NetError::none; }
  std::string_view error_code() const { return to_string(error); }
  // The first header of that name (any case), or nullptr.
  const std::string* header(std::string_view name) const;
};

class HttpClient {
 public:
  explicit HttpClient(EgressPolicy policy);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Blocks until the exchange ends or times out. Thread-safe: many threads
  // may send at once. Idle connections are kept per origin (scheme, host,
  // port) and reused by later calls to that origin from any thread.
  HttpResponse send(const HttpRequest& request);

  const EgressPolicy& policy() const { return policy_; }

 private:
  class HandlePool;
  EgressPolicy policy_;
  std::unique_ptr<HandlePool> pool_;
};

// A Retry-After value as a delay: delta-seconds ("120") or an HTTP-date
// (IMF-fixdate, RFC 850 or asctime form), a date in the past giving 0.
// nullopt for anything else.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

// The checks a URL passes before it is stored, without DNS: what send()
// would refuse before connecting (absolute http or https, a host, no
// user:password, no IPv6 zone id) and, given a policy, a host that is an
// address literal the policy refuses. "" when it may be stored, else why not.
std::string check_url(const std::string& url, const EgressPolicy* policy);

// "<product>/<s2d version>", e.g. user_agent("s2d-webhooks") == "s2d-webhooks/0.1.0".
std::string user_agent(std::string_view product);

}  // namespace s2d::net
