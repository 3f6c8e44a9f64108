#pragma once
// Group commit: callers hand over batches, one thread merges whatever has
// queued up into a single synced RocksDB write, then tells every caller.
// One fsync covers many accepted requests, so durability costs little
// throughput (STACK-NOTES: 32 records per synced batch ~148k records/s).

#include "storage/db.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace s2d::storage {

class Committer {
 public:
  using Done = std::function<void(bool ok, const std::string& error)>;

  explicit Committer(Db& db);
  ~Committer();  // commits what is queued, then stops
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  // `done` runs on the committer thread after the batch is written (or failed).
  // sync = false skips the fsync when no synced batch shares the write: the
  // batch is still in the WAL, so it survives a crash of the process (not of
  // the machine). Batches are applied in submission order either way.
  void submit(Batch batch, Done done, bool sync = true);

  // Commits synchronously on the caller's thread, for start-up and tools.
  bool commit_now(const Batch& batch, std::string* error);

 private:
  struct Pending {
    Batch batch;
    Done done;
    bool sync;
  };
  void run();

  Db& db_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace s2d::storage
