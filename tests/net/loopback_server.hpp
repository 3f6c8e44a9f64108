#pragma once
// A small HTTP/1.1 server for the net tests, bound to a loopback address on
// a free port. It records every connection and request it gets, so a test
// can assert that a refused call never reached it. Keep-alive: a connection
// serves requests until the client closes it or the server stops.

#include "net/http_client.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace s2d::net::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;  // "/path?query"
  HeaderList headers;  // names lower-cased
  std::string body;
  int connection = 0;  // 1-based number of the connection it came on

  const std::string* header(std::string_view name) const;
};

struct Reply {
  std::string raw;  // the bytes to write, status line included
  std::chrono::milliseconds delay{0};
};

// "HTTP/1.1 <status> <reason>" with Content-Length, the extra headers and body.
std::string http_response(int status, std::string_view body, const HeaderList& extra_headers = {});

class LoopbackServer {
 public:
  using Handler = std::function<Reply(const ReceivedRequest&)>;

  // bind_address: a loopback address such as "127.0.0.1" or "::1"; port 0
  // picks a free one. Throws std::runtime_error when it cannot listen.
  LoopbackServer(const std::string& bind_address, Handler handler, int port = 0);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  // Instead of reading requests, write these bytes to each new connection
  // and close it (to play a server that speaks something else).
  void greet_and_close(std::string bytes);

  int port() const { return port_; }
  // "http://127.0.0.1:<port><path>" or "http://[::1]:<port><path>".
  std::string url(std::string_view path = "/") const;
  int connections_accepted() const { return connections_.load(); }
  std::vector<ReceivedRequest> requests() const;

 private:
  void accept_loop();
  void serve(int fd, int connection);
  bool wait_unless_stopped(std::chrono::milliseconds delay);

  std::string bind_address_;
  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> connections_{0};
  std::atomic<bool> stopping_{false};

  mutable std::mutex mutex_;
  std::condition_variable stop_signal_;
  std::string greeting_;
  std::vector<ReceivedRequest> requests_;
  std::vector<int> open_fds_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

// A port on which nothing listens (bound once, then closed).
int unused_loopback_port();

}  // namespace s2d::net::testing
