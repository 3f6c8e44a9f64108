#pragma once
// One webhook delivery attempt, and the pool of threads that makes them.
// Blocking (libcurl through net::HttpClient, RocksDB writes), so it runs on
// its own threads, never on CAF's. The dispatcher actor decides what to send
// when; this file sends it and records what happened. No CAF here.

#include "core/records.hpp"
#include "net/http_client.hpp"
#include "services/io_pool.hpp"
#include "services/services.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace s2d::webhooks {

// Retry-After is honoured up to this delay, so a receiver can't park a
// delivery forever.
inline constexpr std::int64_t kMaxRetryAfterSeconds = 24 * 3600;
// Bytes of each response kept in the delivery log.
inline constexpr std::size_t kResponseSnippetBytes = 1024;

// When the attempt after `attempts_made` failed ones is due: schedule[n] is
// the delay before attempt n + 1, spread by +-10 % (jitter in [-1, 1]) so
// that deliveries failing together do not retry together, and never sooner
// than a Retry-After the receiver asked for. nullopt once the schedule is
// used up.
std::optional<std::int64_t> next_attempt_ms(const std::vector<int>& schedule, int attempts_made,
                                            std::int64_t failed_at_ms, double jitter,
                                            std::optional<std::chrono::seconds> retry_after);

// The secrets that sign now, newest first: the current one and any rotated
// one still inside its overlap window. Secrets that do not open are skipped.
std::vector<std::string> signing_secrets(const WebhookEndpointRecord& endpoint, const SecretSealer& sealer,
                                         std::int64_t now_ms);

// `text` cut to at most `limit` bytes and made valid UTF-8 (stored as JSON).
std::string response_snippet(const std::string& text, std::size_t limit);

struct AttemptResult {
  std::string outbox_key;
  // The outbox entry is gone: delivered, out of attempts, or nothing left to
  // deliver to (endpoint deleted or disabled, event pruned).
  bool finished = true;
  std::int64_t next_attempt_ms = 0;  // when !finished
};

class DeliveryPool {
 public:
  DeliveryPool(Services& services, int threads);
  ~DeliveryPool();  // waits for the attempts in flight
  DeliveryPool(const DeliveryPool&) = delete;
  DeliveryPool& operator=(const DeliveryPool&) = delete;

  // Makes the next attempt of an outbox entry on a pool thread, records it,
  // then calls `done` on that thread.
  void attempt(std::string outbox_key, std::function<void(AttemptResult)> done);

 private:
  AttemptResult run(const std::string& outbox_key);

  Services& services_;
  net::HttpClient client_;
  std::mutex health_mutex_;  // endpoint health is read, changed and written as one step
  IoPool threads_;           // last: joined first, while the rest still exists
};

}  // namespace s2d::webhooks
