// The event-stream routes (docs/events.md): a generation's or a batch's
// progress, and the workspace's webhook events as they happen. Each handler
// checks the request like any GET and answers with an EventSource; the
// stream pump of http/ polls it a few times a second and writes what it
// returns. Sources read only committed state (RocksDB), so a stream shows
// what a GET would, and a reconnect after a restart resumes from its
// Last-Event-ID.
#include "resources/handlers_common.hpp"

#include "core/ids.hpp"
#include "services/views.hpp"
#include "storage/schema.hpp"
#include "webhooks/outbox.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace s2d {
namespace {

// Last-Event-ID of a resource stream is an id this server sent: short and
// printable. Anything else is a client bug, answered as such.
constexpr std::size_t kMaxLastEventIdBytes = 200;

std::optional<ApiError> check_last_event_id(const std::string& id) {
  const bool printable = std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (id.size() <= kMaxLastEventIdBytes && printable) return std::nullopt;
  return errors::parameter_invalid("Last-Event-ID",
                                   "Last-Event-ID must be the id of an event this stream sent (printable ASCII, at most 200 bytes).");
}

// What a resource's stored record says, as the next event would carry it.
struct ResourceState {
  std::string stamp;   // the event id
  std::string type;    // status, progress, or the final status
  std::string status;  // the resource's status
  bool final = false;
  // The resource as GET shows it: made only for an event that goes out (it signs
  // output URLs), not on each poll of a resource that has not changed.
  std::function<nlohmann::json()> view;
};

// The state of a stored record; `previous_status` is that of the last event
// the connection sent ("" before the first).
using StateOf = std::function<ResourceState(const nlohmann::json& stored, const Services& services,
                                            std::int64_t now_ms, const std::string& previous_status)>;

// The generation's state: "<attempts>.<status>" changes at each transition, a rerun included.
ResourceState generation_state(const nlohmann::json& stored, const Services& services, std::int64_t now_ms,
                               const std::string&) {
  const auto g = generation_from_storage(stored);
  ResourceState state;
  state.status = to_string(g.status);
  state.stamp = std::to_string(g.attempts) + "." + state.status;
  state.final = is_terminal(g.status);
  state.type = state.final ? state.status : "status";
  state.view = [g, &services, now_ms] { return generation_view(g, services, now_ms); };
  return state;
}

// "<status>.<total>.<running>.<completed>.<failed>.<canceled>": a new
// status is a `status` event, new counts alone a `progress` event. Polled
// every 250 ms, progress comes at most four times a second.
ResourceState batch_state(const nlohmann::json& stored, const Services& services, std::int64_t now_ms,
                          const std::string& previous_status) {
  auto batch = stored.get<BatchRecord>();
  ResourceState state;
  state.status = batch.status;
  const auto& c = batch.counts;
  state.stamp = batch.status + "." + std::to_string(c.total) + "." + std::to_string(c.running()) + "." +
                std::to_string(c.completed) + "." + std::to_string(c.failed) + "." + std::to_string(c.canceled);
  // A canceled batch still has items finishing; it ends when they have.
  state.final = batch.status == "completed" || (batch.status == "canceled" && batch_items_finished(batch));
  if (state.final) state.type = batch.status;
  else state.type = previous_status == batch.status ? "progress" : "status";
  state.view = [batch = std::move(batch), &services, now_ms] { return batch_view(batch, services, now_ms); };
  return state;
}

// A resource's stream: its record is read on every poll and an event goes
// out whenever the state's stamp (what the event id carries) changes. The
// stamp names the state, not a time, so a reconnect with Last-Event-ID gets
// nothing until the resource moves past what the client saw.
class ResourceSource : public EventSource {
 public:
  ResourceSource(const Services& services, std::unique_ptr<StreamSlots::Lease> lease, std::string last_stamp,
                 storage::Table table, std::string key, StateOf state_of)
      : services_(services), lease_(std::move(lease)), last_stamp_(std::move(last_stamp)), table_(table),
        key_(std::move(key)), state_of_(std::move(state_of)) {}

