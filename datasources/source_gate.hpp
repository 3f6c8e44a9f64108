#pragma once
// Bounded concurrency per data source: at most N fetches of one source id
// run at once, so a burst of generations cannot open hundreds of
// connections to one customer database. Callers past the bound block until
// a running fetch ends (every fetch is itself bounded by its timeout).

#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace s2d::datasources {

class SourceGate {
 public:
  // Held for the duration of one fetch; releases its slot when destroyed.
  class Permit {
   public:
    Permit(Permit&& other) noexcept;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    Permit& operator=(Permit&&) = delete;
    ~Permit();

   private:
    friend class SourceGate;
    Permit(SourceGate* gate, std::string source_id);

    SourceGate* gate_;
    std::string source_id_;
  };

  // Blocks until fewer than `limit` (at least 1) permits of `source_id` are held.
  Permit acquire(const std::string& source_id, int limit);

  // Permits of `source_id` held now, and callers waiting for one.
  std::size_t running(const std::string& source_id) const;
  std::size_t waiting(const std::string& source_id) const;

  // The gate `fetch` and `test_source` use.
  static SourceGate& process_wide();

 private:
  struct Slot {
    std::size_t running = 0;
    std::size_t waiting = 0;
  };

  void release(const std::string& source_id);

  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::map<std::string, Slot> slots_;  // only sources with running or waiting fetches
};

}  // namespace s2d::datasources
