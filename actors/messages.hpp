#pragma once
// CAF message types and atoms. Only actor .cpp files include this header.
//
// Render requests and replies carry everything (template source, data,
// assets, output bytes) and are serializable, so a render pool can run on
// another node without shared disk. Their names are part of
// the wire format: change a struct's fields only together with its name
// (s2d.render_request.v2 -> .v3).

#include "core/api_call.hpp"

#include <caf/all.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace s2d {

struct render_asset {
  std::string name;
  std::string mime;
  std::string bytes;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, render_asset& x) {
  return f(caf::meta::type_name("s2d.render_asset.v1"), x.name, x.mime, x.bytes);
}

struct render_request {
  std::string generation_id;
  std::string workspace_id;
  std::string template_kind;
  std::string source;
  std::string data_json;
  std::vector<std::string> formats;
  std::string locale;          // explicit; empty: the front matter's, else default_locale
  std::string default_locale;
  std::string timezone;
  std::vector<render_asset> assets;
  bool deterministic = false;
  std::uint64_t max_output_bytes = 0;
  std::uint64_t max_iterations = 0;
  std::int32_t max_depth = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, render_request& x) {
  return f(caf::meta::type_name("s2d.render_request.v2"), x.generation_id, x.workspace_id,
           x.template_kind, x.source, x.data_json, x.formats, x.locale, x.default_locale, x.timezone, x.assets,
           x.deterministic, x.max_output_bytes, x.max_iterations, x.max_depth);
}

struct render_output {
  std::string format;
  std::string content_type;
  std::string bytes;
  std::int32_t pages = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, render_output& x) {
  return f(caf::meta::type_name("s2d.render_output.v1"), x.format, x.content_type, x.bytes, x.pages);
}

struct render_reply {
  std::string generation_id;
  bool ok = false;
  std::vector<render_output> outputs;
  std::string error_json;  // API.md error object when !ok
  std::vector<std::string> warnings;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, render_reply& x) {
  return f(caf::meta::type_name("s2d.render_reply.v1"), x.generation_id, x.ok, x.outputs,
           x.error_json, x.warnings);
}

// What a node answers to a render_request: the reply, and whether the slot
// died with it ("timeout": killed at render.timeout_seconds, "memory": past
// render.max_memory_mb, "crashed"; empty: it rendered). A death's reply
// already carries its error; the render pool decides whether to try again.
struct slot_outcome {
  render_reply reply;
  std::string death;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, slot_outcome& x) {
  return f(caf::meta::type_name("s2d.slot_outcome.v1"), x.reply, x.death);
}

// Joining a cluster. These two never change shape (a new field means a new
// message); what does change is kClusterWireVersion, which the coordinator
// compares before anything else crosses, so a node of another version is
// refused with a clear reason instead of exchanging misread messages.
inline constexpr std::uint32_t kClusterWireVersion = 1;

struct join_request {
  std::uint32_t wire_version = kClusterWireVersion;
  std::string token;    // the cluster token: first thing checked
  std::string name;     // --name, for operators
  std::string version;  // the s2d release
  std::int32_t slots = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, join_request& x) {
  return f(caf::meta::type_name("s2d.join_request.v1"), x.wire_version, x.token, x.name, x.version, x.slots);
}

struct join_reply {
  bool accepted = false;
  std::string reason;  // why not
  std::uint32_t wire_version = kClusterWireVersion;
  std::string node_id;  // the id the coordinator lists this node under
  std::int32_t timeout_seconds = 0;  // render.timeout_seconds of the coordinator
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, join_reply& x) {
  return f(caf::meta::type_name("s2d.join_reply.v1"), x.accepted, x.reason, x.wire_version, x.node_id,
           x.timeout_seconds);
}

// Registers the serializable types; every node calls this with the same names.
void add_message_types(caf::actor_system_config& cfg);

using api_call_ptr = std::shared_ptr<ApiCall>;

using admit_atom = caf::atom_constant<caf::atom("admit")>;
using resume_atom = caf::atom_constant<caf::atom("resume")>;
using committed_atom = caf::atom_constant<caf::atom("committed")>;
using prepared_atom = caf::atom_constant<caf::atom("prepared")>;
using stored_atom = caf::atom_constant<caf::atom("stored")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
using workspace_atom = caf::atom_constant<caf::atom("workspace")>;
using stats_atom = caf::atom_constant<caf::atom("stats")>;
using reload_atom = caf::atom_constant<caf::atom("reload")>;
using inspect_atom = caf::atom_constant<caf::atom("inspect")>;
using outbox_atom = caf::atom_constant<caf::atom("outbox")>;        // new outbox entries are durable
using tick_atom = caf::atom_constant<caf::atom("tick")>;            // a scheduled delivery is due
using attempted_atom = caf::atom_constant<caf::atom("attempted")>;  // a delivery attempt ended
using deadline_atom = caf::atom_constant<caf::atom("deadline")>;    // a render's time in its slot is up
using join_atom = caf::atom_constant<caf::atom("join")>;            // a worker asks to join (join_request)
using node_up_atom = caf::atom_constant<caf::atom("nodeup")>;       // registry -> pool: a node joined
using heartbeat_atom = caf::atom_constant<caf::atom("heartbeat")>;  // a joined worker is alive
using drain_atom = caf::atom_constant<caf::atom("drain")>;          // a worker stops taking renders
using nodes_atom = caf::atom_constant<caf::atom("nodes")>;          // the pool's nodes, for operators
using timeout_atom = caf::atom_constant<caf::atom("timeout")>;      // sets a node's render timeout
using batch_atom = caf::atom_constant<caf::atom("batch")>;          // a batch's driver takes it over
using fetched_atom = caf::atom_constant<caf::atom("fetched")>;      // a preview's https images are fetched
using retry_atom = caf::atom_constant<caf::atom("retry")>;          // a batch's failed items again
using connect_to_atom = caf::atom_constant<caf::atom("connectto")>; // a worker (re)connects

}  // namespace s2d

// Local-only: carries the HTTP reply callback, never crosses a node boundary.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(s2d::api_call_ptr)
