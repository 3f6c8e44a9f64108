// One actor per workspace: the stages every request of the workspace passes
// after authentication (rate limit -> validation verdict -> role ->
// idempotency -> handler -> durable commit -> reply), and the admission of
// its generations to rendering.
#include "actors/actors.hpp"
#include "core/clock.hpp"
#include "core/records.hpp"
#include "core/ids.hpp"
#include "generation/remote_images.hpp"
#include "generation/render_job.hpp"
#include "policies/gcra.hpp"
#include "policies/idempotency.hpp"
#include "resources/handlers.hpp"
#include "resources/handlers_common.hpp"
#include "services/views.hpp"
#include "storage/schema.hpp"

#include <chrono>
#include <deque>
#include <spdlog/spdlog.h>
#include <unordered_map>
#include <unordered_set>

namespace s2d {
namespace {

// A preview of an Office template waiting for its https images.
struct PendingPreview {
  api_call_ptr call;
  std::shared_ptr<PreviewPlan> plan;
  std::vector<std::pair<std::string, std::string>> rate_headers;
};

// Work waiting for its batch to be durable.
struct PendingCommit {
  api_call_ptr call;
  Outcome outcome;
  std::vector<std::pair<std::string, std::string>> rate_headers;
  std::string idempotency_key;  // in flight until the commit lands
};

// A call that must see every earlier write of the workspace (route_reads_own_writes).
struct DeferredCall {
  api_call_ptr call;
  std::vector<std::pair<std::string, std::string>> rate_headers;
  std::string fingerprint;  // empty: not idempotent
};

struct WorkspaceState {
  Services* services = nullptr;
  caf::actor supervisor;
  caf::actor render_pool;
  std::string id;
  nlohmann::json record;
  Gcra rate{1, 1};
  std::unordered_set<std::string> idempotency_in_flight;
  std::unordered_map<std::uint64_t, PendingCommit> pending;
  std::deque<DeferredCall> deferred;                       // run once `pending` is empty
  std::uint64_t next_token = 1;
  std::deque<std::string> waiting;                         // generations not yet admitted
  std::unordered_set<std::string> queued;                  // ids in `waiting` or running
  std::unordered_map<std::string, caf::actor> running;     // generation id -> its actor
  std::unordered_map<caf::actor_addr, std::string> running_by_addr;
  std::unordered_map<std::string, std::int64_t> admitted_ms;  // running generation -> when admitted
  std::unordered_map<std::string, caf::actor> batches;        // unfinished batch -> its driver
  std::unordered_map<caf::actor_addr, std::string> batch_by_addr;
  std::unordered_map<std::uint64_t, PendingPreview> previews;  // waiting for their https images
};

using workspace_actor = caf::stateful_actor<WorkspaceState>;

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void configure_limits(WorkspaceState& st) {
  const auto& settings = st.services->settings;
  const auto record = st.record.get<WorkspaceRecord>();
  st.rate.configure(record.rate_limit_per_second ? record.rate_limit_per_second->get<double>()
                                                 : settings.rate_limit_per_second,
                    record.rate_limit_burst.value_or(settings.rate_limit_burst));
}

int concurrency(const WorkspaceState& st) {
  return st.record.get<WorkspaceRecord>().concurrency.value_or(st.services->default_workspace_concurrency());
}

void send(const api_call_ptr& call, ApiReply reply, const std::vector<std::pair<std::string, std::string>>& extra) {
  for (const auto& header : extra) reply.headers.push_back(header);
  call->respond(std::move(reply));
}

void admit(workspace_actor* self) {
  auto& st = self->state;
  while (int(st.running.size()) < concurrency(st) && !st.waiting.empty()) {
    auto id = st.waiting.front();
    st.waiting.pop_front();
    st.services->metrics.add(LevelGauge::generations_waiting, -1);
    st.services->metrics.add(LevelGauge::generations_in_flight, 1);
    auto actor = spawn_generation(self, *st.services, st.render_pool, id, st.record);
    self->monitor(actor);
    st.running_by_addr[actor.address()] = id;
    st.admitted_ms[id] = clock::now_ms();
    st.running.emplace(id, std::move(actor));
  }
}

// The batch's driver, started when it has none. Its window of items in
// flight keeps the waiting line short (four times the workspace's share)
// and the slots busy between the driver's steps.
caf::actor batch_driver(workspace_actor* self, const std::string& batch_id) {
  auto& st = self->state;
  if (auto it = st.batches.find(batch_id); it != st.batches.end()) return it->second;
  auto driver = spawn_batch_driver(self, *st.services, st.id, batch_id, std::max(16, 4 * concurrency(st)));
  self->monitor(driver);
  st.batch_by_addr[driver.address()] = batch_id;
  st.batches.emplace(batch_id, driver);
  return driver;
}

void enqueue(workspace_actor* self, const std::string& generation_id) {
  auto& st = self->state;
  if (!st.queued.insert(generation_id).second) return;
  st.waiting.push_back(generation_id);
  st.services->metrics.add(LevelGauge::generations_waiting, 1);
  admit(self);
}

void finish(workspace_actor* self, PendingCommit pending, bool ok, const std::string& error) {
  auto& st = self->state;
  if (!pending.idempotency_key.empty()) st.idempotency_in_flight.erase(pending.idempotency_key);
  if (!ok) {
    spdlog::error("workspace {}: commit failed: {}", st.id, error);
    send(pending.call, error_reply(errors::internal("The request could not be stored; retry it."),
                                   pending.call->request_id),
         pending.rate_headers);
    return;
  }
  for (const auto& key : pending.outcome.keys) st.services->keys.upsert(key);
  if (pending.outcome.workspace_changed) {
    st.record = pending.outcome.workspace;
    configure_limits(st);
  }
  for (const auto& id : pending.outcome.reload_workspaces)
    self->request(st.supervisor, std::chrono::seconds(10), workspace_atom::value, id)
        .then([](caf::actor& workspace) { caf::anon_send(workspace, reload_atom::value); });
  st.services->outbox_signal.notify(std::move(pending.outcome.outbox));
  auto admitted = std::move(pending.outcome.admit);
  if (pending.outcome.after_commit) {
    st.services->io->post([call = pending.call, work = std::move(pending.outcome.after_commit),
                           headers = std::move(pending.rate_headers)] {
      ApiReply reply;
      try {
        reply = work();
      } catch (const std::exception& e) {
        spdlog::error("{} failed: {}", call->route, e.what());
        reply = error_reply(errors::internal("The request failed unexpectedly."), call->request_id);
      }
      send(call, std::move(reply), headers);
    });
  } else {
    send(pending.call, std::move(pending.outcome.reply), pending.rate_headers);
  }
  for (const auto& id : admitted) enqueue(self, id);
  for (const auto& id : pending.outcome.batches) batch_driver(self, id);
}

// Replays a stored response, refuses a reused or busy key, or lets the request run.
std::optional<ApiReply> idempotency_gate(WorkspaceState& st, const ApiCall& call, const std::string& fingerprint) {
  if (st.idempotency_in_flight.count(call.idempotency_key))
    return error_reply(errors::idempotency_key_in_use(), call.request_id);
  auto stored = find_stored_response(*st.services->db, st.id, call.idempotency_key, clock::now_ms());
  if (!stored) return std::nullopt;
  if (stored->fingerprint != fingerprint) return error_reply(errors::idempotency_key_reused(), call.request_id);
  ApiReply replay;
  replay.status = stored->status;
  replay.body = stored->body;
  replay.headers.emplace_back("Idempotent-Replayed", "true");
  return replay;
}

void cancel_generation(workspace_actor* self, const api_call_ptr& call,
                       std::vector<std::pair<std::string, std::string>> rate_headers, const std::string& fingerprint);
void change_batch(workspace_actor* self, const api_call_ptr& call,
                  std::vector<std::pair<std::string, std::string>> rate_headers, const std::string& fingerprint);

// GET /v1/admin/actors: the supervisor gathers every actor's state.
void inspect_actors(workspace_actor* self, const api_call_ptr& call,
                    std::vector<std::pair<std::string, std::string>> rate_headers) {
  self->request(self->state.supervisor, std::chrono::seconds(10), inspect_atom::value)
      .then(
          [call, rate_headers](const std::string& report) {
            send(call, json_reply(200, nlohmann::json::parse(report)), rate_headers);
          },
          [call, rate_headers](caf::error&) {
            send(call, error_reply(errors::service_unavailable("The actors did not answer in time.", 1), call->request_id),
                 rate_headers);
          });
}

// GET /v1/admin/nodes: the render pool lists its nodes.
void list_nodes(workspace_actor* self, const api_call_ptr& call,
                std::vector<std::pair<std::string, std::string>> rate_headers) {
  self->request(self->state.render_pool, std::chrono::seconds(10), nodes_atom::value)
      .then(
          [call, rate_headers](const std::string& nodes) {
            send(call, json_reply(200, nlohmann::json::parse(nodes)), rate_headers);
          },
          [call, rate_headers](caf::error&) {
            send(call, error_reply(errors::service_unavailable("The render pool did not answer in time.", 1), call->request_id),
                 rate_headers);
          });
}

void preview_template(workspace_actor* self, const api_call_ptr& call,
                      std::vector<std::pair<std::string, std::string>> rate_headers);

// Runs the route's handler and commits its batch; `fingerprint` is set for idempotent calls.
void run_handler(workspace_actor* self, const api_call_ptr& call,
                 std::vector<std::pair<std::string, std::string>> rate_headers, const std::string& fingerprint) {
  auto& st = self->state;
  const bool idempotent = !fingerprint.empty();
  if (idempotent) st.idempotency_in_flight.erase(call->idempotency_key);  // held while deferred
  const auto* handler = find_handler(call->route);
  if (!handler)
    return send(call, error_reply(errors::route_not_found(call->method, call->path), call->request_id),
                rate_headers);
  HandlerContext ctx{*st.services, st.record, *call, clock::now_ms()};
  Outcome outcome = (*handler)(ctx);

  PendingCommit pending{call, std::move(outcome), std::move(rate_headers), {}};
  const auto status = pending.outcome.reply.status;
  if (idempotent && status >= 200 && status < 300 && !pending.outcome.after_commit &&
      pending.outcome.reply.content_type == "application/json") {
    StoredResponse stored{fingerprint, status, pending.outcome.reply.body,
                          ctx.now_ms + std::int64_t(st.services->settings.idempotency_retention_hours) * 3600'000};
    store_response(pending.outcome.batch, st.id, call->idempotency_key, stored);
    pending.idempotency_key = call->idempotency_key;
    st.idempotency_in_flight.insert(call->idempotency_key);
  }
  if (pending.outcome.batch.empty()) return finish(self, std::move(pending), true, {});
  auto token = st.next_token++;
  auto batch = std::move(pending.outcome.batch);
  st.pending.emplace(token, std::move(pending));
  commit_then_notify(*st.services, std::move(batch), caf::actor_cast<caf::actor>(self), token);
}

// Runs deferred calls, in arrival order, while nothing is waiting for a commit.
void run_deferred(workspace_actor* self) {
  auto& st = self->state;
  while (st.pending.empty() && !st.deferred.empty()) {
    auto next = std::move(st.deferred.front());
    st.deferred.pop_front();
    run_handler(self, next.call, std::move(next.rate_headers), next.fingerprint);
  }
}

void handle_call(workspace_actor* self, const api_call_ptr& call) {
  auto& st = self->state;
  auto decision = st.rate.check(now_us());
  auto rate_headers = decision.headers();
  if (!decision.allowed)
    return send(call, error_reply(errors::rate_limited(decision.retry_after_seconds), call->request_id),
                rate_headers);
  if (call->rejected) return send(call, error_reply(*call->rejected, call->request_id), rate_headers);
  if (route_needs_admin(call->route) && call->role != KeyRole::admin)
    return send(call,
                error_reply(errors::insufficient_permissions("This route needs an admin API key."),
                            call->request_id),
                rate_headers);

  const bool idempotent = !call->idempotency_key.empty() && (call->method == "POST" || call->method == "PATCH");
  std::string fingerprint;
  if (idempotent) {
    fingerprint = request_fingerprint(*call);
    if (auto reply = idempotency_gate(st, *call, fingerprint)) return send(call, std::move(*reply), rate_headers);
  }
  if (call->route == "generations.cancel") return cancel_generation(self, call, std::move(rate_headers), fingerprint);
  if (call->route == "batches.cancel" || call->route == "batches.retry")
    return change_batch(self, call, std::move(rate_headers), fingerprint);
  if (call->route == "admin.actors") return inspect_actors(self, call, std::move(rate_headers));
  if (call->route == "admin.nodes") return list_nodes(self, call, std::move(rate_headers));
  if (call->route == "templates.preview") return preview_template(self, call, std::move(rate_headers));
  if (route_reads_own_writes(call->route) && (!st.pending.empty() || !st.deferred.empty())) {
    if (idempotent) st.idempotency_in_flight.insert(call->idempotency_key);
    st.deferred.push_back({call, std::move(rate_headers), fingerprint});
    return;
  }
  run_handler(self, call, std::move(rate_headers), fingerprint);
}

// Renders on the render pool (fair across workspaces) and answers within the preview time limit.
void render_preview(workspace_actor* self, const api_call_ptr& call, const std::shared_ptr<PreviewPlan>& plan,
                    std::vector<std::pair<std::string, std::string>> rate_headers) {
  auto& st = self->state;
  auto& input = plan->request;
  render_request request;
  request.generation_id = "preview " + call->request_id;
  request.workspace_id = st.id;
  request.template_kind = input.template_kind;
  request.source = input.source;
  request.data_json = input.data.dump();
  request.formats = input.formats;
  request.locale = input.locale;
  request.default_locale = input.default_locale;
  request.timezone = input.timezone;
  for (auto& asset : input.assets) request.assets.push_back({asset.name, asset.mime, std::move(asset.bytes)});
  request.max_output_bytes = input.limits.max_output_bytes;
  request.max_iterations = input.limits.max_iterations;
  request.max_depth = input.limits.max_depth;
  const auto timeout = std::chrono::seconds(preview_timeout_seconds(st.services->settings));
  self->request(st.render_pool, timeout, std::move(request))
      .then(
          [call, plan, rate_headers](render_reply& reply) {
            PreviewRendered rendered;
            rendered.ok = reply.ok && !reply.outputs.empty();
            if (rendered.ok) {
              rendered.bytes = std::move(reply.outputs[0].bytes);
              rendered.content_type = reply.outputs[0].content_type;
            } else {
              rendered.error_json = reply.error_json;
            }
            send(call, preview_reply(*plan, std::move(rendered), call->request_id), rate_headers);
          },
          [self, call, plan, rate_headers](caf::error& error) {
            PreviewRendered rendered;
            rendered.timed_out = error == caf::sec::request_timeout;
            rendered.error_json = "The render pool failed: " + self->system().render(error);
            send(call, preview_reply(*plan, std::move(rendered), call->request_id), rate_headers);
          });
}

// An Office template's https images are fetched on the I/O pool (never on
// the actor's thread); the render follows when they are in, an error
// answers at once.
void preview_template(workspace_actor* self, const api_call_ptr& call,
                      std::vector<std::pair<std::string, std::string>> rate_headers) {
  auto& st = self->state;
  HandlerContext ctx{*st.services, st.record, *call, clock::now_ms()};
  auto plan = std::make_shared<PreviewPlan>(plan_preview(ctx));
  if (plan->refusal) return send(call, std::move(*plan->refusal), rate_headers);
  if (plan->request.template_kind == "markdown") return render_preview(self, call, plan, std::move(rate_headers));

  const auto token = st.next_token++;
  st.previews[token] = PendingPreview{call, plan, std::move(rate_headers)};
  auto me = caf::actor_cast<caf::actor>(self);
  st.services->io->post([me, token, plan, services = st.services] {
    auto& request = plan->request;
    const std::vector<nlohmann::json> documents(1, request.data);
    auto images = fetch_remote_images(*services, request.template_kind, request.source, documents, request.assets);
    for (auto& image : images.assets) request.assets.push_back(std::move(image));
    caf::anon_send(me, fetched_atom::value, token, images.error.is_null() ? std::string() : images.error.dump());
  });
}

void preview_fetched(workspace_actor* self, std::uint64_t token, const std::string& error_json) {
  auto& st = self->state;
  auto it = st.previews.find(token);
  if (it == st.previews.end()) return;
  auto pending = std::move(it->second);
  st.previews.erase(it);
  if (error_json.empty()) return render_preview(self, pending.call, pending.plan, std::move(pending.rate_headers));
  PreviewRendered failed;
  failed.error_json = error_json;
  send(pending.call, preview_reply(*pending.plan, std::move(failed), pending.call->request_id), pending.rate_headers);
}

// The idempotency record of a cancel: it joins the cancel's own batch when
// there is one, else a batch of its own committed before the reply.
StoredResponse cancel_response(const WorkspaceState& st, const std::string& fingerprint, const ApiReply& reply) {
  return {fingerprint, reply.status, reply.body,
          clock::now_ms() + std::int64_t(st.services->settings.idempotency_retention_hours) * 3600'000};
}

void cancel_generation(workspace_actor* self, const api_call_ptr& call,
                       std::vector<std::pair<std::string, std::string>> rate_headers, const std::string& fingerprint) {
  auto& st = self->state;
  const auto& id = call->params.at("id");
  auto key = storage::keys::scoped(st.id, id);
  auto stored = storage::get_json(*st.services->db, storage::Table::generations, key);
  if (!stored) return send(call, error_reply(errors::resource_missing("generation", id), call->request_id), rate_headers);

  auto reply_with_record = [self, call, rate_headers, key, fingerprint]() {
    auto& s = self->state;
    auto record = storage::get_json(*s.services->db, storage::Table::generations, key);
    auto g = generation_from_storage(record.value_or(nlohmann::json::object()));
    if (g.status != GenerationStatus::canceled)
      return send(call, error_reply(errors::generation_not_cancelable(to_string(g.status)), call->request_id),
                  rate_headers);
    auto reply = json_reply(200, generation_view(g, *s.services, clock::now_ms()));
    if (fingerprint.empty()) return send(call, std::move(reply), rate_headers);
    storage::Batch batch;
    store_response(batch, s.id, call->idempotency_key, cancel_response(s, fingerprint, reply));
    s.services->committer->submit(std::move(batch), [call, reply, rate_headers](bool, const std::string&) {
      send(call, reply, rate_headers);
    });
  };

  if (auto it = st.running.find(id); it != st.running.end()) {
    // The generation actor owns its record while it runs: it persists the cancel.
    self->request(it->second, std::chrono::seconds(30), cancel_atom::value)
        .then([reply_with_record](bool) { reply_with_record(); },
              [reply_with_record](caf::error&) { reply_with_record(); });
    return;
  }
  auto g = generation_from_storage(*stored);
  if (!transition(g, GenerationStatus::canceled, clock::now_ms()))
    return send(call, error_reply(errors::generation_not_cancelable(to_string(g.status)), call->request_id),
                rate_headers);
  // Not admitted yet: drop it from the waiting line and persist the cancel here.
  const auto waiting_before = st.waiting.size();
  st.waiting.erase(std::remove(st.waiting.begin(), st.waiting.end(), id), st.waiting.end());
  st.services->metrics.add(LevelGauge::generations_waiting, double(st.waiting.size()) - double(waiting_before));
  st.queued.erase(id);
  for (const auto& format : g.formats) st.services->metrics.count(Counter::generations, {"canceled", format});
  Outcome outcome;
  outcome.batch = terminal_batch(*st.services, g, &outcome.outbox);
  outcome.reply = json_reply(200, generation_view(g, *st.services, clock::now_ms()));
  if (!fingerprint.empty())
    store_response(outcome.batch, st.id, call->idempotency_key, cancel_response(st, fingerprint, outcome.reply));
  auto token = st.next_token++;
  auto batch = std::move(outcome.batch);
  st.pending.emplace(token, PendingCommit{call, std::move(outcome), std::move(rate_headers), {}});
  commit_then_notify(*st.services, std::move(batch), caf::actor_cast<caf::actor>(self), token);
}

// POST /v1/batches/{id}/cancel and /retry: the batch's driver owns its
// record and answers once the change is durable.
void change_batch(workspace_actor* self, const api_call_ptr& call,
                  std::vector<std::pair<std::string, std::string>> rate_headers, const std::string& fingerprint) {
  auto& st = self->state;
  const auto& id = call->params.at("id");
  if (!st.services->db->get(storage::Table::batches, storage::keys::scoped(st.id, id)))
    return send(call, error_reply(errors::resource_missing("batch", id), call->request_id), rate_headers);
  const bool cancel = call->route == "batches.cancel";
  auto driver = batch_driver(self, id);
  auto answered = [self, call, rate_headers, fingerprint, cancel](const std::string& answer) {
    auto& s = self->state;
    if (answer.empty())
      return send(call, error_reply(errors::internal("The change could not be stored; retry it."), call->request_id),
                  rate_headers);
    auto view = nlohmann::json::parse(answer);
    if (view.value("refused", false)) {
      const auto status = view.value("status", "");
      return send(call,
                  error_reply(cancel ? errors::batch_not_cancelable(status) : errors::batch_not_retryable(status),
                              call->request_id),
                  rate_headers);
    }
    auto reply = json_reply(cancel ? 200 : 202, view);
    if (fingerprint.empty()) return send(call, std::move(reply), rate_headers);
    storage::Batch batch;
    store_response(batch, s.id, call->idempotency_key, cancel_response(s, fingerprint, reply));
    s.services->committer->submit(std::move(batch), [call, reply, rate_headers](bool, const std::string&) {
      send(call, reply, rate_headers);
    });
  };
  auto failed = [call, rate_headers](caf::error&) {
    send(call, error_reply(errors::service_unavailable("The batch did not answer in time; retry.", 1), call->request_id),
         rate_headers);
  };
  if (cancel)
    self->request(driver, std::chrono::seconds(30), cancel_atom::value).then(answered, failed);
  else
    self->request(driver, std::chrono::seconds(30), retry_atom::value).then(answered, failed);
}

caf::behavior workspace(workspace_actor* self, Services* services, caf::actor supervisor, caf::actor render_pool,
                        std::string id) {
  auto& st = self->state;
  st.services = services;
  st.supervisor = std::move(supervisor);
  st.render_pool = std::move(render_pool);
  st.id = std::move(id);
  st.record = storage::get_json(*services->db, storage::Table::workspaces, st.id).value_or(nlohmann::json{{"id", st.id}});
  configure_limits(st);

  self->set_down_handler([self](caf::down_msg& down) {
    auto& s = self->state;
    if (auto driver = s.batch_by_addr.find(down.source); driver != s.batch_by_addr.end()) {
      s.batches.erase(driver->second);
      s.batch_by_addr.erase(driver);
      return;
    }
    auto it = s.running_by_addr.find(down.source);
    if (it == s.running_by_addr.end()) return;
    const auto id = it->second;
    s.running.erase(id);
    s.queued.erase(id);
    s.admitted_ms.erase(id);
    s.running_by_addr.erase(it);
    s.services->metrics.add(LevelGauge::generations_in_flight, -1);
    // A finished item frees a place in its batch's window: the drivers look now rather than at their next poll.
    for (const auto& [batch, driver] : s.batches) self->send(driver, tick_atom::value);
    // A generation actor that died of an error left its record unfinished:
    // run it again now (its attempt count ends a generation that keeps failing).
    if (down.reason && down.reason != caf::exit_reason::user_shutdown) {
      spdlog::error("workspace {}: generation {} stopped: {}", s.id, id, self->system().render(down.reason));
      return enqueue(self, id);
    }
    admit(self);
  });
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (auto& [gen, actor] : self->state.running) self->send_exit(actor, msg.reason);
    for (auto& [batch, actor] : self->state.batches) self->send_exit(actor, msg.reason);
    self->quit(msg.reason);
  });

  return {
      [self](api_call_ptr& call) {
        try {
          handle_call(self, call);
        } catch (const std::exception& e) {
          spdlog::error("workspace {}: {} failed: {}", self->state.id, call->route, e.what());
          call->respond(error_reply(errors::internal("The request failed unexpectedly."), call->request_id));
        }
      },
      [self](committed_atom, std::uint64_t token, bool ok, const std::string& error) {
        auto& s = self->state;
        auto it = s.pending.find(token);
        if (it == s.pending.end()) return;
        auto pending = std::move(it->second);
        s.pending.erase(it);
        finish(self, std::move(pending), ok, error);
        run_deferred(self);
      },
      [self](fetched_atom, std::uint64_t token, const std::string& error_json) {
        preview_fetched(self, token, error_json);
      },
      [self](admit_atom, const std::string& generation_id) { enqueue(self, generation_id); },
      [self](batch_atom, const std::string& batch_id) { batch_driver(self, batch_id); },
      [self](reload_atom) {
        auto& s = self->state;
        if (auto record = storage::get_json(*s.services->db, storage::Table::workspaces, s.id)) s.record = *record;
        configure_limits(s);
        admit(self);  // a raised concurrency share takes effect now
      },
      [self](stats_atom) {
        auto& s = self->state;
        const auto now = clock::now_ms();
        auto rate = s.rate.peek(now_us());
        nlohmann::json generations = nlohmann::json::array();
        for (const auto& [id, since] : s.admitted_ms)
          if (generations.size() < 100) generations.push_back({{"id", id}, {"state", "running"}, {"age_ms", now - since}});
        return nlohmann::json{{"workspace_id", s.id},
                              {"queue_depth", s.waiting.size()},
                              {"in_flight", s.running.size()},
                              {"concurrency", concurrency(s)},
                              {"idempotency_in_flight", s.idempotency_in_flight.size()},
                              {"commits_pending", s.pending.size()},
                              {"rate_limit", {{"limit", rate.limit}, {"remaining", rate.remaining},
                                              {"per_second", rate.per_second}, {"reset", rate.reset_unix}}},
                              {"generations", std::move(generations)}}
            .dump();
      },
  };
}

}  // namespace

void commit_then_notify(Services& services, storage::Batch batch, caf::actor actor, std::uint64_t token, bool sync) {
  services.committer->submit(
      std::move(batch),
      [actor = std::move(actor), token](bool ok, const std::string& error) {
        caf::anon_send(actor, committed_atom::value, token, ok, error);
      },
      sync);
}

caf::actor spawn_workspace(caf::event_based_actor* supervisor, Services& services, caf::actor render_pool,
                           const std::string& workspace_id) {
  return supervisor->spawn(workspace, &services, caf::actor_cast<caf::actor>(supervisor), std::move(render_pool),
                           workspace_id);
}

}  // namespace s2d
