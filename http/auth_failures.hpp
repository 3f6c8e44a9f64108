#pragma once
// Failed authentications per client address (auth.failures_per_minute): a
// GCRA bucket per address that only failures fill. While an address's
// bucket is empty, its requests get 429 before their credentials are even
// checked, so guessing keys from one address runs at that rate at most.
// 401 answers carry this limiter's rate-limit headers.

#include "policies/gcra.hpp"

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace s2d::http {

class AuthFailureLimiter {
 public:
  explicit AuthFailureLimiter(int failures_per_minute);

  // Whether `address` may try to authenticate now (its bucket is not empty).
  bool may_try(const std::string& address, std::int64_t now_us);
  // Counts one failure of `address`; the decision says what is left.
  RateLimitDecision failed(const std::string& address, std::int64_t now_us);
  // The state of `address` as a 429 would report it.
  RateLimitDecision state(const std::string& address, std::int64_t now_us);

 private:
  // Addresses whose bucket is full again are forgotten once this many are kept.
  static constexpr std::size_t kPruneAbove = 10'000;
  Gcra& bucket(const std::string& address, std::int64_t now_us);

  int per_minute_;
  std::mutex mutex_;
  std::unordered_map<std::string, Gcra> buckets_;
};

}  // namespace s2d::http
