#include "policies/gcra.hpp"

#include <algorithm>
#include <cmath>

namespace s2d {
namespace {

int ceil_seconds(std::int64_t us) { return int((std::max<std::int64_t>(us, 0) + 999'999) / 1'000'000); }

}  // namespace

Gcra::Gcra(double per_second, int burst) { configure(per_second, burst); }

void Gcra::configure(double per_second, int burst) {
  per_second_ = per_second > 0 ? per_second : 1;
  burst_ = std::max(burst, 1);
  interval_us_ = std::max<std::int64_t>(1, std::int64_t(std::llround(1e6 / per_second_)));
}

RateLimitDecision Gcra::check(std::int64_t now_us) {
  RateLimitDecision d;
  d.limit = burst_;
  d.per_second = per_second_;
  const std::int64_t capacity_us = std::int64_t(burst_) * interval_us_;
  const std::int64_t base = std::max(tat_us_, now_us);
  const std::int64_t next_tat = base + interval_us_;
  if (next_tat - now_us > capacity_us) {
    d.allowed = false;
    d.remaining = 0;
    d.retry_after_seconds = std::max(1, ceil_seconds(next_tat - capacity_us - now_us));
    d.reset_seconds = ceil_seconds(base - now_us);
    d.reset_unix = (base + 999'999) / 1'000'000;
    return d;
  }
  tat_us_ = next_tat;
  d.remaining = int((capacity_us - (next_tat - now_us)) / interval_us_);
  d.reset_seconds = ceil_seconds(next_tat - now_us);
  d.reset_unix = (next_tat + 999'999) / 1'000'000;
  return d;
}

RateLimitDecision Gcra::peek(std::int64_t now_us) const {
  Gcra copy = *this;
  auto d = copy.check(now_us);
  if (d.allowed) ++d.remaining;  // the peek itself took nothing
  return d;
}

std::vector<std::pair<std::string, std::string>> RateLimitDecision::headers() const {
  const int window = std::max(1, int(std::ceil(limit / per_second)));
  return {
      {"X-RateLimit-Limit", std::to_string(limit)},
      {"X-RateLimit-Remaining", std::to_string(remaining)},
      {"X-RateLimit-Reset", std::to_string(reset_unix)},
      {"RateLimit-Policy", std::to_string(limit) + ";w=" + std::to_string(window)},
      {"RateLimit", "limit=" + std::to_string(limit) + ", remaining=" + std::to_string(remaining) +
                        ", reset=" + std::to_string(reset_seconds)},
  };
}

}  // namespace s2d