  std::vector<StreamEvent> poll(std::int64_t now_ms) override {
    std::vector<StreamEvent> events;
    auto stored = storage::get_json(*services_.db, table_, key_);
    if (!stored) {  // gone (retention): nothing more will happen
      finished_ = true;
      return events;
    }
    auto state = state_of_(*stored, services_, now_ms, last_status_);
    if (state.stamp != last_stamp_) {
      events.push_back({state.stamp, state.type, state.view().dump()});
      last_stamp_ = state.stamp;
      last_status_ = state.status;
    }
    if (state.final) finished_ = true;
    return events;
  }
  bool finished() const override { return finished_; }

 private:
  const Services& services_;
  std::unique_ptr<StreamSlots::Lease> lease_;
  std::string last_stamp_;
  std::string last_status_;
  storage::Table table_;
  std::string key_;
  StateOf state_of_;
  bool finished_ = false;
};

// The workspace's webhook events in id order. Ids are made in time order,
// but two events made in the same moment by different actors may become
// durable in the other order, so every poll looks back kLookbackMs behind
// the newest event it sent and skips the ones it has.
class WorkspaceEventSource : public EventSource {
 public:
  static constexpr std::int64_t kLookbackMs = 2000;
  static constexpr std::size_t kMaxEventsPerPoll = 500;

  WorkspaceEventSource(const Services& services, std::unique_ptr<StreamSlots::Lease> lease, std::string workspace_id,
                       std::optional<std::string> type, const std::string& last_event_id, std::int64_t now_ms)
      : services_(services), lease_(std::move(lease)), prefix_(storage::keys::workspace_prefix(workspace_id)),
        type_(std::move(type)) {
    if (!last_event_id.empty()) {
      // A reconnect: everything after the event the client saw last.
      floor_ = last_event_id;
      newest_ms_ = ids::time_ms(last_event_id);
      return;
    }
    // A new stream: what happens from now on. The recent past is marked
    // seen, so an event committed late but made earlier is still sent.
    newest_ms_ = now_ms;
    floor_ = ids::lowest_at("evt", now_ms - kLookbackMs);
    scan([&](const std::string& id, std::string_view) {
      sent_.insert(id);
      return true;
    });
  }

  std::vector<StreamEvent> poll(std::int64_t now_ms) override {
    std::vector<StreamEvent> events;
    scan([&](const std::string& id, std::string_view value) {
      if (sent_.count(id)) return true;
      sent_.insert(id);
      newest_ms_ = std::max(newest_ms_, ids::time_ms(id));
      auto record = nlohmann::json::parse(value).get<EventRecord>();
      if (type_ && record.type != *type_) return true;
      events.push_back({record.id, record.type, webhooks::event_view(services_, record, now_ms).dump()});
      return events.size() < kMaxEventsPerPoll;
    });
    forget_older_than(newest_ms_ - kLookbackMs);
    return events;
  }
  bool finished() const override { return false; }

 private:
  // Visits events after max(floor, newest - lookback) in id order.
  void scan(const std::function<bool(const std::string& id, std::string_view value)>& visit) const {
    auto start = std::max(floor_, ids::lowest_at("evt", std::max<std::int64_t>(0, newest_ms_ - kLookbackMs)));
    storage::ScanOptions options;
    options.start_after = prefix_ + start;
    services_.db->scan(storage::Table::events, prefix_, options, [&](std::string_view key, std::string_view value) {
      return visit(std::string(key.substr(prefix_.size())), value);
    });
  }

  void forget_older_than(std::int64_t ms) {
    const auto horizon = ids::lowest_at("evt", std::max<std::int64_t>(0, ms));
    sent_.erase(sent_.begin(), sent_.lower_bound(horizon));
  }

