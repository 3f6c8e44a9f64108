#pragma once
// The s2d API as the client calls it: the connection settings (environment,
// overridden by flags), authenticated JSON calls with the retries that
// idempotency makes safe, event streams and file downloads; and the exit
// codes every client command shares (docs/cli.md).

#include "cli/http.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace s2d::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailed = 1,    // a generation or a batch item failed (or was canceled)
  kExitUsage = 2,     // bad flags, a missing setting, an unreadable input file
  kExitApi = 3,       // the server answered with an error
  kExitNetwork = 4,   // the server could not be reached, or the connection broke
  kExitLocal = 5,     // an output file could not be written
};

struct Connection {
  std::string base_url;      // S2D_BASE_URL, default http://127.0.0.1:8080
  std::string api_key;       // S2D_API_KEY
  std::string workspace_id;  // S2D_WORKSPACE_ID
  std::string operator_token;  // S2D_OPERATOR_TOKEN: operator routes use it instead of the key
};

// Fills what the flags left empty from the environment (and the default URL).
void fill_from_environment(Connection* connection);

struct ApiReply {
  HttpResponse http;
  nlohmann::json body;  // the parsed JSON body, null when there was none or it was not JSON

  bool ok() const { return http.success(); }
  // The envelope's error code ("" when the reply is not an error envelope).
  std::string error_code() const;
};

class Api {
 public:
  explicit Api(Connection connection) : connection_(std::move(connection)) {}

  const Connection& connection() const { return connection_; }

  // A JSON call to `path` (under the base URL). GETs, and POSTs with an
  // Idempotency-Key, are sent again on a network error, 409
  // idempotency_key_in_use, 429 and 502/503/504 (after Retry-After, or a
  // growing pause), up to a bound: the key makes a repeat harmless.
  ApiReply call(const std::string& method, const std::string& path, const nlohmann::json* body = nullptr,
                const std::string& idempotency_key = "");
  // A call whose body is not JSON (a CSV or JSON upload given as text).
  ApiReply call_raw(const std::string& method, const std::string& path, const std::string& content_type,
                    const std::string& body, const std::string& idempotency_key);
  // An operator route: Authorization carries the operator token.
  ApiReply call_operator(const std::string& path);
  // GET `path` as text/event-stream; 2xx bytes go to on_chunk.
  HttpResponse stream(const std::string& path, const std::string& last_event_id,
                      const std::function<bool(std::string_view)>& on_chunk);
  // A signed output URL, without credentials (the signature is the credential).
  HttpResponse download(const std::string& url, const std::string& path, std::string* sha256_hex);
  // Any URL (listen's local receiver).
  HttpResponse send(const HttpRequest& request) { return http_.send(request); }

 private:
  Headers auth_headers() const;
  ApiReply exchange(HttpRequest request, bool may_repeat);

  Connection connection_;
  Http http_;
};

// Says on stderr why a call failed ("s2d <command>: ..." with the envelope's
// code, message and request id) and returns the exit code for it.
int report_failure(std::string_view command, const ApiReply& reply);
int report_failure(std::string_view command, const HttpResponse& response);

// Percent-encodes a query parameter value.
std::string url_encode(std::string_view text);

}  // namespace s2d::cli
