#include "services/stream_slots.hpp"

namespace s2d {

std::unique_ptr<StreamSlots::Lease> StreamSlots::acquire(const std::string& workspace_id, int limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& count = open_[workspace_id];
  if (count >= limit) return nullptr;
  ++count;
  return std::make_unique<Lease>(*this, workspace_id);
}

void StreamSlots::release(const std::string& workspace_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = open_.find(workspace_id);
  if (it == open_.end()) return;
  if (--it->second <= 0) open_.erase(it);
}

}  // namespace s2d
