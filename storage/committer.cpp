#include "storage/committer.hpp"

namespace s2d::storage {

Committer::Committer(Db& db) : db_(db), thread_([this] { run(); }) {}

Committer::~Committer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Committer::submit(Batch batch, Done done, bool sync) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back({std::move(batch), std::move(done), sync});
  }
  wake_.notify_one();
}

bool Committer::commit_now(const Batch& batch, std::string* error) {
  return db_.write(batch, /*sync=*/true, error);
}

void Committer::run() {
  for (;;) {
    std::deque<Pending> taken;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      taken.swap(queue_);
    }
    Batch merged;
    bool sync = false;
    for (auto& pending : taken) {
      merged.append(std::move(pending.batch));
      sync = sync || pending.sync;
    }
    std::string error;
    bool ok = db_.write(merged, sync, &error);
    for (auto& pending : taken)
      if (pending.done) pending.done(ok, error);
  }
}

}  // namespace s2d::storage
