#pragma once
// actors/: the CAF actors, their messages, and the engine that owns the actor system.
//
// Spawn functions of every actor, for the engine and for each other.
// Includes CAF: only actor .cpp files include this header.

#include "actors/messages.hpp"
#include "services/services.hpp"

#include <caf/all.hpp>

#include <functional>
#include <string>

namespace s2d {

namespace webhooks {
class DeliveryPool;
}

struct NodeOptions {
  int slots = 1;
  int timeout_seconds = 120;            // per render, from its start in a slot
  std::size_t max_memory_mb = 0;        // per slot process; 0: no limit
  std::size_t max_result_bytes = std::size_t(1) << 32;
};

// Render node: `slots` render slot processes (slots/), one render each at a
// time, killed at the timeout and replaced after every death. Answers
// render_request with slot_outcome; (stats_atom) -> JSON text.
caf::actor spawn_render_node(caf::actor_system& system, const NodeOptions& options);

struct PoolOptions {
  int local_slots = 0;
  int max_attempts = 3;
  std::size_t max_bytes_in_flight = std::size_t(256) << 20;  // per node
  std::string version;                                       // of this s2d
};

// Render pool: feeds the nodes' free slots (the local node's, and those of
// workers that joined: node_up_atom) from per-workspace queues in
// round-robin, so one workspace's batch can't starve another's document,
// and tries a render again when its slot crashed or its node was lost (up
// to max_attempts). Answers render_request with render_reply;
// (stats_atom) and (nodes_atom) -> JSON text.
caf::actor spawn_render_pool(caf::actor_system& system, caf::actor local_node, const PoolOptions& options);

// Heartbeats between cluster nodes: often enough to notice a silent peer in
// seconds, not so often that a slow handshake is dropped.
void cluster_heartbeats(caf::actor_system_config& cfg);

// Cluster registry (coordinator): the one actor published on
// cluster.listen. Answers (join_atom, join_request, node actor) with a
// join_reply after checking the token, then the wire version; forwards a
// joined node to the pool. Heartbeats and drains count only from joined
// nodes; everything else is ignored.
caf::actor spawn_cluster_registry(caf::actor_system& system, caf::actor render_pool, std::string token,
                                  int timeout_seconds);

// Called by the supervisor when a workspace actor stops, so callers stop
// sending to it.
using WorkspaceGone = std::function<void(const std::string& workspace_id)>;

// Supervisor: spawns one workspace actor per workspace on demand
// (`workspace_atom, id -> actor`), restarts them after a failure, and on
// `resume_atom` re-queues every generation that was not finished.
caf::actor spawn_supervisor(caf::actor_system& system, Services& services, caf::actor render_pool,
                            WorkspaceGone on_gone);

// Workspace actor: rate limit, idempotency, handlers, admission of its
// generations to rendering up to its concurrency share.
caf::actor spawn_workspace(caf::event_based_actor* supervisor, Services& services,
                           caf::actor render_pool, const std::string& workspace_id);

// Generation actor: one generation's state machine, from pending to a
// terminal state, every change persisted before it is acknowledged.
caf::actor spawn_generation(caf::event_based_actor* workspace, Services& services,
                            caf::actor render_pool, const std::string& generation_id,
                            const nlohmann::json& workspace_record);

// Batch driver: expands one unfinished batch into generations, hands them
// to `workspace` (admit_atom) at most `window` in flight, keeps its counts,
// finishes it. (cancel_atom) / (retry_atom) -> the batch view as JSON text,
// or {"refused": true, "status": ...} when the batch's status forbids it, or
// "" when the change could not be stored.
caf::actor spawn_batch_driver(caf::event_based_actor* workspace, Services& services, const std::string& workspace_id,
                              const std::string& batch_id, int window);

// Webhook dispatcher: loads every pending outbox entry, then makes each
// delivery attempt through `pool` when it is due, within the concurrency
// limits. `(outbox_atom, keys)` tells it of entries committed since.
caf::actor spawn_webhook_dispatcher(caf::actor_system& system, Services& services, webhooks::DeliveryPool& pool);

// Reports a committed (or failed) batch back to `actor` as
// (committed_atom, token, ok, error). sync = false: see storage::Committer.
void commit_then_notify(Services& services, storage::Batch batch, caf::actor actor, std::uint64_t token,
                        bool sync = true);

}  // namespace s2d
