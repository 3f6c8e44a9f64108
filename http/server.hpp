#pragma once
// The HTTP server (RESTinio). Only http/server.cpp includes RESTinio.

#include "actors/engine.hpp"

#include <memory>
#include <string>

namespace s2d::http {

class Server {
 public:
  explicit Server(Engine& engine);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O threads; false + *error when the port can't be bound.
  bool start(std::string* error);
  // Stops accepting and closes connections; safe to call twice.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s2d::http
