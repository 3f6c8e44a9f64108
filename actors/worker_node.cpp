// The worker's side of the cluster: a render node of its own, and an agent
// that connects to the coordinator's registry (asynchronously: a blocking
// remote_actor() has no timeout), joins with the cluster token, sends
// heartbeats, reconnects with backoff when the coordinator goes away (CAF
// does not), and drains on SIGTERM.
#include "actors/worker.hpp"

#include "actors/actors.hpp"

#include <caf/io/all.hpp>
#include <spdlog/spdlog.h>

#include <atomic>

namespace s2d {
namespace {

constexpr auto kHeartbeat = std::chrono::seconds(2);
constexpr auto kFirstBackoff = std::chrono::milliseconds(250);
constexpr auto kMaxBackoff = std::chrono::seconds(5);

struct AgentState {
  WorkerOptions options;
  caf::actor node;
  caf::actor registry;  // set once joined
  std::string node_id;
  std::chrono::milliseconds backoff = kFirstBackoff;
  bool connecting = false;
  bool draining = false;
  std::vector<caf::response_promise> drained;  // answered once the node is idle
  std::atomic<bool>* refused = nullptr;
};

using agent_actor = caf::stateful_actor<AgentState>;

void retry_later(agent_actor* self) {
  auto& st = self->state;
  st.connecting = false;
  if (st.draining) return;
  self->delayed_send(self, st.backoff, connect_to_atom::value);
  st.backoff = std::min<std::chrono::milliseconds>(st.backoff * 2, kMaxBackoff);
}

void join(agent_actor* self, caf::actor registry) {
  auto& st = self->state;
  join_request request;
  request.token = st.options.token;
  request.name = st.options.name;
  request.version = S2D_VERSION;
  request.slots = st.options.slots;
  if (st.options.wire_version) request.wire_version = st.options.wire_version;
  self->request(registry, std::chrono::seconds(10), join_atom::value, request, st.node)
      .then(
          [self, registry](const join_reply& reply) {
            auto& s = self->state;
            s.connecting = false;
            if (!reply.accepted) {
              spdlog::error("cluster: the coordinator refused this node: {}", reply.reason);
              s.refused->store(true);
              return;
            }
            s.registry = registry;
            s.node_id = reply.node_id;
            s.backoff = kFirstBackoff;
            self->monitor(registry);
            if (reply.timeout_seconds > 0) self->send(s.node, timeout_atom::value, reply.timeout_seconds);
            spdlog::info("cluster: joined {}:{} as {} ({}) with {} slots", s.options.host, s.options.port,
                         s.options.name, s.node_id, s.options.slots);
          },
          [self](caf::error& error) {
            spdlog::warn("cluster: joining failed: {}", self->system().render(error));
            retry_later(self);
          });
}

void connect(agent_actor* self) {
  auto& st = self->state;
  if (st.connecting || st.registry || st.draining) return;
  st.connecting = true;
  self->request(self->system().middleman().actor_handle(), std::chrono::seconds(5), caf::connect_atom::value,
                st.options.host, st.options.port)
      .then(
          [self](const caf::node_id&, caf::strong_actor_ptr& registry, const std::set<std::string>&) {
            if (!registry) return retry_later(self);
            join(self, caf::actor_cast<caf::actor>(std::move(registry)));
          },
          [self](caf::error& error) {
            spdlog::debug("cluster: cannot reach {}:{}: {}", self->state.options.host, self->state.options.port,
                          self->system().render(error));
            retry_later(self);
          });
}

void answer_drained(agent_actor* self) {
  for (auto& promise : self->state.drained) promise.deliver(true);
  self->state.drained.clear();
}

// Drained when the node has nothing queued or rendering.
void await_idle(agent_actor* self) {
  self->request(self->state.node, std::chrono::seconds(5), stats_atom::value)
      .then(
          [self](const std::string& stats) {
            auto node = nlohmann::json::parse(stats, nullptr, false);
            if (node.is_object() && node.value("busy", 1) == 0 && node.value("queued", 1) == 0)
              return answer_drained(self);
            self->delayed_send(self, std::chrono::milliseconds(100), tick_atom::value);
          },
          [self](caf::error&) { answer_drained(self); });
}

caf::behavior agent(agent_actor* self, WorkerOptions options, caf::actor node, std::atomic<bool>* refused) {
  auto& st = self->state;
  st.options = std::move(options);
  st.node = std::move(node);
  st.refused = refused;
  self->set_down_handler([self](caf::down_msg& down) {
    auto& s = self->state;
    if (down.source != s.registry.address()) return;
    s.registry = nullptr;
    if (s.draining) return;
    spdlog::warn("cluster: lost the coordinator; reconnecting");
    s.backoff = kFirstBackoff;
    retry_later(self);
  });
  self->send(self, connect_to_atom::value);
  self->send(self, heartbeat_atom::value);
  return {
      [self](connect_to_atom) { connect(self); },
      [self](heartbeat_atom) {
        auto& s = self->state;
        if (s.registry) self->send(s.registry, heartbeat_atom::value);
        self->delayed_send(self, kHeartbeat, heartbeat_atom::value);
      },
      // From the worker's main thread: stop taking renders, answer once
      // those in flight are done.
      [self](drain_atom) -> caf::result<bool> {
        auto& s = self->state;
        s.draining = true;
        s.drained.push_back(self->make_response_promise());
        if (!s.registry) {
          await_idle(self);
          return caf::delegated<bool>();
        }
        spdlog::info("cluster: draining");
        self->request(s.registry, std::chrono::seconds(5), drain_atom::value)
            .then([self](bool) { await_idle(self); }, [self](caf::error&) { await_idle(self); });
        return caf::delegated<bool>();
      },
      [self](tick_atom) { await_idle(self); },
  };
}

}  // namespace

struct Worker::Impl {
  WorkerOptions options;
  std::unique_ptr<caf::actor_system_config> config;
  std::unique_ptr<caf::actor_system> system;
  caf::actor node;
  caf::actor agent;
  std::atomic<bool> refused{false};
};

Worker::Worker(WorkerOptions options) : impl_(std::make_unique<Impl>()) { impl_->options = std::move(options); }

Worker::~Worker() {
  if (!impl_->system) return;
  caf::anon_send_exit(impl_->agent, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(impl_->node, caf::exit_reason::user_shutdown);
  impl_->agent = nullptr;
  impl_->node = nullptr;
  impl_->system.reset();
}

void Worker::start() {
  auto& cfg = impl_->config;
  cfg = std::make_unique<caf::actor_system_config>();
  cfg->load<caf::io::middleman>();
  cfg->set("scheduler.max-threads", 2);
  cfg->set("scheduler.policy", caf::atom("sharing"));
  cluster_heartbeats(*cfg);
  add_message_types(*cfg);
  impl_->system = std::make_unique<caf::actor_system>(*cfg);
  NodeOptions node;
  node.slots = impl_->options.slots;
  node.max_memory_mb = impl_->options.max_memory_mb;
  node.max_result_bytes = impl_->options.max_result_bytes;
  impl_->node = spawn_render_node(*impl_->system, node);
  impl_->agent = impl_->system->spawn(agent, impl_->options, impl_->node, &impl_->refused);
}

bool Worker::refused() const { return impl_->refused.load(); }

void Worker::drain() {
  caf::scoped_actor self{*impl_->system};
  self->request(impl_->agent, caf::infinite, drain_atom::value)
      .receive([](bool) {}, [](caf::error&) {});
}

}  // namespace s2d
