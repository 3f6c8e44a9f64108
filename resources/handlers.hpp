#pragma once
// resources/: the route handlers of each API resource (one file each) with their views, pagination, CSV uploads.
//
// Route handlers: plain functions from a request to an outcome. They read
// storage directly and describe writes as one batch; the workspace actor
// commits the batch (with the idempotency record, when there is one) and
// only then replies. No CAF here, so handlers stay cheap to compile and test.

#include "core/api_call.hpp"
#include "resources/pagination.hpp"
#include "services/services.hpp"
#include "storage/db.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace s2d {

struct HandlerContext {
  Services& services;
  const nlohmann::json& workspace;  // the workspace record
  const ApiCall& call;
  std::int64_t now_ms;
};

struct Outcome {
  ApiReply reply;
  storage::Batch batch;               // committed (synced) before the reply is sent
  std::vector<std::string> admit;     // generation ids to queue for rendering after the commit
  std::vector<ApiKeyRecord> keys;     // key records to publish to the registry after the commit
  bool workspace_changed = false;     // the workspace record in the batch replaces the actor's copy
  nlohmann::json workspace;           // that new record
  std::vector<std::string> reload_workspaces;  // other workspaces whose record the batch changed
  // Blocking work (a data-source query, deleting many records) that runs on
  // the I/O pool once the batch is durable; what it returns is the reply
  // (and `reply` is unused). Such replies are not stored for idempotent replay.
  std::function<ApiReply()> after_commit;
  std::vector<std::string> batches;   // batches the batch's driver takes over after the commit
  std::vector<std::string> outbox;    // webhook outbox entries in the batch, for the dispatcher after the commit
};

Outcome reply_outcome(ApiReply reply);
Outcome error_outcome(const ApiError& error, const std::string& request_id);

// A list route's answer: pagination from the query (400 when it is bad),
// rows of `table` under `prefix`, newest first, each through `view`.
Outcome list_outcome(HandlerContext& ctx, storage::Table table, const std::string& prefix, const std::string& url,
                     const RowView& view, const KeyRange& range = {});

using Handler = std::function<Outcome(HandlerContext&)>;

// nullptr for routes the workspace actor answers itself (cancel) or unknown names.
const Handler* find_handler(const std::string& route);

// Role each route needs; admin routes refuse standard keys with 403.
bool route_needs_admin(const std::string& route);

// Routes that read a record and write it back (a template's latest version,
// a source's record count): the workspace actor runs them only once every
// earlier batch of the workspace is durable, so they read the latest state.
bool route_reads_own_writes(const std::string& route);

}  // namespace s2d
