// The supervisor: one workspace actor per workspace, spawned on demand and
// monitored; resumes unfinished generations at start.
#include "actors/actors.hpp"
#include "core/clock.hpp"

#include <spdlog/spdlog.h>
#include <unordered_map>

namespace s2d {
namespace {

struct SupervisorState {
  Services* services = nullptr;
  caf::actor render_pool;
  WorkspaceGone on_gone;
  std::unordered_map<std::string, caf::actor> workspaces;
  std::unordered_map<caf::actor_addr, std::string> by_address;
};

using supervisor_actor = caf::stateful_actor<SupervisorState>;

caf::actor workspace_for(supervisor_actor* self, const std::string& id) {
  auto& st = self->state;
  if (auto it = st.workspaces.find(id); it != st.workspaces.end()) return it->second;
  auto actor = spawn_workspace(self, *st.services, st.render_pool, id);
  self->monitor(actor);
  st.by_address[actor.address()] = id;
  st.workspaces.emplace(id, actor);
  return actor;
}

// Every generation still in the queue table was accepted but not finished
// when the previous process stopped: hand each back to its workspace.
void resume_unfinished(supervisor_actor* self) {
  std::vector<std::pair<std::string, std::string>> unfinished;  // generation, workspace
  self->state.services->db->scan(storage::Table::queue, "", {}, [&](std::string_view key, std::string_view ws) {
    unfinished.emplace_back(std::string(key), std::string(ws));
    return true;
  });
  for (const auto& [generation, ws] : unfinished)
    self->send(workspace_for(self, ws), admit_atom::value, generation);
  if (!unfinished.empty()) spdlog::info("resumed {} unfinished generations", unfinished.size());
  // Unfinished batches: their drivers go on from the cursors in their records.
  std::vector<std::string> batches;  // <ws>/<bat>
  self->state.services->db->scan(storage::Table::active_batches, "", {}, [&](std::string_view key, std::string_view) {
    batches.emplace_back(key);
    return true;
  });
  for (const auto& key : batches) {
    const auto slash = key.find('/');
    if (slash == std::string::npos) continue;
    self->send(workspace_for(self, key.substr(0, slash)), batch_atom::value, key.substr(slash + 1));
  }
  if (!batches.empty()) spdlog::info("resumed {} unfinished batches", batches.size());
}

// Asks the render pool and every workspace actor for its state and answers
// with one report once all have answered (or timed out).
caf::result<std::string> inspect(supervisor_actor* self) {
  struct Gathered {
    caf::response_promise promise;
    nlohmann::json report;
    std::size_t waiting = 0;
    void done() {
      if (--waiting == 0) promise.deliver(report.dump());
    }
  };
  auto gathered = std::make_shared<Gathered>();
  gathered->promise = self->make_response_promise();
  gathered->report = {{"object", "actor_report"},
                      {"generated_at", clock::rfc3339(clock::now_ms())},
                      {"node", {{"render_pool", nullptr}}},
                      {"workspaces", nlohmann::json::array()}};
  gathered->waiting = self->state.workspaces.size() + 1;
  const auto timeout = std::chrono::seconds(5);
  self->request(self->state.render_pool, timeout, stats_atom::value)
      .then(
          [gathered](const std::string& stats) {
            gathered->report["node"]["render_pool"] = nlohmann::json::parse(stats);
            gathered->done();
          },
          [gathered](caf::error&) { gathered->done(); });
  for (const auto& [id, actor] : self->state.workspaces) {
    auto workspace_id = id;
    self->request(actor, timeout, stats_atom::value)
        .then(
            [gathered](const std::string& stats) {
              gathered->report["workspaces"].push_back(nlohmann::json::parse(stats));
              gathered->done();
            },
            [gathered, workspace_id](caf::error&) {
              gathered->report["workspaces"].push_back({{"workspace_id", workspace_id}, {"error", "no answer"}});
              gathered->done();
            });
  }
  return caf::delegated<std::string>();
}

caf::behavior supervisor(supervisor_actor* self, Services* services, caf::actor render_pool, WorkspaceGone on_gone) {
  auto& st = self->state;
  st.services = services;
  st.render_pool = std::move(render_pool);
  st.on_gone = std::move(on_gone);

  self->set_down_handler([self](caf::down_msg& down) {
    auto& s = self->state;
    auto it = s.by_address.find(down.source);
    if (it == s.by_address.end()) return;
    auto id = it->second;
    s.by_address.erase(it);
    s.workspaces.erase(id);
    if (down.reason) spdlog::error("workspace actor {} stopped: {}", id, self->system().render(down.reason));
    s.on_gone(id);
    // Its queued generations would wait for the next start: bring it back now.
    if (down.reason && down.reason != caf::exit_reason::user_shutdown) resume_unfinished(self);
  });
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [id, actor] : self->state.workspaces) self->send_exit(actor, msg.reason);
    self->quit(msg.reason);
  });

  return {
      [self](workspace_atom, const std::string& id) { return workspace_for(self, id); },
      [self](resume_atom) { resume_unfinished(self); },
      [self](inspect_atom) { return inspect(self); },
  };
}

}  // namespace

caf::actor spawn_supervisor(caf::actor_system& system, Services& services, caf::actor render_pool,
                            WorkspaceGone on_gone) {
  return system.spawn(supervisor, &services, std::move(render_pool), std::move(on_gone));
}

void add_message_types(caf::actor_system_config& cfg) {
  cfg.add_message_type<render_asset>("s2d.render_asset.v1");
  cfg.add_message_type<std::vector<render_asset>>("s2d.render_asset_list.v1");
  cfg.add_message_type<render_request>("s2d.render_request.v2");
  cfg.add_message_type<render_output>("s2d.render_output.v1");
  cfg.add_message_type<std::vector<render_output>>("s2d.render_output_list.v1");
  cfg.add_message_type<render_reply>("s2d.render_reply.v1");
  cfg.add_message_type<slot_outcome>("s2d.slot_outcome.v1");
  cfg.add_message_type<join_request>("s2d.join_request.v1");
  cfg.add_message_type<join_reply>("s2d.join_reply.v1");
}

}  // namespace s2d
