#pragma once
// webhooks/: the durable outbox of events and deliveries, and the delivery attempts with their retry schedule.
//
// Webhook events and the durable outbox (docs/webhooks.md). No CAF here.
//
// When a generation becomes terminal, the batch that stores its final state
// also stores its event (a snapshot of the generation) and one outbox entry
// per endpoint subscribed to that event type at that moment. RocksDB applies
// the batch atomically, so a generation is never terminal without its
// deliveries queued, and an outbox entry outlives any crash until its
// delivery succeeds or runs out of attempts. The dispatcher
// (webhook_dispatcher_actor.cpp) owns the entries from then on.
//
// Tables and keys (storage/schema.hpp lists them with the others):
//   webhook_endpoints  <ws>/<whe>            endpoint: url, events, secrets (sealed), enabled
//                      health/<ws>/<whe>     what deliveries taught: failing since, disabled by s2d
//   events             <ws>/<evt>            event: type, time, generation snapshot
//   outbox             <obx>                 pending delivery: endpoint, event, attempts, next attempt
//   deliveries         <ws>/<whe>/<dlv>      one delivery attempt and its outcome

#include "core/batch.hpp"
#include "core/generation.hpp"
#include "core/records.hpp"
#include "services/services.hpp"
#include "storage/db.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace s2d::webhooks {

// generation.completed, generation.failed, generation.canceled, batch.completed.
const std::vector<std::string>& event_types();
// "generation.<status>" for a terminal status.
std::string event_type_for(GenerationStatus status);

namespace keys {
std::string endpoint(const std::string& workspace_id, const std::string& endpoint_id);
std::string health(const std::string& workspace_id, const std::string& endpoint_id);
std::string event(const std::string& workspace_id, const std::string& event_id);
std::string deliveries_prefix(const std::string& workspace_id, const std::string& endpoint_id);
}  // namespace keys

struct OutboxEntry {
  std::string workspace_id;
  std::string endpoint_id;
  std::string event_id;
  int attempts = 0;                 // attempts made so far
  std::int64_t next_attempt_ms = 0;
  std::int64_t created_ms = 0;

  nlohmann::json to_storage() const;
  static OutboxEntry from_storage(const nlohmann::json& stored);
};

// The endpoint takes deliveries: enabled by its owner and not disabled by
// s2d (it answered 410, or failed every attempt for days).
bool endpoint_active(const WebhookEndpointRecord& endpoint, const std::optional<EndpointHealth>& health);
bool subscribed(const WebhookEndpointRecord& endpoint, const std::string& event_type);
// The endpoint's health record, when deliveries left one.
std::optional<EndpointHealth> load_health(const storage::Db& db, const std::string& workspace_id,
                                          const std::string& endpoint_id);

struct QueuedDelivery {
  std::string outbox_key;
  std::string endpoint_id;
};

// Adds to `batch` one outbox entry per endpoint of the workspace (or only
// `only_endpoint_id`, when given) that is active and subscribed to
// `event_type` now, first attempt due at `due_ms`.
std::vector<QueuedDelivery> enqueue_deliveries(const storage::Db& db, const std::string& workspace_id,
                                               const std::string& event_id, const std::string& event_type,
                                               std::int64_t due_ms, storage::Batch& batch,
                                               const std::string& only_endpoint_id = {});

// Adds the event of a terminal generation and its outbox entries to
// `batch`; returns the outbox keys. No endpoint subscribed: the event is
// still recorded (GET /v1/events), nothing is queued.
std::vector<std::string> append_generation_event(const Services& services, const Generation& generation,
                                                 std::int64_t now_ms, storage::Batch& batch);

// Adds the batch.completed event of a finished batch (data: the batch
// resource) and its outbox entries to `write`; returns the outbox keys.
std::vector<std::string> append_batch_event(const Services& services, const BatchRecord& batch, std::int64_t now_ms,
                                            storage::Batch& write);

// The event as API.md shapes it (webhook body and GET /v1/events), with
// fresh signed output URLs (none for outputs retention has expired):
// {id, object, type, created_at, data: {...}} plus the brief's top-level
// aliases event, generation_id, status, outputs.
nlohmann::json event_view(const Services& services, const EventRecord& event_record, std::int64_t now_ms);

// Deletes events and delivery attempts older than `retention_days`.
void prune_webhook_history(storage::Db& db, std::int64_t now_ms, int retention_days);

}  // namespace s2d::webhooks
