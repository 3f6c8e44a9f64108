// The cluster registry: the coordinator's only published actor. BASP
// authenticates nobody, so a node's first message must carry the cluster
// token; the registry answers nothing but a refusal until it has, and takes
// heartbeats and drains only from nodes that joined.
#include "actors/actors.hpp"
#include "core/ids.hpp"
#include "slots/cluster_token.hpp"

#include <caf/io/all.hpp>
#include <spdlog/spdlog.h>

#include <cctype>
#include <unordered_map>

namespace s2d {
namespace {

struct RegistryState {
  caf::actor render_pool;
  std::string token;
  int timeout_seconds = 0;
  std::unordered_map<caf::node_id, std::string> joined;  // BASP node -> our node id
};

using registry_actor = caf::stateful_actor<RegistryState>;

// Names show up in logs, the admin API and metric labels: keep them plain.
bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

// An unauthenticated peer's name, safe for one log line.
std::string printable(const std::string& name) {
  std::string out = name.substr(0, 64);
  for (char& c : out)
    if (!std::isprint(static_cast<unsigned char>(c))) c = '?';
  return out;
}

join_reply refuse(const std::string& reason) {
  join_reply reply;
  reply.reason = reason;
  return reply;
}

// The node's host as the middleman sees it, then the node goes to the pool.
void announce(registry_actor* self, const join_request& join, caf::actor node, const std::string& id) {
  auto forward = [self, join, node, id](const std::string& address) {
    self->send(self->state.render_pool, node_up_atom::value, id, join.name, address, join.version, join.slots, node);
  };
  self->request(self->system().middleman().actor_handle(), std::chrono::seconds(5), caf::get_atom::value,
                node.node())
      .then([forward](const caf::node_id&, const std::string& host, std::uint16_t port) {
              forward(host + ":" + std::to_string(port));
            },
            [forward](caf::error&) { forward(""); });
}

join_reply on_join(registry_actor* self, const join_request& join, const caf::actor& node) {
  auto& st = self->state;
  auto peer = self->current_sender() ? caf::to_string(self->current_sender()->node()) : std::string("unknown");
  if (!slots::cluster_token_matches(st.token, join.token)) {
    spdlog::warn("cluster: refused node '{}' ({}): wrong cluster token", printable(join.name), peer);
    return refuse("wrong cluster token");
  }
  if (join.wire_version != kClusterWireVersion) {
    spdlog::warn("cluster: refused node '{}' ({}): it speaks wire version {}, this coordinator speaks {}",
                 printable(join.name),
                 peer, join.wire_version, kClusterWireVersion);
    return refuse("wire version " + std::to_string(join.wire_version) + " is not this coordinator's " +
                  std::to_string(kClusterWireVersion));
  }
  if (!valid_name(join.name)) {
    spdlog::warn("cluster: refused a node ({}): its name is not 1 to 64 letters, digits, '.', '_' or '-'", peer);
    return refuse("a node name is 1 to 64 letters, digits, '.', '_' or '-'");
  }
  if (!node || join.slots < 1 || join.slots > 256) {
    spdlog::warn("cluster: refused node '{}' ({}): no render node or a slot count out of 1..256", join.name, peer);
    return refuse("a joining node needs a render node with 1 to 256 slots");
  }
  auto id = ids::make("node");
  st.joined[node.node()] = id;
  announce(self, join, node, id);
  join_reply reply;
  reply.accepted = true;
  reply.node_id = id;
  reply.timeout_seconds = st.timeout_seconds;
  return reply;
}

// The id of the joined node that sent the current message, or empty.
std::string joined_sender(registry_actor* self) {
  if (!self->current_sender()) return {};
  auto it = self->state.joined.find(self->current_sender()->node());
  return it == self->state.joined.end() ? std::string() : it->second;
}

caf::behavior cluster_registry(registry_actor* self, caf::actor render_pool, std::string token, int timeout_seconds) {
  auto& st = self->state;
  st.render_pool = std::move(render_pool);
  st.token = std::move(token);
  st.timeout_seconds = timeout_seconds;
  // Anything else from anyone: dropped without an answer.
  self->set_default_handler(caf::drop);
  return {
      [self](join_atom, const join_request& join, const caf::actor& node) { return on_join(self, join, node); },
      [self](heartbeat_atom) {
        auto id = joined_sender(self);
        if (!id.empty()) self->send(self->state.render_pool, heartbeat_atom::value, id);
      },
      [self](drain_atom) -> caf::result<caf::message> {
        auto id = joined_sender(self);
        if (id.empty()) return caf::make_message(false);
        return self->delegate(self->state.render_pool, drain_atom::value, id);
      },
  };
}

}  // namespace

void cluster_heartbeats(caf::actor_system_config& cfg) {
  cfg.set("middleman.heartbeat-interval", caf::timespan{std::chrono::seconds(2)});
  cfg.set("middleman.connection-timeout", caf::timespan{std::chrono::seconds(15)});
}

caf::actor spawn_cluster_registry(caf::actor_system& system, caf::actor render_pool, std::string token,
                                  int timeout_seconds) {
  return system.spawn(cluster_registry, std::move(render_pool), std::move(token), timeout_seconds);
}

}  // namespace s2d
