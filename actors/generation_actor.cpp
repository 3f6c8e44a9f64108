// One actor per running generation:
//   pending -(persist running)-> gather input (I/O pool) -> render each
//   document (pool; several for a per-record batch) -> write files (I/O pool)
//   -(persist completed/failed)-> done.
// Every state change is durable before the next step; a crash anywhere
// leaves the generation in the resume queue and it runs again on start.
#include "actors/actors.hpp"
#include "core/clock.hpp"
#include "core/records.hpp"
#include "generation/render_job.hpp"
#include "storage/schema.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <memory>

namespace s2d {
namespace {

enum class Phase { starting, preparing, rendering, storing, finishing, canceling };

struct GenerationState {
  Services* services = nullptr;
  caf::actor render_pool;
  nlohmann::json workspace_record;
  Generation generation;
  Phase phase = Phase::starting;
  // Written by the I/O pool before it sends prepared_atom, read here after.
  std::shared_ptr<RenderInput> input;
  std::size_t next_document = 0;
  std::vector<RenderedFile> rendered;
  caf::response_promise cancel_reply;
  int commits_in_flight = 0;  // a cancel can be committed while "running" still is
  std::vector<std::string> outbox;  // webhook deliveries of the terminal batch
};

using generation_actor = caf::stateful_actor<GenerationState>;

void commit(generation_actor* self, storage::Batch batch, bool sync = true) {
  ++self->state.commits_in_flight;
  commit_then_notify(*self->state.services, std::move(batch), caf::actor_cast<caf::actor>(self), 0, sync);
}

void persist_terminal(generation_actor* self, GenerationStatus status, nlohmann::json error) {
  auto& st = self->state;
  transition(st.generation, status, clock::now_ms());
  st.generation.error = std::move(error);
  st.phase = status == GenerationStatus::canceled ? Phase::canceling : Phase::finishing;
  commit(self, terminal_batch(*st.services, st.generation, &st.outbox));
}

void prepare(generation_actor* self) {
  auto& st = self->state;
  st.phase = Phase::preparing;
  st.input = std::make_shared<RenderInput>();
  auto me = caf::actor_cast<caf::actor>(self);
  st.services->io->post([me, services = st.services, g = st.generation, ws = st.workspace_record, input = st.input] {
    *input = gather_render_input(*services, g, ws);
    caf::anon_send(me, prepared_atom::value);
  });
}

void store(generation_actor* self) {
  auto& st = self->state;
  st.phase = Phase::storing;
  auto me = caf::actor_cast<caf::actor>(self);
  st.services->io->post([me, services = st.services, g = st.generation, files = std::move(st.rendered)] {
    std::string error;
    auto outputs = store_outputs(*services, g, files, &error);
    nlohmann::json stored = nlohmann::json::array();
    for (const auto& file : outputs)
      stored.push_back({{"format", file.format}, {"file_id", file.file_id}, {"content_type", file.content_type},
                        {"size_bytes", file.size_bytes}, {"sha256", file.sha256}, {"pages", file.pages},
                        {"record_index", file.record_index}});
    caf::anon_send(me, stored_atom::value, error.empty(), error, stored.dump());
  });
}

// Every requested format of a finished generation counts once under its final status.
void count_finished(Services& services, const Generation& generation) {
  for (const auto& format : generation.formats)
    services.metrics.count(Counter::generations, {to_string(generation.status), format});
}

void count_render(Services& services, const std::vector<std::string>& formats, bool ok,
                  std::chrono::steady_clock::time_point started) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (const auto& format : formats) {
    services.metrics.count(Counter::renders, {format, ok ? "completed" : "failed"});
    services.metrics.observe(Histogram::render_duration, {format}, seconds);
  }
}

void add_warnings(Generation& generation, const std::vector<std::string>& warnings) {
  for (const auto& warning : warnings)
    if (std::find(generation.warnings.begin(), generation.warnings.end(), warning) == generation.warnings.end())
      generation.warnings.push_back(warning);
}

// Renders the documents one after another (a per-record batch has several),
// then stores every file at once.
void render_next(generation_actor* self) {
  auto& st = self->state;
  st.phase = Phase::rendering;
  auto& input = *st.input;
  const std::size_t index = st.next_document;
  const int record_index = input.per_record ? int(index) : -1;
  const auto& settings = st.services->settings;
  render_request request;
  request.generation_id = st.generation.id;
  request.workspace_id = st.generation.workspace_id;
  request.template_kind = input.template_kind;
  request.source = input.source;
  request.data_json = std::move(input.documents[index]);
  request.formats = st.generation.formats;
  request.locale = input.locale;
  request.default_locale = input.default_locale;
  request.timezone = input.timezone;
  for (const auto& asset : input.assets) request.assets.push_back({asset.name, asset.mime, asset.bytes});
  request.max_output_bytes = settings.max_output_bytes;
  request.max_iterations = settings.max_loop_iterations;
  request.max_depth = settings.max_template_depth;
  // The render pool answers every render: its nodes kill a slot at
  // render.timeout_seconds, counted from the start in the slot, not here.
  const auto started = std::chrono::steady_clock::now();
  self->request(st.render_pool, caf::infinite, std::move(request))
      .then(
          [self, record_index, started](render_reply& reply) {
            auto& s = self->state;
            count_render(*s.services, s.generation.formats, reply.ok, started);
            if (s.phase != Phase::rendering) return;  // canceled meanwhile
            add_warnings(s.generation, reply.warnings);
            if (!reply.ok) {
              auto error = nlohmann::json::parse(reply.error_json, nullptr, false);
              if (error.is_discarded()) error = generation_error("render_error", "render_failed", reply.error_json);
              if (record_index >= 0) error["context"]["record_index"] = record_index;
              explain_missing_field(error, *s.input);
              return persist_terminal(self, GenerationStatus::failed, std::move(error));
            }
            for (auto& output : reply.outputs)
              s.rendered.push_back({output.format, output.content_type, std::move(output.bytes), output.pages,
                                    record_index});
            if (++s.next_document < s.input->documents.size()) return render_next(self);
            s.input.reset();
            store(self);
          },
          [self, started](caf::error& error) {
            count_render(*self->state.services, self->state.generation.formats, false, started);
            if (self->state.phase != Phase::rendering) return;
            persist_terminal(self, GenerationStatus::failed,
                             generation_error("render_error", "render_failed",
                                              "The render pool failed: " + self->system().render(error)));
          });
}

void on_prepared(generation_actor* self) {
  auto& st = self->state;
  if (st.phase != Phase::preparing) return;
  if (!st.input->error.is_null()) return persist_terminal(self, GenerationStatus::failed, st.input->error);
  st.next_document = 0;
  render_next(self);
}

void on_committed(generation_actor* self, bool ok, const std::string& error) {
  auto& st = self->state;
  --st.commits_in_flight;
  if (ok && st.commits_in_flight > 0) return;  // act once the latest state is durable
  if (!ok) {
    // Nothing changed on disk: the generation is still queued and runs again after a restart.
    spdlog::error("generation {}: commit failed: {}", st.generation.id, error);
    if (st.phase == Phase::canceling) st.cancel_reply.deliver(false);
    return self->quit();
  }
  switch (st.phase) {
    case Phase::starting:
      return prepare(self);
    case Phase::canceling:
      count_finished(*st.services, st.generation);
      st.services->outbox_signal.notify(std::move(st.outbox));
      st.cancel_reply.deliver(true);
      return self->quit();
    case Phase::finishing:
      count_finished(*st.services, st.generation);
      st.services->outbox_signal.notify(std::move(st.outbox));
      return self->quit();
    default:
      return;
  }
}

caf::behavior generation(generation_actor* self, Services* services, caf::actor render_pool, std::string id,
                         nlohmann::json workspace_record) {
  auto& st = self->state;
  st.services = services;
  st.render_pool = std::move(render_pool);
  st.workspace_record = std::move(workspace_record);
  auto ws = st.workspace_record.get<WorkspaceRecord>().id;
  auto stored = storage::get_json(*services->db, storage::Table::generations, storage::keys::scoped(ws, id));
  if (!stored) {
    storage::Batch batch;
    batch.erase(storage::Table::queue, id);
    services->committer->commit_now(batch, nullptr);
    self->quit();
    return {};
  }
  st.generation = generation_from_storage(*stored);
  if (is_terminal(st.generation.status)) {
    // Finished before a crash with its queue entry left behind. The terminal
    // batch (record, files, event) landed as a whole: only the entry is left.
    storage::Batch batch;
    batch.erase(storage::Table::queue, id);
    services->committer->commit_now(batch, nullptr);
    self->quit();
    return {};
  }
  if (st.generation.status == GenerationStatus::running) transition(st.generation, GenerationStatus::pending, clock::now_ms());
  if (st.generation.attempts >= services->settings.max_render_attempts) {
    persist_terminal(self, GenerationStatus::failed,
                     generation_error("render_error", "render_failed",
                                  "The render was interrupted " + std::to_string(st.generation.attempts) +
                                      " times; giving up."));
  } else {
    transition(st.generation, GenerationStatus::running, clock::now_ms());
    services->metrics.observe(Histogram::generation_queue_wait, {},
                              double(std::max<std::int64_t>(0, st.generation.started_ms - st.generation.created_ms)) / 1000);
    storage::Batch batch;
    storage::put_json(batch, storage::Table::generations, storage::keys::scoped(ws, id), to_storage(st.generation));
    // Nobody is told "running" synchronously: the WAL without fsync is enough
    // (it survives a crashed process, which is what the attempt count guards).
    commit(self, std::move(batch), /*sync=*/false);
  }

  return {
      [self](committed_atom, std::uint64_t, bool ok, const std::string& error) { on_committed(self, ok, error); },
      [self](prepared_atom) { on_prepared(self); },
      [self](stored_atom, bool ok, const std::string& error, const std::string& outputs_json) {
        auto& s = self->state;
        if (s.phase != Phase::storing) return;
        if (!ok) {
          spdlog::error("generation {}: storing outputs failed: {}", s.generation.id, error);
          return persist_terminal(self, GenerationStatus::failed,
                                  generation_error("api_error", "internal", "The rendered files could not be stored."));
        }
        for (const auto& file : nlohmann::json::parse(outputs_json)) {
          OutputFile output;
          output.format = file["format"];
          output.file_id = file["file_id"];
          output.content_type = file["content_type"];
          output.size_bytes = file["size_bytes"];
          output.sha256 = file["sha256"];
          output.pages = file["pages"];
          output.record_index = file["record_index"];
          s.generation.outputs.push_back(std::move(output));
        }
        persist_terminal(self, GenerationStatus::completed, nullptr);
      },
      [self](cancel_atom) -> caf::result<bool> {
        auto& s = self->state;
        if (s.phase == Phase::finishing || s.phase == Phase::canceling) return false;
        s.cancel_reply = self->make_response_promise();
        persist_terminal(self, GenerationStatus::canceled, nullptr);
        return caf::delegated<bool>();
      },
  };
}

}  // namespace

caf::actor spawn_generation(caf::event_based_actor* workspace, Services& services, caf::actor render_pool,
                            const std::string& generation_id, const nlohmann::json& workspace_record) {
  return workspace->spawn(generation, &services, std::move(render_pool), generation_id, workspace_record);
}

}  // namespace s2d
