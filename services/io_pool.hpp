#pragma once
// A small pool of plain threads for blocking work (file writes with fsync,
// data-source queries, large reads) so CAF's cooperative scheduler threads
// never block. Tasks report back by sending a message to an actor.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace s2d {

class IoPool {
 public:
  explicit IoPool(int threads);
  ~IoPool();  // runs what is queued, then joins
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;

  void post(std::function<void()> task);

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace s2d
