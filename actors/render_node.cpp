// A render node: `slots` render slot processes, each driven by one detached
// runner (the pipe to its process blocks, so it gets its own thread). The
// node hands each render to an idle slot, starts the render's clock when it
// does, and SIGKILLs the slot's process when render.timeout_seconds pass.
// A slot that dies is replaced at once by its runner.
#include "actors/actors.hpp"
#include "generation/render_job.hpp"
#include "core/clock.hpp"
#include "slots/office_pdf.hpp"
#include "slots/process.hpp"
#include "slots/slot.hpp"

#include <spdlog/spdlog.h>

#include <deque>
#include <mutex>

namespace s2d {
namespace {

// The current process of one slot, shared by its runner (which replaces it)
// and the node (which kills it at the deadline).
class SlotControl {
 public:
  void set(slots::Process* process) {
    std::lock_guard<std::mutex> lock(mutex_);
    process_ = process;
  }
  void kill() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (process_) process_->kill();
  }

 private:
  std::mutex mutex_;
  slots::Process* process_ = nullptr;
};

slots::Job job_of(const render_request& request) {
  slots::Job job;
  job.template_kind = request.template_kind;
  job.source = request.source;
  job.data_json = request.data_json;
  job.formats = request.formats;
  job.locale = request.locale;
  job.default_locale = request.default_locale;
  job.timezone = request.timezone;
  for (const auto& asset : request.assets) job.assets.push_back({asset.name, asset.mime, asset.bytes});
  job.deterministic = request.deterministic;
  job.max_output_bytes = request.max_output_bytes;
  job.max_iterations = request.max_iterations;
  job.max_depth = request.max_depth;
  return job;
}

render_reply reply_of(const std::string& generation_id, render::Result result) {
  render_reply reply;
  reply.generation_id = generation_id;
  reply.warnings = std::move(result.warnings);
  if (result.error) {
    reply.error_json = failure_json(*result.error).dump();
    return reply;
  }
  reply.ok = true;
  for (auto& output : result.outputs)
    reply.outputs.push_back({output.format, output.content_type, std::move(output.bytes), output.pages});
  return reply;
}

slot_outcome died(const std::string& generation_id, const std::string& death, const std::string& message) {
  slot_outcome outcome;
  outcome.death = death;
  outcome.reply.generation_id = generation_id;
  outcome.reply.error_json =
      generation_error("render_error", "render_failed", message).dump();
  return outcome;
}

struct RunnerState {
  slots::Launch launch;
  std::shared_ptr<SlotControl> control;
  std::unique_ptr<slots::Process> process;  // destroyed with the state: killed and reaped
  int index = 0;
  int office_documents = 0;  // converted by the current process's LibreOffice
  // The node must not reach the process once it is gone.
  ~RunnerState() {
    if (control) control->set(nullptr);
  }
};

using runner_actor = caf::stateful_actor<RunnerState>;

void start_process(runner_actor* self) {
  auto& st = self->state;
  std::string error;
  st.process = slots::Process::spawn(st.launch, &error);
  st.office_documents = 0;
  if (!st.process) spdlog::error("render slot {}: {}", st.index, error);
  st.control->set(st.process.get());
}

void retire_process(runner_actor* self) {
  auto& st = self->state;
  st.control->set(nullptr);
  st.process.reset();  // closes its pipe, kills and reaps it
}

slot_outcome run_in_slot(runner_actor* self, const render_request& request) {
  auto& st = self->state;
  if (!st.process) start_process(self);
  if (!st.process) return died(request.generation_id, "crashed", "The render slot could not be started.");
  std::string error;
  auto result = st.process->run(job_of(request), &error);
  if (result) {
    // An allocation failed under the limit: start clean rather than keep a
    // fragmented heap.
    bool memory = result->error && result->error->context.value("limit", "") == slots::kMemoryLimit;
    slot_outcome outcome;
    outcome.reply = reply_of(request.generation_id, std::move(*result));
    if (memory) {
      outcome.death = "memory";
      retire_process(self);
      start_process(self);
    } else if (slots::uses_office(request.template_kind, request.formats) &&
               ++st.office_documents >= slots::kOfficeDocumentsPerSlot) {
      // LibreOffice starts once per process: a fresh one means a fresh slot.
      retire_process(self);
      start_process(self);
    }
    return outcome;
  }
  st.control->set(nullptr);
  auto exit = st.process->reap();
  st.process.reset();
  spdlog::warn("render slot {} ({}) died rendering {}: {}; restarting it", st.index, exit.describe(),
               request.generation_id, error);
  start_process(self);  // a fresh slot before the next render
  return died(request.generation_id, "crashed", "The renderer crashed (" + exit.describe() + ").");
}

caf::behavior slot_runner(runner_actor* self, slots::Launch launch, std::shared_ptr<SlotControl> control, int index) {
  auto& st = self->state;
  st.launch = std::move(launch);
  st.control = std::move(control);
  st.index = index;
  start_process(self);
  return {[self](const render_request& request) { return run_in_slot(self, request); }};
}

struct Slot {
  caf::actor runner;
  std::shared_ptr<SlotControl> control;
  bool busy = false;
  bool timed_out = false;
  std::uint64_t serial = 0;  // which render the deadline belongs to
  std::string generation_id;
  std::int64_t started_ms = 0;
};

struct Waiting {
  render_request request;
  caf::response_promise promise;
};

struct NodeState {
  NodeOptions options;
  std::vector<Slot> slots;
  std::deque<Waiting> waiting;
  std::uint64_t completed = 0, failed = 0, timeouts = 0, memory_kills = 0, crashes = 0, restarts = 0;
  // Stopping: kill the slots' processes so runners blocked on a render
  // return and exit with the node.
  ~NodeState() {
    for (auto& slot : slots) slot.control->kill();
  }
};

using node_actor = caf::stateful_actor<NodeState>;

void count_outcome(NodeState& st, const slot_outcome& outcome) {
  ++(outcome.reply.ok ? st.completed : st.failed);
  if (outcome.death.empty()) return;
  ++st.restarts;
  if (outcome.death == "timeout") ++st.timeouts;
  if (outcome.death == "memory") ++st.memory_kills;
  if (outcome.death == "crashed") ++st.crashes;
}

void start_next(node_actor* self, std::size_t index);

void start_render(node_actor* self, std::size_t index, Waiting waiting) {
  auto& slot = self->state.slots[index];
  slot.busy = true;
  slot.timed_out = false;
  const auto serial = ++slot.serial;
  slot.generation_id = waiting.request.generation_id;
  slot.started_ms = clock::now_ms();
  // The clock starts now, in the slot: time in any queue never counts.
  self->delayed_send(self, std::chrono::seconds(self->state.options.timeout_seconds), deadline_atom::value,
                     std::uint64_t(index), serial);
  auto promise = waiting.promise;
  auto generation_id = waiting.request.generation_id;
  self->request(slot.runner, caf::infinite, std::move(waiting.request))
      .then(
          [self, index, promise, generation_id](slot_outcome& outcome) mutable {
            auto& st = self->state;
            auto& s = st.slots[index];
            if (s.timed_out) {
              outcome = died(generation_id, "timeout", "");
              outcome.reply.error_json =
                  generation_error("render_error", "render_timeout",
                                   "Rendering took longer than " + std::to_string(st.options.timeout_seconds) + " s.")
                      .dump();
            }
            count_outcome(st, outcome);
            s.busy = false;
            s.generation_id.clear();
            promise.deliver(std::move(outcome));
            start_next(self, index);
          },
          [self, index, promise, generation_id](caf::error& error) mutable {
            auto& st = self->state;
            st.slots[index].busy = false;
            auto outcome = died(generation_id, "crashed", "The render slot failed: " + self->system().render(error));
            count_outcome(st, outcome);
            promise.deliver(std::move(outcome));
            start_next(self, index);
          });
}

void start_next(node_actor* self, std::size_t index) {
  auto& st = self->state;
  if (st.waiting.empty() || st.slots[index].busy) return;
  auto next = std::move(st.waiting.front());
  st.waiting.pop_front();
  start_render(self, index, std::move(next));
}

nlohmann::json node_stats(const NodeState& st) {
  auto now = clock::now_ms();
  nlohmann::json slots = nlohmann::json::array();
  int busy = 0;
  for (const auto& slot : st.slots) {
    if (!slot.busy) {
      slots.push_back({{"state", "idle"}});
      continue;
    }
    ++busy;
    slots.push_back({{"state", "rendering"}, {"generation_id", slot.generation_id}, {"for_ms", now - slot.started_ms}});
  }
  return {{"slots", st.slots.size()}, {"busy", busy}, {"queued", st.waiting.size()},
          {"completed", st.completed}, {"failed", st.failed}, {"timeouts", st.timeouts},
          {"memory_kills", st.memory_kills}, {"crashes", st.crashes}, {"restarts", st.restarts},
          {"slot_states", std::move(slots)}};
}

caf::behavior render_node(node_actor* self, NodeOptions options) {
  auto& st = self->state;
  st.options = options;
  slots::Launch launch;
  launch.max_memory_mb = options.max_memory_mb;
  launch.max_result_bytes = options.max_result_bytes;
  for (int i = 0; i < options.slots; ++i) {
    Slot slot;
    slot.control = std::make_shared<SlotControl>();
    slot.runner = self->spawn<caf::detached + caf::linked>(slot_runner, launch, slot.control, i);
    st.slots.push_back(std::move(slot));
  }
  return {
      [self](render_request& request) -> caf::result<slot_outcome> {
        auto& st = self->state;
        auto promise = self->make_response_promise();
        st.waiting.push_back({std::move(request), promise});
        for (std::size_t i = 0; i < st.slots.size(); ++i) start_next(self, i);
        return caf::delegated<slot_outcome>();
      },
      [self](deadline_atom, std::uint64_t index, std::uint64_t serial) {
        auto& st = self->state;
        if (index >= st.slots.size()) return;
        auto& slot = st.slots[index];
        if (!slot.busy || slot.serial != serial) return;
        spdlog::warn("render of {} passed {} s in slot {}: killing the slot", slot.generation_id,
                     st.options.timeout_seconds, index);
        slot.timed_out = true;
        slot.control->kill();
      },
      [self](stats_atom) { return node_stats(self->state).dump(); },
      // A worker learns the coordinator's render.timeout_seconds on joining.
      [self](timeout_atom, std::int32_t seconds) {
        if (seconds > 0) self->state.options.timeout_seconds = seconds;
      },
  };
}

}  // namespace

caf::actor spawn_render_node(caf::actor_system& system, const NodeOptions& options) {
  return system.spawn(render_node, options);
}

}  // namespace s2d