  const Services& services_;
  std::unique_ptr<StreamSlots::Lease> lease_;
  std::string prefix_;
  std::optional<std::string> type_;
  std::string floor_;          // nothing at or below this id is sent
  std::int64_t newest_ms_ = 0;  // time of the newest event seen
  std::set<std::string> sent_;  // ids seen within the lookback
};

// A stream's slot, or the 429 that says the workspace holds enough.
std::unique_ptr<StreamSlots::Lease> stream_lease(HandlerContext& ctx, std::optional<ApiError>* refusal) {
  const int limit = ctx.services.settings.events_max_streams_per_workspace;
  auto lease = ctx.services.streams.acquire(ctx.call.workspace_id, limit);
  if (!lease) *refusal = errors::too_many_streams(limit);
  return lease;
}

ApiReply stream_reply(std::shared_ptr<EventSource> source) {
  ApiReply reply;
  reply.status = 200;
  reply.content_type = "text/event-stream";
  reply.stream = std::move(source);
  return reply;
}

// 204 tells an EventSource not to reconnect: the client saw the final event.
ApiReply nothing_more() {
  ApiReply reply;
  reply.status = 204;
  return reply;
}

}  // namespace

namespace {

// A generation's or a batch's stream: 404 for one this workspace does not
// have, 204 when the client saw its final event, else its source.
Outcome stream_resource(HandlerContext& ctx, const char* noun, storage::Table table, const StateOf& state_of) {
  const auto& id = ctx.call.params.at("id");
  if (auto e = check_last_event_id(ctx.call.last_event_id)) return error_outcome(*e, ctx.call.request_id);
  auto key = storage::keys::scoped(ctx.call.workspace_id, id);
  auto stored = storage::get_json(*ctx.services.db, table, key);
  if (!stored) return error_outcome(errors::resource_missing(noun, id), ctx.call.request_id);
  auto now = state_of(*stored, ctx.services, ctx.now_ms, "");
  if (now.final && now.stamp == ctx.call.last_event_id) return reply_outcome(nothing_more());
  std::optional<ApiError> refusal;
  auto lease = stream_lease(ctx, &refusal);
  if (refusal) return error_outcome(*refusal, ctx.call.request_id);
  return reply_outcome(stream_reply(std::make_shared<ResourceSource>(
      ctx.services, std::move(lease), ctx.call.last_event_id, table, std::move(key), state_of)));
}

}  // namespace

Outcome stream_generation_events(HandlerContext& ctx) {
  return stream_resource(ctx, "generation", storage::Table::generations, generation_state);
}

Outcome stream_batch_events(HandlerContext& ctx) {
  return stream_resource(ctx, "batch", storage::Table::batches, batch_state);
}

Outcome stream_workspace_events(HandlerContext& ctx) {
  std::optional<std::string> type;
  if (auto it = ctx.call.query.find("type"); it != ctx.call.query.end()) {
    const auto& types = webhooks::event_types();
    if (std::find(types.begin(), types.end(), it->second) == types.end())
      return error_outcome(errors::parameter_invalid("type", "Unknown event type '" + it->second + "'."),
                           ctx.call.request_id);
    type = it->second;
  }
  const auto& last = ctx.call.last_event_id;
  if (!last.empty() && !ids::valid(last, "evt"))
    return error_outcome(errors::parameter_invalid("Last-Event-ID", "Last-Event-ID must be an event id (evt_...) this stream sent."),
                         ctx.call.request_id);
  std::optional<ApiError> refusal;
  auto lease = stream_lease(ctx, &refusal);
  if (refusal) return error_outcome(*refusal, ctx.call.request_id);
  return reply_outcome(stream_reply(std::make_shared<WorkspaceEventSource>(
      ctx.services, std::move(lease), ctx.call.workspace_id, std::move(type), last, ctx.now_ms)));
}

}  // namespace s2d
