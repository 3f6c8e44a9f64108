#include "tests/net/loopback_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <stdexcept>

namespace s2d::net::testing {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data.remove_prefix(std::size_t(sent));
  }
  return true;
}

// Reads until buffer holds at least `size` bytes; false when the peer is gone.
bool read_at_least(int fd, std::string& buffer, std::size_t size) {
  char chunk[16384];
  while (buffer.size() < size) {
    ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) return false;
    buffer.append(chunk, std::size_t(got));
  }
  return true;
}

bool read_head(int fd, std::string& buffer, std::size_t* head_end) {
  char chunk[16384];
  while ((*head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) return false;
    buffer.append(chunk, std::size_t(got));
  }
  return true;
}

ReceivedRequest parse_head(std::string_view head, int connection) {
  ReceivedRequest request;
  request.connection = connection;
  std::size_t line_end = head.find("\r\n");
  std::string_view request_line = head.substr(0, line_end);
  std::size_t first_space = request_line.find(' ');
  std::size_t second_space = request_line.find(' ', first_space + 1);
  request.method = std::string(request_line.substr(0, first_space));
  request.target = std::string(request_line.substr(first_space + 1, second_space - first_space - 1));
  while (line_end != std::string_view::npos) {
    std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line = head.substr(start, line_end - start);
    std::size_t colon = line.find(':');
    if (colon != std::string_view::npos)
      request.headers.emplace_back(lower(line.substr(0, colon)), std::string(trim(line.substr(colon + 1))));
  }
  return request;
}

}  // namespace

const std::string* ReceivedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == lower(name)) return &value;
  return nullptr;
}

std::string http_response(int status, std::string_view body, const HeaderList& extra_headers) {
  std::string reason = status == 200 ? "OK" : status == 302 ? "Found" : "Status";
  std::string raw = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  for (const auto& [name, value] : extra_headers) raw += name + ": " + value + "\r\n";
  raw += "\r\n";
  raw += body;
  return raw;
}

LoopbackServer::LoopbackServer(const std::string& bind_address, Handler handler, int port)
    : bind_address_(bind_address), handler_(std::move(handler)) {
  bool v6 = bind_address.find(':') != std::string::npos;
  listen_fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket() failed");
  sockaddr_storage storage{};
  socklen_t length = 0;
  if (v6) {
    auto* address = reinterpret_cast<sockaddr_in6*>(&storage);
    address->sin6_family = AF_INET6;
    address->sin6_port = htons(std::uint16_t(port));
    inet_pton(AF_INET6, bind_address.c_str(), &address->sin6_addr);
    length = sizeof(sockaddr_in6);
  } else {
    auto* address = reinterpret_cast<sockaddr_in*>(&storage);
    address->sin_family = AF_INET;
    address->sin_port = htons(std::uint16_t(port));
    inet_pton(AF_INET, bind_address.c_str(), &address->sin_addr);
    length = sizeof(sockaddr_in);
  }
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&storage), length) != 0 || ::listen(listen_fd_, 64) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("cannot listen on " + bind_address);
  }
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&storage), &length);
  port_ = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port
                   : reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

LoopbackServer::~LoopbackServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  // shutdown() wakes the threads blocked in accept() and recv().
  ::shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (std::thread& worker : workers_) worker.join();
  ::close(listen_fd_);
}

void LoopbackServer::greet_and_close(std::string bytes) {
  std::lock_guard lock(mutex_);
  greeting_ = std::move(bytes);
}

std::string LoopbackServer::url(std::string_view path) const {
  bool v6 = bind_address_.find(':') != std::string::npos;
  std::string host = v6 ? "[" + bind_address_ + "]" : bind_address_;
  return "http://" + host + ":" + std::to_string(port_) + std::string(path);
}

std::vector<ReceivedRequest> LoopbackServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void LoopbackServer::accept_loop() {
  while (!stopping_) {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (stopping_) return;
      continue;
    }
    int connection = ++connections_;
    std::lock_guard lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    open_fds_.push_back(fd);
    workers_.emplace_back([this, fd, connection] { serve(fd, connection); });
  }
}

bool LoopbackServer::wait_unless_stopped(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  return !stop_signal_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

void LoopbackServer::serve(int fd, int connection) {
  std::string greeting;
  {
    std::lock_guard lock(mutex_);
    greeting = greeting_;
  }
  if (!greeting.empty()) {
    // Answer the client's first bytes, then drain until it hangs up, so it
    // reads the greeting rather than a connection reset.
    std::string first;
    if (read_at_least(fd, first, 1) && send_all(fd, greeting)) {
      ::shutdown(fd, SHUT_WR);
      char sink[4096];
      while (::recv(fd, sink, sizeof sink, 0) > 0) {
      }
    }
  } else {
    std::string buffer;
    std::size_t head_end = 0;
    while (!stopping_ && read_head(fd, buffer, &head_end)) {
      ReceivedRequest request = parse_head(std::string_view(buffer).substr(0, head_end), connection);
      const std::string* length_header = request.header("content-length");
      std::size_t body_length = length_header ? std::stoul(*length_header) : 0;
      if (!read_at_least(fd, buffer, head_end + 4 + body_length)) break;
      request.body = buffer.substr(head_end + 4, body_length);
      buffer.erase(0, head_end + 4 + body_length);
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
      }
      Reply reply = handler_(request);
      if (reply.delay.count() > 0 && !wait_unless_stopped(reply.delay)) break;
      if (!send_all(fd, reply.raw)) break;
    }
  }
  std::lock_guard lock(mutex_);
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
}

int unused_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), length);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace s2d::net::testing
