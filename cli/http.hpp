#pragma once
// The client's HTTP over libcurl: one kept-alive connection reused by every
// call of the command, bodies streamed to a callback (event streams) or to a
// file (downloads). The server is the one the user names, so there is no
// egress guard here (net/http_client.hpp guards the server's own outbound
// calls and caps their bodies, which streams and downloads cannot have).

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s2d::cli {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
  long timeout_ms = 120'000;  // the whole exchange; 0: none (streams, which end on idle instead)
  long idle_timeout_s = 0;    // a stream receiving nothing for this long is dropped; 0: no bound
};

struct HttpResponse {
  long status = 0;             // 0: no response (network_error says why)
  Headers headers;             // names lower-cased
  std::string body;            // the body, unless it went to a callback or a file
  std::string network_error;   // "" when a response came
  double seconds = 0;          // the exchange's duration

  bool reached() const { return network_error.empty(); }
  bool success() const { return reached() && status >= 200 && status < 300; }
  // The first header of that (lower-case) name, or nullptr.
  const std::string* header(std::string_view name) const;
};

class Http {
 public:
  Http();
  ~Http();
  Http(const Http&) = delete;
  Http& operator=(const Http&) = delete;

  HttpResponse send(const HttpRequest& request);
  // A 2xx body goes to on_chunk as it arrives (false stops the transfer);
  // any other status keeps its body in the response, for its error.
  HttpResponse stream(const HttpRequest& request, const std::function<bool(std::string_view)>& on_chunk);
  // A 2xx body is written to `path + ".part"`, renamed to `path` when complete,
  // its SHA-256 (hex) in *sha256_hex. A partial file never takes the name.
  HttpResponse download(const HttpRequest& request, const std::string& path, std::string* sha256_hex);

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;
};

}  // namespace s2d::cli
