#pragma once
// Generic cell rate algorithm: one theoretical arrival time per workspace,
// O(1) per request, no timers and no background refill (API.md "Rate limits").
//
// A bucket of `burst` requests refills at `per_second`. A request is allowed
// when, after it, the theoretical arrival time is at most `burst` emission
// intervals ahead of now.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace s2d {

struct RateLimitDecision {
  bool allowed = true;
  int limit = 0;                 // bucket size
  int remaining = 0;             // requests left right now
  std::int64_t reset_unix = 0;   // Unix seconds when the bucket is full again
  int reset_seconds = 0;         // the same, as a delay
  int retry_after_seconds = 0;   // when refused
  double per_second = 0;

  // X-RateLimit-*, RateLimit-Policy and RateLimit (IETF draft) headers.
  std::vector<std::pair<std::string, std::string>> headers() const;
};

class Gcra {
 public:
  Gcra(double per_second, int burst);
  void configure(double per_second, int burst);
  RateLimitDecision check(std::int64_t now_us);
  // The state a request arriving now would see, without counting one.
  RateLimitDecision peek(std::int64_t now_us) const;

 private:
  double per_second_;
  int burst_;
  std::int64_t interval_us_;
  std::int64_t tat_us_ = 0;  // theoretical arrival time of the next request
};

}  // namespace s2d
