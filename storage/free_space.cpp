#include "storage/free_space.hpp"

#include <sys/statvfs.h>

#include <chrono>

namespace s2d::storage {
namespace {

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

constexpr std::int64_t kRecheckMs = 1000;

}  // namespace

FreeSpaceFloor::FreeSpaceFloor(std::string directory, std::uint64_t min_free_mb)
    : directory_(std::move(directory)), min_free_bytes_(min_free_mb << 20) {
  measure();
  checked_at_ms_.store(steady_ms());
}

void FreeSpaceFloor::measure() {
  struct statvfs stats {};
  // f_bavail: the blocks an unprivileged writer may still use.
  free_bytes_.store(statvfs(directory_.c_str(), &stats) == 0 ? std::uint64_t(stats.f_bavail) * stats.f_frsize : 0);
}

// One caller at a time measures again, at most once a second; the others
// read the last measurement.
void FreeSpaceFloor::refresh() {
  const auto now = steady_ms();
  auto last = checked_at_ms_.load(std::memory_order_relaxed);
  if (now - last < kRecheckMs || !checked_at_ms_.compare_exchange_strong(last, now)) return;
  measure();
}

std::uint64_t FreeSpaceFloor::free_bytes() {
  refresh();
  return free_bytes_.load(std::memory_order_relaxed);
}

bool FreeSpaceFloor::below() { return min_free_bytes_ > 0 && free_bytes() < min_free_bytes_; }

}  // namespace s2d::storage
