#include "datasources/source_gate.hpp"

#include <algorithm>
#include <utility>

namespace s2d::datasources {

SourceGate::Permit::Permit(SourceGate* gate, std::string source_id)
    : gate_(gate), source_id_(std::move(source_id)) {}

SourceGate::Permit::Permit(Permit&& other) noexcept
    : gate_(std::exchange(other.gate_, nullptr)), source_id_(std::move(other.source_id_)) {}

SourceGate::Permit::~Permit() {
  if (gate_) gate_->release(source_id_);
}

SourceGate::Permit SourceGate::acquire(const std::string& source_id, int limit) {
  std::size_t bound = static_cast<std::size_t>(std::max(limit, 1));
  std::unique_lock<std::mutex> lock(mutex_);
  Slot& slot = slots_[source_id];  // std::map: the reference survives other inserts
  ++slot.waiting;
  released_.wait(lock, [&] { return slot.running < bound; });
  --slot.waiting;
  ++slot.running;
  return Permit(this, source_id);
}

void SourceGate::release(const std::string& source_id) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = slots_.find(source_id);
    if (--it->second.running == 0 && it->second.waiting == 0) slots_.erase(it);
  }
  // One condition variable for all sources: waking everyone is simple and
  // the waiters of other sources just re-check and sleep again.
  released_.notify_all();
}

std::size_t SourceGate::running(const std::string& source_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = slots_.find(source_id);
  return it == slots_.end() ? 0 : it->second.running;
}

std::size_t SourceGate::waiting(const std::string& source_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = slots_.find(source_id);
  return it == slots_.end() ? 0 : it->second.waiting;
}

SourceGate& SourceGate::process_wide() {
  static SourceGate gate;
  return gate;
}

}  // namespace s2d::datasources
