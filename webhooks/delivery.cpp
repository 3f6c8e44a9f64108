#include "webhooks/delivery.hpp"

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "net/webhook_signature.hpp"
#include "storage/schema.hpp"
#include "webhooks/outbox.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace s2d::webhooks {
namespace {

// A failed commit leaves the outbox entry as it was; try again this much later.
constexpr std::int64_t kCommitRetryMs = 30'000;

double random_jitter() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(-1.0, 1.0)(generator);
}

nlohmann::json error_json(const std::string& code, const std::string& message) {
  return {{"code", code}, {"message", message}};
}

// Why a response is not a success, or null when it is one.
nlohmann::json failure_of(const net::HttpResponse& response) {
  if (!response.ok()) return error_json(std::string(response.error_code()), response.error_message);
  const int status = response.status;
  if (status >= 200 && status < 300) return nullptr;
  if (status == 410) return error_json("endpoint_gone", "The endpoint answered 410 Gone; it is now disabled.");
  if (status >= 300 && status < 400) {
    const std::string* location = response.header("location");
    return error_json("redirect_not_followed",
                      "The endpoint answered " + std::to_string(status) + "; redirects are not followed" +
                          (location ? " (Location: " + response_snippet(*location, 256) + ")." : "."));
  }
  return error_json("http_error", "The endpoint answered " + std::to_string(status) + ".");
}

struct Attempt {
  OutboxEntry entry;
  WebhookEndpointRecord endpoint;
  EventRecord event;
  std::int64_t started_ms = 0;
  net::HttpResponse response;
  nlohmann::json error;  // null on success
};

DeliveryRecord attempt_record(const std::string& id, const Attempt& a, std::int64_t next_ms) {
  const auto& r = a.response;
  DeliveryRecord d;
  d.id = id;
  d.endpoint_id = a.entry.endpoint_id;
  d.event_id = a.entry.event_id;
  d.event_type = a.event.type;
  d.attempt = a.entry.attempts + 1;
  d.created_ms = a.started_ms;
  d.status_code = r.status ? nlohmann::json(r.status) : nlohmann::json(nullptr);
  d.latency_ms = r.latency.count();
  d.succeeded = a.error.is_null();
  d.error = a.error;
  d.response_body = response_snippet(r.body, kResponseSnippetBytes);
  d.response_truncated = r.truncated || r.body.size() > kResponseSnippetBytes;
  d.next_attempt_ms = next_ms;
  return d;
}

// One attempt in the metrics: its outcome, and its time when a request went out.
void record_attempt(Metrics& metrics, const Attempt& a, bool no_secret, bool gone, std::int64_t finished_ms) {
  const char* outcome = no_secret ? "secret_unavailable" : a.error.is_null() ? "delivered" : gone ? "gone" : "failed";
  metrics.count(Counter::webhook_attempts, {outcome});
  if (!no_secret) metrics.observe(Histogram::webhook_attempt_duration, {}, double(finished_ms - a.started_ms) / 1000);
}

}  // namespace

std::optional<std::int64_t> next_attempt_ms(const std::vector<int>& schedule, int attempts_made,
                                            std::int64_t failed_at_ms, double jitter,
                                            std::optional<std::chrono::seconds> retry_after) {
  if (attempts_made < 0 || attempts_made >= int(schedule.size())) return std::nullopt;
  const double planned_ms = double(schedule[std::size_t(attempts_made)]) * 1000.0;
  std::int64_t delay_ms = std::llround(planned_ms * (1.0 + 0.1 * std::clamp(jitter, -1.0, 1.0)));
  if (retry_after)
    delay_ms = std::max(delay_ms, std::min<std::int64_t>(retry_after->count(), kMaxRetryAfterSeconds) * 1000);
  return failed_at_ms + delay_ms;
}

std::vector<std::string> signing_secrets(const WebhookEndpointRecord& endpoint, const SecretSealer& sealer,
                                         std::int64_t now_ms) {
  std::vector<std::string> secrets;
  for (const auto& secret : endpoint.secrets) {
    if (secret.expires_ms != 0 && secret.expires_ms <= now_ms) continue;
    if (auto plain = sealer.open(secret.sealed, endpoint.id)) secrets.push_back(std::move(*plain));
  }
  return secrets;
}

std::string response_snippet(const std::string& text, std::size_t limit) {
  // nlohmann's replacing dump turns invalid UTF-8 (and a character cut in
  // half at the limit) into U+FFFD; parsing it back gives the clean text.
  const nlohmann::json cut = text.substr(0, std::min(limit, text.size()));
  return nlohmann::json::parse(cut.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)).get<std::string>();
}

DeliveryPool::DeliveryPool(Services& services, int threads)
    : services_(services), client_(services.egress), threads_(threads) {}

DeliveryPool::~DeliveryPool() = default;

void DeliveryPool::attempt(std::string outbox_key, std::function<void(AttemptResult)> done) {
  threads_.post([this, key = std::move(outbox_key), done = std::move(done)] {
    AttemptResult result;
    try {
      result = run(key);
    } catch (const std::exception& e) {
      spdlog::error("webhook delivery {} failed unexpectedly: {}", key, e.what());
      result = {key, false, clock::now_ms() + kCommitRetryMs};
    }
    done(std::move(result));
  });
}

