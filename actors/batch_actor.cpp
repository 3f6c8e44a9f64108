// One actor per unfinished batch, its driver and the only writer of its
// record once created. Each step does a bounded amount of work and writes
// it, with the record's cursors and counts, in one atomic batch:
//   fold     the marks finished items left (at most kFoldChunk) into the counts
//   retry    make failed items again as new generations (kRetryChunk)
//   hand     queue made items for rendering while fewer than the window are in flight
//            (a canceled batch cancels them instead)
//   expand   make the next kExpandChunk generations from the inputs or the source's records
// then the next step starts once that write is durable. A crash loses at
// most the step being written; the record's cursors say where to go on.
// Rendering goes through the workspace actor's admission and the render
// pool like any generation, so the window keeps the workspace's queue short
// and other workspaces are served between a batch's documents.
#include "actors/actors.hpp"
#include "core/batch.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/records.hpp"
#include "generation/batch_bundle.hpp"
#include "generation/render_job.hpp"
#include "services/views.hpp"
#include "storage/records.hpp"
#include "storage/schema.hpp"
#include "webhooks/outbox.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace s2d {
namespace {

constexpr std::size_t kFoldChunk = 1000;
constexpr std::size_t kRetryChunk = 200;
constexpr std::size_t kExpandChunk = 250;
constexpr std::size_t kRecordsScannedPerStep = 2000;  // a filtered source may match few of them
constexpr std::size_t kCancelChunk = 500;
constexpr auto kIdlePoll = std::chrono::milliseconds(200);


struct BatchState {
  Services* services = nullptr;
  caf::actor workspace;
  int window = 4;
  BatchRecord record;
  std::string key;                  // <ws>/<bat>
  bool committing = false;
  bool dirty = false;               // the record changed outside a step (cancel, retry)
  bool finished = false;            // the last write made it finished: quit once durable
  bool bundling = false;            // the ZIP is being written on the I/O pool
  int idle_steps = 0;
  std::vector<std::string> admit;   // queued by the write in flight
  std::vector<std::string> outbox;
  std::vector<caf::response_promise> replies;       // answered once the write in flight is durable
};

using batch_actor = caf::stateful_actor<BatchState>;

std::string items_prefix(const BatchRecord& r) { return storage::keys::scoped(r.workspace_id, r.id) + "/"; }

std::string suffix_after_slash(std::string_view key) { return std::string(key.substr(key.rfind('/') + 1)); }

// A new generation for the item at the batch's next index.
Generation new_item(const BatchRecord& r, std::int64_t now_ms) {
  Generation g;
  g.id = ids::make("gen");
  g.workspace_id = r.workspace_id;
  g.template_id = r.template_id;
  g.template_version = r.template_version;
  g.formats = r.formats;
  g.options = r.options;
  g.metadata = r.metadata;
  g.created_ms = now_ms;
  g.batch_id = r.id;
  g.batch_index = r.counts.total;
  g.batch_item_events = r.item_events;
  return g;
}

void put_item(storage::Batch& write, const Generation& g) {
  storage::put_json(write, storage::Table::generations, storage::keys::scoped(g.workspace_id, g.id), to_storage(g));
  write.put(storage::Table::batch_items, storage::keys::scoped(g.workspace_id, g.batch_id) + "/" + g.id,
            std::to_string(g.batch_index));
}

bool fold_marks(BatchState& st, storage::Batch& write) {
  auto& r = st.record;
  std::size_t folded = 0;
  st.services->db->scan(storage::Table::batch_marks, r.id + "/", {}, [&](std::string_view key, std::string_view value) {
    const auto status = parse_generation_status(std::string(value));
    if (status == GenerationStatus::completed) ++r.counts.completed;
    if (status == GenerationStatus::canceled) ++r.counts.canceled;
    if (status == GenerationStatus::failed) {
      ++r.counts.failed;
      if (r.failed_items.size() < kBatchFailedSample) {
        auto stored = storage::get_json(*st.services->db, storage::Table::generations,
                                        storage::keys::scoped(r.workspace_id, suffix_after_slash(key)));
        if (stored) {
          auto g = generation_from_storage(*stored);
          r.failed_items.push_back({g.batch_index, g.batch_item_key, g.id, g.error});
        }
      }
    }
    write.erase(storage::Table::batch_marks, std::string(key));
    return ++folded < kFoldChunk;
  });
  return folded > 0;
}

// Failed items again: a new generation of the same index, key and data for each.
bool remake_failed(BatchState& st, storage::Batch& write, std::int64_t now_ms) {
  auto& r = st.record;
  std::size_t remade = 0;
  bool more = false;
  st.services->db->scan(storage::Table::batch_failed, r.id + "/", {}, [&](std::string_view key, std::string_view) {
    if (remade == kRetryChunk) return !(more = true);
    ++remade;
    write.erase(storage::Table::batch_failed, std::string(key));
    const auto old_id = suffix_after_slash(key);
    auto stored = storage::get_json(*st.services->db, storage::Table::generations,
                                    storage::keys::scoped(r.workspace_id, old_id));
    if (!stored) return true;
    auto old = generation_from_storage(*stored);
    Generation g = old;
    g.id = ids::make("gen");
    g.status = GenerationStatus::pending;
    g.created_ms = now_ms;
    g.started_ms = g.completed_ms = 0;
    g.outputs.clear();
    g.error = nullptr;
    g.warnings.clear();
    g.attempts = 0;
    put_item(write, g);
    write.erase(storage::Table::batch_items, items_prefix(r) + old_id);
    if (auto data = st.services->db->get(storage::Table::generation_data, old_id))
      write.put(storage::Table::generation_data, g.id, *data);
    --r.counts.failed;
    --r.counts.handed;
    return true;
  });
  if (!more) r.retry_requested = false;
  return remade > 0 || !more;
}

// Queues made items for rendering up to the window; a canceled batch cancels them.
bool hand_over(BatchState& st, storage::Batch& write, std::int64_t now_ms) {
  auto& r = st.record;
  const bool canceling = r.status == "canceled";
  std::int64_t in_flight = r.counts.running();
  std::size_t handed = 0;
  storage::ScanOptions options;
  options.start_after = r.handover_cursor;
  st.services->db->scan(storage::Table::batch_items, items_prefix(r), options, [&](std::string_view key, std::string_view) {
    if (canceling ? handed == kCancelChunk : in_flight >= st.window) return false;
    const auto id = suffix_after_slash(key);
    r.handover_cursor = std::string(key);
    ++r.counts.handed;
    ++handed;
    if (canceling) {
      auto stored = storage::get_json(*st.services->db, storage::Table::generations,
                                      storage::keys::scoped(r.workspace_id, id));
      if (!stored) return true;
      auto g = generation_from_storage(*stored);
      std::vector<std::string> outbox;
      if (transition(g, GenerationStatus::canceled, now_ms)) write.append(terminal_batch(*st.services, g, &outbox));
      st.outbox.insert(st.outbox.end(), outbox.begin(), outbox.end());
      return true;
    }
    write.put(storage::Table::queue, id, r.workspace_id);
    st.admit.push_back(id);
    ++in_flight;
    return true;
  });
  return handed > 0;
}

bool expand_inputs(BatchState& st, storage::Batch& write, std::int64_t now_ms) {
  auto& r = st.record;
  std::size_t made = 0;
  storage::ScanOptions options;
  options.start_after = r.expansion_cursor;
  bool more = false;
  st.services->db->scan(storage::Table::batch_inputs, r.id + "/", options, [&](std::string_view key, std::string_view value) {
    if (made == kExpandChunk) return !(more = true);
    ++made;
    r.expansion_cursor = std::string(key);
    write.erase(storage::Table::batch_inputs, std::string(key));  // the generation holds it from now on
    const auto item = nlohmann::json::parse(value);
    Generation g = new_item(r, now_ms);
    g.batch_item_key = item.value("key", nlohmann::json());
    if (item.contains("metadata"))
      for (const auto& [name, text] : item["metadata"].items()) g.metadata[name] = text;
    if (item.contains("filters")) {
      g.data_source_id = r.data_source_id;
      g.filters = item["filters"];
    } else {
      write.put(storage::Table::generation_data, g.id, item["data"].dump());
    }
    put_item(write, g);
    ++r.counts.total;
    return true;
  });
  if (!more) r.expanded = true;
  return true;
}

bool expand_records(BatchState& st, storage::Batch& write, std::int64_t now_ms) {
  auto& r = st.record;
  const auto prefix = storage::keys::records_prefix(r.workspace_id, r.data_source_id);
  const bool filtered = r.filters.is_object() && !r.filters.empty();
  std::size_t made = 0, scanned = 0;
  storage::ScanOptions options;
  options.start_after = r.expansion_cursor;
  bool more = false;
  st.services->db->scan(storage::Table::records, prefix, options, [&](std::string_view key, std::string_view value) {
    if (made == kExpandChunk || scanned == kRecordsScannedPerStep || r.counts.total >= st.services->settings.batch_max_items)
      return !(more = r.counts.total < st.services->settings.batch_max_items);
    ++scanned;
    r.expansion_cursor = std::string(key);
    if (filtered) {
      auto record = nlohmann::json::parse(value, nullptr, false);
      if (record.is_discarded() || !storage::records::matches(record, r.filters)) return true;
    }
    Generation g = new_item(r, now_ms);
    g.data_source_id = r.data_source_id;
    g.batch_record_seq = std::stoll(std::string(key.substr(prefix.size())));
    put_item(write, g);
    ++made;
    ++r.counts.total;
    return true;
  });
  if (!more) r.expanded = true;
  return true;
}

// The batch's last write: finished, its event, no longer resumed on start.
void finish_batch(batch_actor* self, storage::Batch& write, std::int64_t now_ms) {
  auto& st = self->state;
  auto& r = st.record;
  r.completed_ms = now_ms;
  if (r.status != "canceled") {
    r.status = "completed";
    if (r.started_ms == 0) r.started_ms = now_ms;
    auto keys = webhooks::append_batch_event(*st.services, r, now_ms, write);
    st.outbox.insert(st.outbox.end(), keys.begin(), keys.end());
  }
  write.erase(storage::Table::active_batches, st.key);
  st.finished = true;
}

void commit_record(batch_actor* self, storage::Batch write);

// Every item is terminal: the ZIP is written on the I/O pool, then the batch finishes with it.
void start_bundle(batch_actor* self) {
  auto& st = self->state;
  st.bundling = true;
  auto me = caf::actor_cast<caf::actor>(self);
  st.services->io->post([me, services = st.services, record = st.record] {
    auto bundle = write_batch_bundle(*services, record, clock::now_ms());
    nlohmann::json written = nullptr;
    if (bundle.ok && !bundle.file.file_id.empty()) written = {{"file", bundle.file}, {"record", bundle.record}};
    caf::anon_send(me, stored_atom::value, bundle.ok, bundle.error, written.dump());
  });
}

void on_bundled(batch_actor* self, bool ok, const std::string& error, const std::string& written) {
  auto& st = self->state;
  st.bundling = false;
  if (st.committing || !batch_items_finished(st.record)) return self->send(self, tick_atom::value);  // a retry came meanwhile
  storage::Batch write;
  if (!ok) spdlog::error("batch {}: the bundle could not be written: {}", st.record.id, error);
  const auto bundle = nlohmann::json::parse(written);
  if (bundle.is_object()) {
    st.record.bundle_file = bundle["file"].get<BatchBundleFile>();
    storage::put_json(write, storage::Table::files, st.record.bundle_file->file_id, bundle["record"].get<FileRecord>());
  }
  finish_batch(self, write, clock::now_ms());
  commit_record(self, std::move(write));
}

void commit_record(batch_actor* self, storage::Batch write) {
  auto& st = self->state;
  storage::put_json(write, storage::Table::batches, st.key, st.record);
  // Resumed on start until finished (a retry makes a finished batch unfinished again).
  if (!st.finished) write.put(storage::Table::active_batches, st.key, "");
  st.committing = true;
  st.dirty = false;
  commit_then_notify(*st.services, std::move(write), caf::actor_cast<caf::actor>(self), 0);
}

void step(batch_actor* self) {
  auto& st = self->state;
  if (st.committing || st.bundling) return;
  auto& r = st.record;
  const auto now = clock::now_ms();
  storage::Batch write;
  const bool ended = r.completed_ms != 0 && !r.retry_requested;
  bool changed = false;
  if (!ended) {
    changed |= fold_marks(st, write);
    if (r.retry_requested) changed |= remake_failed(st, write, now);
    changed |= hand_over(st, write, now);
    if (!r.expanded) changed |= r.from_items ? expand_inputs(st, write, now) : expand_records(st, write, now);
    if (r.status == "pending" && r.counts.handed > 0) {
      r.status = "running";
      r.started_ms = now;
    }
    if (batch_items_finished(r) && !st.bundling) {
      if (r.bundle_zip && r.status != "canceled")
        return start_bundle(self);
      finish_batch(self, write, now);
      changed = true;
    }
  }
  if (changed || st.dirty) {
    st.idle_steps = 0;
    return commit_record(self, std::move(write));
  }
  // A finished batch's driver stays a moment for a cancel or retry sent as it was started.
  if (ended && ++st.idle_steps > 1) return self->quit();
  self->delayed_send(self, kIdlePoll, tick_atom::value);
}

void on_committed(batch_actor* self, bool ok, const std::string& error) {
  auto& st = self->state;
  st.committing = false;
  auto replies = std::move(st.replies);
  st.replies.clear();
  if (!ok) {
    // Nothing of the step is on disk: read the record back and go on from there.
    spdlog::error("batch {}: write failed: {}", st.record.id, error);
    for (auto& reply : replies) reply.deliver(std::string());
    st.admit.clear();
    st.outbox.clear();
    st.finished = false;
    if (auto stored = storage::get_json(*st.services->db, storage::Table::batches, st.key))
      st.record = stored->get<BatchRecord>();
    self->delayed_send(self, kIdlePoll, tick_atom::value);
    return;
  }
  for (const auto& id : st.admit) self->send(st.workspace, admit_atom::value, id);
  st.admit.clear();
  st.services->outbox_signal.notify(std::move(st.outbox));
  st.outbox.clear();
  const auto view = batch_view(st.record, *st.services, clock::now_ms()).dump();
  for (auto& reply : replies) reply.deliver(view);
  if (st.finished) return self->quit();
  self->send(self, tick_atom::value);
}

// Answers a cancel or retry with the batch view once the change is durable,
// or at once with {"refused": true, "status": <the batch's status>}.
caf::result<std::string> change(batch_actor* self, bool cancel) {
  auto& st = self->state;
  auto& r = st.record;
  if (cancel) {
    if (r.status == "completed" || r.status == "canceled")
      return nlohmann::json{{"refused", true}, {"status", r.status}}.dump();
    r.status = "canceled";
  } else {
    if (r.status == "canceled") return nlohmann::json{{"refused", true}, {"status", r.status}}.dump();
    r.retry_requested = true;
    r.failed_items.clear();
    if (r.completed_ms != 0) {
      r.status = "running";
      r.completed_ms = 0;
      r.bundle_file.reset();
    }
  }
  st.dirty = true;
  st.idle_steps = 0;
  auto promise = self->make_response_promise();
  st.replies.push_back(promise);
  if (!st.committing) commit_record(self, storage::Batch());
  return promise;
}

caf::behavior batch_driver(batch_actor* self, Services* services, caf::actor workspace, std::string workspace_id,
                           std::string batch_id, int window) {
  auto& st = self->state;
  st.services = services;
  st.workspace = std::move(workspace);
  st.window = window;
  st.key = storage::keys::scoped(workspace_id, batch_id);
  auto stored = storage::get_json(*services->db, storage::Table::batches, st.key);
  if (!stored) {
    self->quit();
    return {};
  }
  st.record = stored->get<BatchRecord>();
  self->monitor(st.workspace);  // a driver never outlives its workspace actor (a new one starts its own)
  self->set_down_handler([self](caf::down_msg&) { self->quit(); });
  self->send(self, tick_atom::value);
  return {
      [self](tick_atom) { step(self); },
      [self](stored_atom, bool ok, const std::string& error, const std::string& written) {
        on_bundled(self, ok, error, written);
      },
      [self](committed_atom, std::uint64_t, bool ok, const std::string& error) { on_committed(self, ok, error); },
      [self](cancel_atom) { return change(self, true); },
      [self](retry_atom) { return change(self, false); },
  };
}

}  // namespace

caf::actor spawn_batch_driver(caf::event_based_actor* workspace, Services& services, const std::string& workspace_id,
                              const std::string& batch_id, int window) {
  return workspace->spawn(batch_driver, &services, caf::actor_cast<caf::actor>(workspace), workspace_id, batch_id,
                          window);
}

}  // namespace s2d
