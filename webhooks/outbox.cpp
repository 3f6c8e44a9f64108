#include "webhooks/outbox.hpp"

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/records.hpp"
#include "services/views.hpp"
#include "storage/schema.hpp"

#include <algorithm>

namespace s2d::webhooks {
namespace {

std::string after_last_slash(std::string_view key) {
  auto slash = key.rfind('/');
  return std::string(slash == std::string_view::npos ? key : key.substr(slash + 1));
}

// Keys of `table` whose last segment is an id made before `cutoff_ms`.
std::vector<std::string> keys_older_than(const storage::Db& db, storage::Table table, std::int64_t cutoff_ms) {
  std::vector<std::string> old;
  db.scan(table, "", {}, [&](std::string_view key, std::string_view) {
    if (ids::time_ms(after_last_slash(key)) < cutoff_ms) old.emplace_back(key);
    return true;
  });
  return old;
}

}  // namespace

const std::vector<std::string>& event_types() {
  static const std::vector<std::string> types = {"generation.completed", "generation.failed",
                                                 "generation.canceled", "batch.completed"};
  return types;
}

std::string event_type_for(GenerationStatus status) { return std::string("generation.") + to_string(status); }

namespace keys {
std::string endpoint(const std::string& workspace_id, const std::string& endpoint_id) {
  return storage::keys::scoped(workspace_id, endpoint_id);
}
std::string health(const std::string& workspace_id, const std::string& endpoint_id) {
  return "health/" + workspace_id + "/" + endpoint_id;
}
std::string event(const std::string& workspace_id, const std::string& event_id) {
  return storage::keys::scoped(workspace_id, event_id);
}
std::string deliveries_prefix(const std::string& workspace_id, const std::string& endpoint_id) {
  return workspace_id + "/" + endpoint_id + "/";
}
}  // namespace keys

nlohmann::json OutboxEntry::to_storage() const {
  return {{"workspace_id", workspace_id}, {"endpoint_id", endpoint_id},   {"event_id", event_id},
          {"attempts", attempts},         {"next_attempt_ms", next_attempt_ms}, {"created_ms", created_ms}};
}

OutboxEntry OutboxEntry::from_storage(const nlohmann::json& stored) {
  OutboxEntry entry;
  read_field(stored, "workspace_id", entry.workspace_id);
  read_field(stored, "endpoint_id", entry.endpoint_id);
  read_field(stored, "event_id", entry.event_id);
  read_field(stored, "attempts", entry.attempts);
  read_field(stored, "next_attempt_ms", entry.next_attempt_ms);
  read_field(stored, "created_ms", entry.created_ms);
  return entry;
}

bool endpoint_active(const WebhookEndpointRecord& endpoint, const std::optional<EndpointHealth>& health) {
  if (!endpoint.enabled) return false;
  return !health || !health->disables();
}

bool subscribed(const WebhookEndpointRecord& endpoint, const std::string& event_type) {
  return std::find(endpoint.events.begin(), endpoint.events.end(), event_type) != endpoint.events.end();
}

std::optional<EndpointHealth> load_health(const storage::Db& db, const std::string& workspace_id,
                                          const std::string& endpoint_id) {
  auto stored = storage::get_json(db, storage::Table::webhook_endpoints, keys::health(workspace_id, endpoint_id));
  if (!stored) return std::nullopt;
  return stored->get<EndpointHealth>();
}

std::vector<QueuedDelivery> enqueue_deliveries(const storage::Db& db, const std::string& workspace_id,
                                               const std::string& event_id, const std::string& event_type,
                                               std::int64_t due_ms, storage::Batch& batch,
                                               const std::string& only_endpoint_id) {
  std::vector<QueuedDelivery> queued;
  const auto prefix = only_endpoint_id.empty() ? storage::keys::workspace_prefix(workspace_id)
                                               : keys::endpoint(workspace_id, only_endpoint_id);
  db.scan(storage::Table::webhook_endpoints, prefix, {},
          [&](std::string_view, std::string_view value) {
            auto stored = nlohmann::json::parse(value, nullptr, false);
            if (stored.is_discarded()) return true;
            const auto endpoint = stored.get<WebhookEndpointRecord>();
            const std::string& endpoint_id = endpoint.id;
            auto health = load_health(db, workspace_id, endpoint_id);
            if (!endpoint_active(endpoint, health) || !subscribed(endpoint, event_type)) return true;
            OutboxEntry entry{workspace_id, endpoint_id, event_id, 0, due_ms, due_ms};
            auto key = ids::make("obx");
            storage::put_json(batch, storage::Table::outbox, key, entry.to_storage());
            queued.push_back({std::move(key), endpoint_id});
            return true;
          });
  return queued;
}

std::vector<std::string> append_generation_event(const Services& services, const Generation& generation,
                                                 std::int64_t now_ms, storage::Batch& batch) {
  const std::string event_id = ids::make("evt");
  const std::string type = event_type_for(generation.status);
  storage::put_json(batch, storage::Table::events, keys::event(generation.workspace_id, event_id),
                    EventRecord{event_id, type, generation.workspace_id, now_ms, to_storage(generation), std::nullopt});
  const auto& schedule = services.settings.webhook_retry_schedule_seconds;
  const std::int64_t first_delay_ms = schedule.empty() ? 0 : std::int64_t(schedule.front()) * 1000;
  std::vector<std::string> outbox_keys;
  for (auto& queued :
       enqueue_deliveries(*services.db, generation.workspace_id, event_id, type, now_ms + first_delay_ms, batch))
    outbox_keys.push_back(std::move(queued.outbox_key));
  return outbox_keys;
}

std::vector<std::string> append_batch_event(const Services& services, const BatchRecord& batch, std::int64_t now_ms,
                                            storage::Batch& write) {
  const std::string event_id = ids::make("evt");
  const std::string type = "batch.completed";
  EventRecord record{event_id, type, batch.workspace_id, now_ms, nlohmann::json::object(), nlohmann::json(batch)};
  storage::put_json(write, storage::Table::events, keys::event(batch.workspace_id, event_id), record);
  const auto& schedule = services.settings.webhook_retry_schedule_seconds;
  const std::int64_t first_delay_ms = schedule.empty() ? 0 : std::int64_t(schedule.front()) * 1000;
  std::vector<std::string> outbox_keys;
  for (auto& queued : enqueue_deliveries(*services.db, batch.workspace_id, event_id, type, now_ms + first_delay_ms, write))
    outbox_keys.push_back(std::move(queued.outbox_key));
  return outbox_keys;
}

namespace {

// A batch event's data is the batch resource, read as it is now (a fresh bundle URL).
nlohmann::json batch_event_view(const Services& services, const EventRecord& event_record, std::int64_t now_ms) {
  auto batch = event_record.batch->get<BatchRecord>();
  if (auto current = storage::get_json(*services.db, storage::Table::batches,
                                       storage::keys::scoped(batch.workspace_id, batch.id)))
    batch = current->get<BatchRecord>();
  return {{"id", event_record.id},
          {"object", "event"},
          {"type", event_record.type},
          {"created_at", clock::rfc3339(event_record.created_ms)},
          {"data", batch_view(batch, services, now_ms)},
          {"event", event_record.type},
          {"batch_id", batch.id}};
}

}  // namespace

nlohmann::json event_view(const Services& services, const EventRecord& event_record, std::int64_t now_ms) {
  if (event_record.batch) return batch_event_view(services, event_record, now_ms);
  // A finished generation changes only when retention expires its files:
  // read it as it is now so that expired outputs get no URL, falling back
  // to the event's snapshot.
  auto snapshot = generation_from_storage(event_record.generation);
  auto current = storage::get_json(*services.db, storage::Table::generations,
                                   storage::keys::scoped(snapshot.workspace_id, snapshot.id));
  const auto generation = current ? generation_from_storage(*current) : snapshot;
  const auto view = generation_view(generation, services, now_ms);
  const std::string& type = event_record.type;
  nlohmann::json data = {{"generation_id", generation.id},
                         {"status", view["status"]},
                         {"outputs", view["outputs"]},
                         {"error", view["error"]},
                         {"metadata", view["metadata"]},
                         {"template_id", view["template_id"]},
                         {"template_version", view["template_version"]},
                         {"idempotency_key", view["idempotency_key"]},
                         {"created_at", view["created_at"]},
                         {"completed_at", view["completed_at"]}};
  return {{"id", event_record.id},
          {"object", "event"},
          {"type", type},
          {"created_at", clock::rfc3339(event_record.created_ms)},
          {"data", data},
          // The brief's payload shape, kept so integrations written against it work.
          {"event", type},
          {"generation_id", generation.id},
          {"status", data["status"]},
          {"outputs", data["outputs"]},
          {"error", data["error"]}};
}

void prune_webhook_history(storage::Db& db, std::int64_t now_ms, int retention_days) {
  const std::int64_t cutoff_ms = now_ms - std::int64_t(retention_days) * 86400'000;
  for (auto table : {storage::Table::events, storage::Table::deliveries}) {
    storage::Batch batch;
    for (auto& key : keys_older_than(db, table, cutoff_ms)) batch.erase(table, std::move(key));
    if (!batch.empty()) db.write(batch, /*sync=*/false, nullptr);
  }
}

}  // namespace s2d::webhooks