AttemptResult DeliveryPool::run(const std::string& outbox_key) {
  auto& db = *services_.db;
  AttemptResult result{outbox_key, true, 0};
  auto stored = storage::get_json(db, storage::Table::outbox, outbox_key);
  if (!stored) return result;

  Attempt a;
  a.entry = OutboxEntry::from_storage(*stored);
  const auto& ws = a.entry.workspace_id;
  auto endpoint = storage::get_json(db, storage::Table::webhook_endpoints, keys::endpoint(ws, a.entry.endpoint_id));
  auto health = load_health(db, ws, a.entry.endpoint_id);
  auto event = storage::get_json(db, storage::Table::events, keys::event(ws, a.entry.event_id));
  storage::Batch batch;
  if (!endpoint || !event || !endpoint_active(endpoint->get<WebhookEndpointRecord>(), health)) {
    // Deleted or disabled endpoint, or an event past retention: nothing to deliver.
    batch.erase(storage::Table::outbox, outbox_key);
    services_.committer->commit_now(batch, nullptr);
    return result;
  }
  a.endpoint = endpoint->get<WebhookEndpointRecord>();
  a.event = event->get<EventRecord>();

  a.started_ms = clock::now_ms();
  const auto secrets = signing_secrets(a.endpoint, *services_.secret_sealer, a.started_ms);
  if (secrets.empty()) {
    a.error = error_json("secret_unavailable", "No signing secret of the endpoint could be opened.");
  } else {
    const std::string body = event_view(services_, a.event, a.started_ms).dump();
    const std::int64_t timestamp = a.started_ms / 1000;
    const auto& settings = services_.settings;
    net::HttpRequest request;
    request.method = "POST";
    request.url = a.endpoint.url;
    request.body = body;
    request.headers = {{"Content-Type", "application/json"},
                       {"webhook-id", a.entry.event_id},
                       {"webhook-timestamp", std::to_string(timestamp)},
                       {"webhook-signature", net::webhooks::signature_header(secrets, a.entry.event_id, timestamp, body)}};
    request.timeout = std::chrono::seconds(settings.webhook_timeout_seconds);
    request.connect_timeout = std::min<std::chrono::milliseconds>(request.timeout, std::chrono::seconds(5));
    request.user_agent = net::user_agent("s2d-webhooks");
    a.response = client_.send(request);
    a.error = failure_of(a.response);
  }

  const std::int64_t finished_ms = clock::now_ms();
  const bool gone = a.response.ok() && a.response.status == 410;
  record_attempt(services_.metrics, a, secrets.empty(), gone, finished_ms);
  std::optional<std::int64_t> next;
  if (!a.error.is_null() && !gone)
    next = next_attempt_ms(services_.settings.webhook_retry_schedule_seconds, a.entry.attempts + 1, finished_ms,
                           random_jitter(), a.response.retry_after);
  const std::string delivery_id = ids::make("dlv");
  storage::put_json(batch, storage::Table::deliveries, keys::deliveries_prefix(ws, a.entry.endpoint_id) + delivery_id,
                    attempt_record(delivery_id, a, next.value_or(0)));
  if (next) {
    OutboxEntry updated = a.entry;
    updated.attempts += 1;
    updated.next_attempt_ms = *next;
    storage::put_json(batch, storage::Table::outbox, outbox_key, updated.to_storage());
  } else {
    batch.erase(storage::Table::outbox, outbox_key);
  }

  // Health is read, changed and written under one lock: attempts to the same
  // endpoint run in parallel.
  std::unique_lock<std::mutex> lock(health_mutex_);
  const auto current = load_health(db, ws, a.entry.endpoint_id).value_or(EndpointHealth{});
  auto changed = current;
  if (a.error.is_null()) {
    changed.failing_since_ms.reset();
  } else if (gone) {
    changed.disabled_reason = "gone";
    changed.disabled_ms = finished_ms;
  } else if (!changed.failing_since_ms) {
    changed.failing_since_ms = a.started_ms;
  } else if (finished_ms - *changed.failing_since_ms >=
             std::int64_t(services_.settings.webhook_disable_after_days) * 86400'000) {
    changed.disabled_reason = "failing";
    changed.disabled_ms = finished_ms;
  }
  const auto health_key = keys::health(ws, a.entry.endpoint_id);
  if (changed != current) {
    if (changed.empty())
      batch.erase(storage::Table::webhook_endpoints, health_key);
    else
      storage::put_json(batch, storage::Table::webhook_endpoints, health_key, changed);
  } else {
    lock.unlock();
  }

  std::string error;
  if (!services_.committer->commit_now(batch, &error)) {
    spdlog::error("webhook delivery {}: recording the attempt failed: {}", outbox_key, error);
    return {outbox_key, false, finished_ms + kCommitRetryMs};
  }
  if (!next) return result;
  return {outbox_key, false, *next};
}

}  // namespace s2d::webhooks
