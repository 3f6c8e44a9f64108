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

// Render pool: `threads` detached workers fed from per-workspace queues in
// round-robin, so one workspace's batch can't starve another's document.
// Answers render_request with render_reply.
caf::actor spawn_render_pool(caf::actor_system& system, int threads);

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

// Webhook dispatcher: loads every pending outbox entry, then makes each
// delivery attempt through `pool` when it is due, within the concurrency
// limits. `(outbox_atom, keys)` tells it of entries committed since.
caf::actor spawn_webhook_dispatcher(caf::actor_system& system, Services& services, webhooks::DeliveryPool& pool);

// Reports a committed (or failed) batch back to `actor` as
// (committed_atom, token, ok, error). sync = false: see storage::Committer.
void commit_then_notify(Services& services, storage::Batch batch, caf::actor actor, std::uint64_t token,
                        bool sync = true);

}  // namespace s2d
