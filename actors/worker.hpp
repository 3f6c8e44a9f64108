#pragma once
// A worker node (`s2d worker`): render slots on this machine, joined to a
// coordinator over CAF's network layer. CAF-free interface for app/.

#include <cstdint>
#include <memory>
#include <string>

namespace s2d {

struct WorkerOptions {
  std::string host;  // the coordinator's cluster.listen
  std::uint16_t port = 0;
  std::string token;
  std::string name;
  int slots = 1;
  std::size_t max_memory_mb = 0;
  std::size_t max_result_bytes = std::size_t(1) << 32;
  std::uint32_t wire_version = 0;  // 0: this build's
};

class Worker {
 public:
  explicit Worker(WorkerOptions options);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Starts the slots and connects; joining (and rejoining after the
  // coordinator restarts, with backoff) goes on in the background.
  void start();
  // Set when the coordinator refused this node (token, wire version): it
  // would be refused again, so the worker stops.
  bool refused() const;
  // Takes no new renders, finishes those in flight, leaves. Blocks.
  void drain();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s2d
