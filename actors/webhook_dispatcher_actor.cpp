// The webhook dispatcher: knows every pending delivery (outbox entry), makes
// each attempt when it is due, at most webhook_concurrency at once and
// webhook_concurrency_per_endpoint per endpoint, endpoints served in turn so
// one slow receiver can't hold back the others. Attempts run on the delivery
// pool; their outcome comes back as (attempted_atom, key, finished, next).
// The outbox in RocksDB is the truth: this actor only schedules, so a crash
// loses nothing and a restart reloads every entry.
#include "actors/actors.hpp"
#include "core/clock.hpp"
#include "storage/schema.hpp"
#include "webhooks/delivery.hpp"
#include "webhooks/outbox.hpp"

#include <spdlog/spdlog.h>

#include <deque>
#include <limits>
#include <set>
#include <unordered_map>

namespace s2d {
namespace {

struct Pending {
  std::string endpoint_id;
  std::int64_t due_ms = 0;
};

struct DispatcherState {
  Services* services = nullptr;
  webhooks::DeliveryPool* pool = nullptr;
  std::unordered_map<std::string, Pending> pending;               // outbox key -> entry, in flight or not
  std::set<std::pair<std::int64_t, std::string>> timeline;        // (due, key) not yet ready
  std::unordered_map<std::string, std::deque<std::string>> ready;  // endpoint -> due keys waiting for a slot
  std::deque<std::string> ready_endpoints;                        // endpoints with ready keys, in turn
  std::unordered_map<std::string, int> in_flight_by_endpoint;
  int in_flight = 0;
  std::int64_t timer_due_ms = std::numeric_limits<std::int64_t>::max();
};

using dispatcher_actor = caf::stateful_actor<DispatcherState>;

void track(DispatcherState& st, const std::string& key, const webhooks::OutboxEntry& entry) {
  if (!st.pending.emplace(key, Pending{entry.endpoint_id, entry.next_attempt_ms}).second) return;
  st.timeline.emplace(entry.next_attempt_ms, key);
}

void start_attempt(dispatcher_actor* self, const std::string& key, const std::string& endpoint_id) {
  auto& st = self->state;
  ++st.in_flight;
  ++st.in_flight_by_endpoint[endpoint_id];
  auto me = caf::actor_cast<caf::actor>(self);
  st.pool->attempt(key, [me](webhooks::AttemptResult result) {
    caf::anon_send(me, attempted_atom::value, result.outbox_key, result.finished, result.next_attempt_ms);
  });
}

// Starts what is due and has a free slot, round-robin over endpoints.
void start_ready(dispatcher_actor* self) {
  auto& st = self->state;
  const auto& settings = st.services->settings;
  std::size_t skipped = 0;  // endpoints passed over in a row because they are at their limit
  while (st.in_flight < settings.webhook_concurrency && !st.ready_endpoints.empty() &&
         skipped < st.ready_endpoints.size()) {
    auto endpoint_id = std::move(st.ready_endpoints.front());
    st.ready_endpoints.pop_front();
    if (st.in_flight_by_endpoint[endpoint_id] >= settings.webhook_concurrency_per_endpoint) {
      st.ready_endpoints.push_back(std::move(endpoint_id));
      ++skipped;
      continue;
    }
    skipped = 0;
    auto& queue = st.ready[endpoint_id];
    auto key = std::move(queue.front());
    queue.pop_front();
    if (queue.empty())
      st.ready.erase(endpoint_id);
    else
      st.ready_endpoints.push_back(endpoint_id);
    start_attempt(self, key, endpoint_id);
  }
}

void arm_timer(dispatcher_actor* self) {
  auto& st = self->state;
  if (st.timeline.empty()) return;
  const auto due_ms = st.timeline.begin()->first;
  if (due_ms >= st.timer_due_ms) return;  // an earlier or equal wake-up is already on its way
  st.timer_due_ms = due_ms;
  const auto delay = std::max<std::int64_t>(0, due_ms - clock::now_ms());
  self->delayed_send(self, std::chrono::milliseconds(delay), tick_atom::value);
}

// Moves due entries to their endpoint's ready queue, starts what may start,
// and sets the timer for the next due entry.
void pump(dispatcher_actor* self) {
  auto& st = self->state;
  const auto now_ms = clock::now_ms();
  while (!st.timeline.empty() && st.timeline.begin()->first <= now_ms) {
    auto key = st.timeline.begin()->second;
    st.timeline.erase(st.timeline.begin());
    const auto& endpoint_id = st.pending.at(key).endpoint_id;
    auto& queue = st.ready[endpoint_id];
    if (queue.empty()) st.ready_endpoints.push_back(endpoint_id);
    queue.push_back(std::move(key));
  }
  start_ready(self);
  arm_timer(self);
}

void load_outbox(dispatcher_actor* self) {
  auto& st = self->state;
  st.services->db->scan(storage::Table::outbox, "", {}, [&](std::string_view key, std::string_view value) {
    auto stored = nlohmann::json::parse(value, nullptr, false);
    if (!stored.is_discarded()) track(st, std::string(key), webhooks::OutboxEntry::from_storage(stored));
    return true;
  });
  if (!st.pending.empty()) spdlog::info("webhooks: {} deliveries pending", st.pending.size());
}

caf::behavior dispatcher(dispatcher_actor* self, Services* services, webhooks::DeliveryPool* pool) {
  auto& st = self->state;
  st.services = services;
  st.pool = pool;
  load_outbox(self);
  pump(self);

  return {
      [self](outbox_atom, const std::vector<std::string>& keys) {
        auto& s = self->state;
        for (const auto& key : keys)
          if (auto stored = storage::get_json(*s.services->db, storage::Table::outbox, key))
            track(s, key, webhooks::OutboxEntry::from_storage(*stored));
        pump(self);
      },
      [self](tick_atom) {
        self->state.timer_due_ms = std::numeric_limits<std::int64_t>::max();
        pump(self);
      },
      [self](attempted_atom, const std::string& key, bool finished, std::int64_t next_ms) {
        auto& s = self->state;
        auto it = s.pending.find(key);
        if (it == s.pending.end()) return;
        --s.in_flight;
        --s.in_flight_by_endpoint[it->second.endpoint_id];
        if (s.in_flight_by_endpoint[it->second.endpoint_id] == 0) s.in_flight_by_endpoint.erase(it->second.endpoint_id);
        if (finished) {
          s.pending.erase(it);
        } else {
          it->second.due_ms = next_ms;
          s.timeline.emplace(next_ms, key);
        }
        pump(self);
      },
      [self](stats_atom) {
        auto& s = self->state;
        return nlohmann::json{{"pending", s.pending.size()}, {"in_flight", s.in_flight}}.dump();
      },
  };
}

}  // namespace

caf::actor spawn_webhook_dispatcher(caf::actor_system& system, Services& services, webhooks::DeliveryPool& pool) {
  return system.spawn(dispatcher, &services, &pool);
}

}  // namespace s2d
