// The render pool: per-workspace queues served round-robin into the free
// slots of the render nodes (the local one, and in a cluster the workers
// that joined), least-loaded node first. It keeps every render in flight
// per node, with its request: a render whose slot crashed, or whose node
// was lost (CAF answers nothing for a dead node, only the down message
// tells), runs again elsewhere, up to render.max_attempts.
#include "actors/actors.hpp"
#include "generation/render_job.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <map>

namespace s2d {
namespace {

struct Job {
  render_request request;
  caf::response_promise promise;
  int attempts = 0;  // slots it has been handed to
  std::size_t bytes = 0;
};

std::size_t bytes_of(const render_request& request) {
  std::size_t bytes = request.source.size() + request.data_json.size();
  for (const auto& asset : request.assets) bytes += asset.bytes.size();
  return bytes;
}

struct Node {
  std::string id, name, address, version;
  caf::actor actor;
  int slots = 0;
  std::string state = "ready";  // ready, draining, lost
  std::map<std::uint64_t, Job> in_flight;  // by dispatch serial
  std::size_t bytes_in_flight = 0;
  std::uint64_t completed = 0, failed = 0, redispatched = 0, restarts = 0;
  std::int64_t joined_ms = 0, last_seen_ms = 0;
};

struct PoolState {
  PoolOptions options;
  std::vector<Node> nodes;
  std::map<std::string, std::deque<Job>> queues;  // per workspace
  std::deque<std::string> turn;                   // workspaces with work, in round-robin order
  std::uint64_t serial = 0;
  std::uint64_t completed = 0, failed = 0;
};

using pool_actor = caf::stateful_actor<PoolState>;

void enqueue(PoolState& st, Job job, bool front) {
  auto workspace = job.request.workspace_id;
  auto& queue = st.queues[workspace];
  if (queue.empty()) st.turn.push_back(workspace);
  if (front)
    queue.push_front(std::move(job));
  else
    queue.push_back(std::move(job));
}

Job next_job(PoolState& st) {
  auto workspace = st.turn.front();
  st.turn.pop_front();
  auto& queue = st.queues[workspace];
  Job job = std::move(queue.front());
  queue.pop_front();
  if (queue.empty())
    st.queues.erase(workspace);
  else
    st.turn.push_back(workspace);
  return job;
}

// The node with a free slot and the smallest share of its slots busy. BASP
// has no back-pressure: a node with max_bytes_in_flight of requests on
// its way gets no more until some come back.
Node* least_loaded(PoolState& st) {
  Node* best = nullptr;
  for (auto& node : st.nodes) {
    const auto busy = node.in_flight.size();
    if (node.state != "ready" || busy >= std::size_t(node.slots)) continue;
    if (busy > 0 && node.bytes_in_flight >= st.options.max_bytes_in_flight) continue;
    if (!best || busy * std::size_t(best->slots) < best->in_flight.size() * std::size_t(node.slots)) best = &node;
  }
  return best;
}

void dispatch(pool_actor* self);

Node* find_node(PoolState& st, const std::string& id) {
  for (auto& node : st.nodes)
    if (node.id == id) return &node;
  return nullptr;
}

void finish(pool_actor* self, const std::string& node_id, std::uint64_t serial, slot_outcome outcome) {
  auto& st = self->state;
  Node* node = find_node(st, node_id);
  if (!node) return;
  auto it = node->in_flight.find(serial);
  if (it == node->in_flight.end()) return;  // already given to another node
  Job job = std::move(it->second);
  node->in_flight.erase(it);
  node->bytes_in_flight -= job.bytes;
  node->last_seen_ms = clock::now_ms();
  if (!outcome.death.empty()) ++node->restarts;
  if (outcome.death == "crashed" && job.attempts < st.options.max_attempts) {
    spdlog::warn("render of {} crashed its slot on {} (attempt {} of {}); trying again", job.request.generation_id,
                 node->name, job.attempts, st.options.max_attempts);
    ++node->redispatched;
    enqueue(st, std::move(job), /*front=*/true);
  } else {
    const bool ok = outcome.reply.ok;
    ++(ok ? node->completed : node->failed);
    ++(ok ? st.completed : st.failed);
    job.promise.deliver(std::move(outcome.reply));
  }
  dispatch(self);
}

void dispatch(pool_actor* self) {
  auto& st = self->state;
  while (!st.turn.empty()) {
    Node* node = least_loaded(st);
    if (!node) return;
    Job job = next_job(st);
    ++job.attempts;
    job.bytes = bytes_of(job.request);
    const auto serial = ++st.serial;
    auto request = job.request;  // kept in flight: a lost node's renders run again elsewhere
    node->bytes_in_flight += job.bytes;
    node->in_flight.emplace(serial, std::move(job));
    auto id = node->id;
    self->request(node->actor, caf::infinite, std::move(request))
        .then([self, id, serial](slot_outcome& outcome) { finish(self, id, serial, std::move(outcome)); },
              [self, id, serial](caf::error& error) {
                slot_outcome outcome;
                outcome.death = "crashed";
                outcome.reply.error_json =
                    generation_error("render_error", "render_failed",
                                     "The render node failed: " + self->system().render(error))
                        .dump();
                finish(self, id, serial, std::move(outcome));
              });
  }
}

// A lost node's renders go back to the front of their queues (the node
// may have rendered them, but its answers will never come), each bounded by
// render.max_attempts, then worker_lost.
void node_lost(pool_actor* self, Node& node) {
  auto& st = self->state;
  const bool drained = node.state == "draining" && node.in_flight.empty();
  node.state = "lost";
  for (auto& [serial, job] : node.in_flight) {
    if (job.attempts < st.options.max_attempts) {
      ++node.redispatched;
      enqueue(st, std::move(job), /*front=*/true);
      continue;
    }
    render_reply reply;
    reply.generation_id = job.request.generation_id;
    reply.error_json = generation_error("render_error", "worker_lost",
                                        "The render node was lost " + std::to_string(job.attempts) +
                                            " times while rendering; giving up.")
                           .dump();
    ++node.failed;
    ++st.failed;
    job.promise.deliver(std::move(reply));
  }
  if (!node.in_flight.empty())
    spdlog::warn("render node {} ({}) lost with {} renders in flight: dispatching them again", node.name, node.id,
                 node.in_flight.size());
  else if (!drained)
    spdlog::warn("render node {} ({}) lost", node.name, node.id);
  node.in_flight.clear();
  node.bytes_in_flight = 0;
  if (drained) {
    spdlog::info("render node {} ({}) drained and left", node.name, node.id);
    auto id = node.id;
    st.nodes.erase(std::remove_if(st.nodes.begin(), st.nodes.end(), [&](const Node& n) { return n.id == id; }),
                   st.nodes.end());
  }
  dispatch(self);
}

void node_up(pool_actor* self, Node node) {
  auto& st = self->state;
  self->monitor(node.actor);
  // A worker that comes back under its name takes the place of its lost self.
  st.nodes.erase(std::remove_if(st.nodes.begin(), st.nodes.end(),
                                [&](const Node& n) { return n.state == "lost" && n.name == node.name; }),
                 st.nodes.end());
  spdlog::info("render node {} ({}) joined from {} with {} slots", node.name, node.id, node.address, node.slots);
  st.nodes.push_back(std::move(node));
  dispatch(self);
}

nlohmann::json node_view(const Node& node) {
  return {{"id", node.id}, {"object", "node"}, {"name", node.name}, {"address", node.address},
          {"version", node.version}, {"state", node.state}, {"slots", node.slots},
          {"busy", node.in_flight.size()}, {"completed", node.completed}, {"failed", node.failed},
          {"redispatched", node.redispatched}, {"restarts", node.restarts},
          {"joined_at", clock::rfc3339(node.joined_ms)}, {"last_seen_at", clock::rfc3339(node.last_seen_ms)}};
}

// The pool's counts and each node's own report (slot states, deaths by
// cause), gathered from every node that is not lost.
caf::result<std::string> report(pool_actor* self, bool nodes_only) {
  struct Gathered {
    caf::response_promise promise;
    nlohmann::json report;
    bool nodes_only = false;
    std::size_t waiting = 0;
    void done() {
      if (--waiting > 0) return;
      if (!nodes_only) return promise.deliver(report.dump());
      for (auto& node : report["nodes"]) node.erase("slot_states");
      promise.deliver(nlohmann::json{{"object", "list"}, {"data", report["nodes"]}, {"has_more", false}}.dump());
    }
  };
  auto& st = self->state;
  auto gathered = std::make_shared<Gathered>();
  gathered->promise = self->make_response_promise();
  gathered->nodes_only = nodes_only;
  std::size_t queued = 0, busy = 0;
  int slots = 0;
  for (const auto& [ws, queue] : st.queues) queued += queue.size();
  for (const auto& node : st.nodes) {
    busy += node.in_flight.size();
    if (node.state != "lost") slots += node.slots;
  }
  gathered->report = {{"slots", slots}, {"busy", busy}, {"queued", queued}, {"completed", st.completed},
                      {"failed", st.failed}, {"nodes", nlohmann::json::array()}};
  gathered->waiting = 1;
  for (std::size_t i = 0; i < st.nodes.size(); ++i) {
    const auto& node = st.nodes[i];
    gathered->report["nodes"].push_back(node_view(node));
    if (node.state == "lost") continue;
    ++gathered->waiting;
    self->request(node.actor, std::chrono::seconds(2), stats_atom::value)
        .then(
            [gathered, i](const std::string& stats) {
              auto node = nlohmann::json::parse(stats, nullptr, false);
              auto& entry = gathered->report["nodes"][i];
              if (node.is_object())
                for (const char* field : {"timeouts", "memory_kills", "crashes", "restarts", "slot_states"})
                  if (node.contains(field)) entry[field] = node[field];
              gathered->done();
            },
            [gathered](caf::error&) { gathered->done(); });
  }
  gathered->done();
  return caf::delegated<std::string>();
}

caf::behavior render_pool(pool_actor* self, caf::actor local_node, PoolOptions options) {
  auto& st = self->state;
  st.options = options;
  if (local_node && options.local_slots > 0) {
    self->link_to(local_node);
    Node local;
    local.id = ids::make("node");
    local.name = "local";
    local.address = "local";
    local.version = options.version;
    local.actor = local_node;
    local.slots = options.local_slots;
    local.joined_ms = local.last_seen_ms = clock::now_ms();
    st.nodes.push_back(std::move(local));
  }
  self->set_down_handler([self](caf::down_msg& down) {
    for (auto& node : self->state.nodes)
      if (node.actor.address() == down.source && node.state != "lost") return node_lost(self, node);
  });
  return {
      [self](render_request& request) -> caf::result<render_reply> {
        auto promise = self->make_response_promise();
        enqueue(self->state, {std::move(request), promise, 0, 0}, /*front=*/false);
        dispatch(self);
        return caf::delegated<render_reply>();
      },
      [self](node_up_atom, const std::string& id, const std::string& name, const std::string& address,
             const std::string& version, std::int32_t slots, caf::actor actor) {
        Node node;
        node.id = id;
        node.name = name;
        node.address = address;
        node.version = version;
        node.actor = std::move(actor);
        node.slots = slots;
        node.joined_ms = node.last_seen_ms = clock::now_ms();
        node_up(self, std::move(node));
      },
      [self](heartbeat_atom, const std::string& id) {
        if (auto* node = find_node(self->state, id)) node->last_seen_ms = clock::now_ms();
      },
      [self](drain_atom, const std::string& id) {
        auto* node = find_node(self->state, id);
        if (!node || node->state == "lost") return false;
        if (node->state != "draining")
          spdlog::info("render node {} ({}) draining: {} renders in flight", node->name, id, node->in_flight.size());
        node->state = "draining";
        return true;
      },
      [self](stats_atom) { return report(self, false); },
      [self](nodes_atom) { return report(self, true); },
  };
}

}  // namespace

caf::actor spawn_render_pool(caf::actor_system& system, caf::actor local_node, const PoolOptions& options) {
  return system.spawn(render_pool, std::move(local_node), options);
}

}  // namespace s2d
