// The render pool: detached workers (their own threads, not CAF's
// cooperative scheduler) fed fairly across workspaces.
#include "actors/actors.hpp"
#include "generation/render_job.hpp"

#include "renderers/render.hpp"

#include <deque>
#include <map>

namespace s2d {
namespace {

render_reply run_render(const render_request& request) {
  render::Request input;
  input.template_kind = request.template_kind;
  input.source = request.source;
  input.formats = request.formats;
  input.locale = request.locale;
  if (!request.default_locale.empty()) input.default_locale = request.default_locale;
  input.timezone = request.timezone.empty() ? "UTC" : request.timezone;
  input.deterministic = request.deterministic;
  if (request.max_output_bytes) input.limits.max_output_bytes = request.max_output_bytes;
  if (request.max_iterations) input.limits.max_iterations = request.max_iterations;
  if (request.max_depth) input.limits.max_depth = request.max_depth;
  for (const auto& asset : request.assets) input.assets.push_back({asset.name, asset.mime, asset.bytes});

  render_reply reply;
  reply.generation_id = request.generation_id;
  auto data = nlohmann::json::parse(request.data_json, nullptr, false);
  if (data.is_discarded()) {
    reply.error_json = generation_error("render_error", "render_failed", "The data is not valid JSON.").dump();
    return reply;
  }
  input.data = std::move(data);

  render::Result result;
  try {
    result = render::render(input);
  } catch (const std::exception& e) {
    render::Failure failure;
    failure.message = std::string("The renderer failed: ") + e.what();
    result.error = failure;
  }
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

caf::behavior render_worker(caf::event_based_actor*) {
  return {[](const render_request& request) { return run_render(request); }};
}

struct Job {
  render_request request;
  caf::response_promise promise;
};

struct PoolState {
  std::vector<caf::actor> idle;
  std::map<std::string, std::deque<Job>> queues;  // per workspace
  std::deque<std::string> turn;                   // workspaces with work, in round-robin order
  std::uint64_t completed = 0, failed = 0;
  int busy = 0;
};

using pool_actor = caf::stateful_actor<PoolState>;

void dispatch(pool_actor* self) {
  auto& st = self->state;
  while (!st.idle.empty() && !st.turn.empty()) {
    auto workspace = st.turn.front();
    st.turn.pop_front();
    auto& queue = st.queues[workspace];
    Job job = std::move(queue.front());
    queue.pop_front();
    if (queue.empty())
      st.queues.erase(workspace);
    else
      st.turn.push_back(workspace);

    auto worker = st.idle.back();
    st.idle.pop_back();
    ++st.busy;
    auto promise = job.promise;
    auto finish = [self, worker](bool ok) {
      auto& s = self->state;
      --s.busy;
      ++(ok ? s.completed : s.failed);
      s.idle.push_back(worker);
      dispatch(self);
    };
    self->request(worker, caf::infinite, std::move(job.request))
        .then(
            [promise, finish](render_reply& reply) mutable {
              bool ok = reply.ok;
              promise.deliver(std::move(reply));
              finish(ok);
            },
            [promise, finish](caf::error& error) mutable {
              promise.deliver(std::move(error));
              finish(false);
            });
  }
}

caf::behavior render_pool(pool_actor* self, int threads) {
  for (int i = 0; i < threads; ++i) {
    auto worker = self->spawn<caf::detached + caf::linked>(render_worker);
    self->state.idle.push_back(worker);
  }
  return {
      [self](render_request& request) -> caf::result<render_reply> {
        auto& st = self->state;
        auto promise = self->make_response_promise();
        auto workspace = request.workspace_id;
        auto& queue = st.queues[workspace];
        if (queue.empty()) st.turn.push_back(workspace);
        queue.push_back({std::move(request), promise});
        dispatch(self);
        return caf::delegated<render_reply>();
      },
      [self](stats_atom) {
        auto& st = self->state;
        std::size_t queued = 0;
        for (const auto& [ws, queue] : st.queues) queued += queue.size();
        return nlohmann::json{{"threads", st.idle.size() + std::size_t(st.busy)},
                              {"busy", st.busy},
                              {"queued", queued},
                              {"completed", st.completed},
                              {"failed", st.failed}}
            .dump();
      },
  };
}

}  // namespace

caf::actor spawn_render_pool(caf::actor_system& system, int threads) {
  return system.spawn(render_pool, threads);
}

}  // namespace s2d
