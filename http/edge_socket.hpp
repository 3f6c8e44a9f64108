#pragma once
// The server's stream socket type (RESTinio's traits Socket): a TCP socket
// whose reads pass through the RequestGuard before RESTinio's parser sees
// them. When the guard refuses a request, the socket itself writes the
// refusal (an error envelope with a Request-Id), shuts its sending side,
// reads and drops at most kDrainBytes more, and if the client is still
// sending after that, waits kLinger without reading (closing a socket with
// unread input sends a reset, which can destroy the answer before the
// client reads it). Only then does it report end of stream to RESTinio,
// which closes the connection. Included by server.cpp only.

#include "http/request_guard.hpp"

#include <restinio/asio_include.hpp>
#include <restinio/tls_fwd.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace s2d::http {

// Set once before the server starts; every accepted connection copies it.
GuardLimits& edge_guard_limits();

class EdgeSocket {
 public:
  using socket_t = restinio::asio_ns::ip::tcp::socket;
  using executor_type = socket_t::executor_type;
  using error_code = restinio::asio_ns::error_code;

  static constexpr std::size_t kDrainBytes = 256u << 10;
  static constexpr std::chrono::milliseconds kLinger{2000};

  explicit EdgeSocket(restinio::asio_ns::io_context& io) : socket_(io), guard_(edge_guard_limits()) {}
  EdgeSocket(EdgeSocket&& other) noexcept
      : socket_(std::move(other.socket_)), guard_(std::move(other.guard_)) {
    other.guard_ = RequestGuard(edge_guard_limits());
  }
  EdgeSocket& operator=(EdgeSocket&& other) noexcept {
    socket_ = std::move(other.socket_);
    guard_ = std::move(other.guard_);
    other.guard_ = RequestGuard(edge_guard_limits());
    return *this;
  }

  socket_t& lowest_layer() { return socket_; }
  const socket_t& lowest_layer() const { return socket_; }
  executor_type get_executor() { return socket_.get_executor(); }
  auto remote_endpoint() const { return socket_.remote_endpoint(); }
  bool is_open() const { return socket_.is_open(); }

  template <class... Args>
  void cancel(Args&&... args) { socket_.cancel(std::forward<Args>(args)...); }
  template <class... Args>
  void shutdown(Args&&... args) { socket_.shutdown(std::forward<Args>(args)...); }
  template <class... Args>
  void close(Args&&... args) { socket_.close(std::forward<Args>(args)...); }

  template <class Buffers, class Handler>
  auto async_write_some(const Buffers& buffers, Handler&& handler) {
    return socket_.async_write_some(buffers, std::forward<Handler>(handler));
  }

  // The completion keeps the handler's executor (RESTinio's strand).
  template <class Handler>
  void async_read_some(restinio::asio_ns::mutable_buffer buffer, Handler&& handler) {
    auto executor = restinio::asio_ns::get_associated_executor(handler, socket_.get_executor());
    socket_.async_read_some(
        buffer, restinio::asio_ns::bind_executor(
                    executor, [this, buffer, handler = std::forward<Handler>(handler)](const error_code& ec,
                                                                                       std::size_t length) mutable {
                      if (ec) return handler(ec, length);
                      auto refusal = guard_.feed(std::string_view(static_cast<const char*>(buffer.data()), length));
                      if (!refusal) return handler(ec, length);
                      answer(*refusal, std::move(handler));
                    }));
  }

 private:
  template <class Handler>
  void answer(const GuardRefusal& refusal, Handler handler) {
    auto executor = restinio::asio_ns::get_associated_executor(handler, socket_.get_executor());
    auto response = std::make_shared<std::string>(refusal_response(refusal));
    restinio::asio_ns::async_write(
        socket_, restinio::asio_ns::buffer(*response),
        restinio::asio_ns::bind_executor(executor, [this, response, handler = std::move(handler)](
                                                       const error_code&, std::size_t) mutable {
          error_code ignored;
          socket_.shutdown(socket_t::shutdown_send, ignored);
          drain(std::make_shared<std::array<char, 16384>>(), kDrainBytes, std::move(handler));
        }));
  }

  template <class Handler>
  void drain(std::shared_ptr<std::array<char, 16384>> scratch, std::size_t budget, Handler handler) {
    auto executor = restinio::asio_ns::get_associated_executor(handler, socket_.get_executor());
    socket_.async_read_some(
        restinio::asio_ns::buffer(*scratch),
        restinio::asio_ns::bind_executor(executor, [this, scratch, budget, handler = std::move(handler)](
                                                       const error_code& ec, std::size_t length) mutable {
          if (ec == restinio::asio_ns::error::operation_aborted) return handler(ec, 0);
          if (ec) return handler(restinio::asio_ns::error::eof, 0);
          if (length >= budget) return linger(std::move(handler));
          drain(std::move(scratch), budget - length, std::move(handler));
        }));
  }

  template <class Handler>
  void linger(Handler handler) {
    auto executor = restinio::asio_ns::get_associated_executor(handler, socket_.get_executor());
    auto timer = std::make_shared<restinio::asio_ns::steady_timer>(socket_.get_executor(), kLinger);
    timer->async_wait(restinio::asio_ns::bind_executor(
        executor, [timer, handler = std::move(handler)](const error_code&) mutable {
          handler(restinio::asio_ns::error::eof, 0);
        }));
  }

  socket_t socket_;
  RequestGuard guard_;
};

// RESTinio finds these two by argument-dependent lookup for its socket
// type; a plain TCP connection needs no preparation and has no TLS state.
template <typename Connection, typename StartRead, typename Failed>
void prepare_connection_and_start_read(EdgeSocket&, Connection&, StartRead start_read, Failed) {
  start_read();
}

inline restinio::impl::tls_socket_t* make_tls_socket_pointer_for_state_listener(EdgeSocket&) noexcept {
  return nullptr;
}

}  // namespace s2d::http
