#include "http/auth_failures.hpp"

namespace s2d::http {

AuthFailureLimiter::AuthFailureLimiter(int failures_per_minute) : per_minute_(failures_per_minute) {}

Gcra& AuthFailureLimiter::bucket(const std::string& address, std::int64_t now_us) {
  if (buckets_.size() > kPruneAbove) {
    for (auto it = buckets_.begin(); it != buckets_.end();)
      it = it->second.peek(now_us).remaining == per_minute_ ? buckets_.erase(it) : std::next(it);
  }
  auto it = buckets_.find(address);
  if (it == buckets_.end()) it = buckets_.emplace(address, Gcra(per_minute_ / 60.0, per_minute_)).first;
  return it->second;
}

bool AuthFailureLimiter::may_try(const std::string& address, std::int64_t now_us) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = buckets_.find(address);
  return it == buckets_.end() || it->second.peek(now_us).remaining > 0;
}

RateLimitDecision AuthFailureLimiter::failed(const std::string& address, std::int64_t now_us) {
  std::lock_guard<std::mutex> lock(mutex_);
  return bucket(address, now_us).check(now_us);
}

RateLimitDecision AuthFailureLimiter::state(const std::string& address, std::int64_t now_us) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto decision = bucket(address, now_us).peek(now_us);
  decision.allowed = decision.remaining > 0;
  return decision;
}

}  // namespace s2d::http
