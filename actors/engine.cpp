#include "actors/engine.hpp"

#include "actors/actors.hpp"
#include "core/clock.hpp"
#include "core/records.hpp"
#include "policies/idempotency.hpp"
#include "services/bootstrap.hpp"
#include "services/retention.hpp"
#include "services/source_secrets.hpp"
#include "slots/cluster_token.hpp"
#include "storage/schema.hpp"
#include "webhooks/delivery.hpp"
#include "webhooks/outbox.hpp"

#include <caf/io/all.hpp>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

namespace s2d {

struct Engine::Impl {
  Services services;
  std::optional<BootstrapCredentials> first_start;
  std::unique_ptr<caf::actor_system_config> config;
  std::unique_ptr<caf::actor_system> system;
  caf::actor render_pool;
  caf::actor cluster_registry;  // published on cluster.listen, when set
  caf::actor supervisor;
  std::unique_ptr<webhooks::DeliveryPool> delivery_pool;
  caf::actor webhook_dispatcher;
  std::shared_mutex workspaces_mutex;
  std::unordered_map<std::string, caf::actor> workspaces;  // cache of the supervisor's registry
  std::atomic<bool> running{false};

  std::mutex housekeeping_mutex;
  std::condition_variable housekeeping_wake;
  bool stopping = false;
  std::thread housekeeping;

  caf::actor workspace_actor(const std::string& id);
  void housekeeping_loop();
  void recover_storage();
  void stop_webhooks();
  bool start_cluster(const std::string& token, std::string* error);
  void forget_workspace(const std::string& id) {
    std::unique_lock<std::shared_mutex> lock(workspaces_mutex);
    workspaces.erase(id);
  }
};

caf::actor Engine::Impl::workspace_actor(const std::string& id) {
  {
    std::shared_lock<std::shared_mutex> lock(workspaces_mutex);
    if (auto it = workspaces.find(id); it != workspaces.end()) return it->second;
  }
  caf::actor actor;
  caf::scoped_actor self{*system};
  self->request(supervisor, std::chrono::seconds(10), workspace_atom::value, id)
      .receive([&](caf::actor& a) { actor = std::move(a); },
               [&](caf::error& e) { spdlog::error("no workspace actor for {}: {}", id, system->render(e)); });
  if (actor) {
    std::unique_lock<std::shared_mutex> lock(workspaces_mutex);
    workspaces.emplace(id, actor);
  }
  return actor;
}

// Low-priority upkeep: persist keys' last use, prune expired idempotency
// records and webhook history past retention.
// A RocksDB background error (a flush or compaction that failed, say on a
// full disk) stops its writes until DB::Resume succeeds: tried every round
// of housekeeping while it lasts; /readyz answers 503 meanwhile.
void Engine::Impl::recover_storage() {
  const auto problem = services.db->background_error();
  if (problem.empty()) return;
  std::string error;
  if (services.db->resume(&error)) spdlog::warn("storage recovered from a background error: {}", problem);
  else spdlog::error("storage background error: {}; recovery failed: {}", problem, error);
}

void Engine::Impl::housekeeping_loop() {
  auto next_prune = std::chrono::steady_clock::now();
  auto next_webhook_prune = next_prune;
  std::unique_lock<std::mutex> lock(housekeeping_mutex);
  while (!stopping) {
    housekeeping_wake.wait_for(lock, std::chrono::seconds(5));
    lock.unlock();
    recover_storage();
    storage::Batch batch;
    for (const auto& key : services.keys.take_recently_used())
      storage::put_json(batch, storage::Table::api_keys, storage::keys::api_key_by_hash(key.hash), key.to_storage());
    if (!batch.empty()) services.db->write(batch, /*sync=*/false, nullptr);
    if (std::chrono::steady_clock::now() >= next_prune) {
      prune_idempotency(*services.db, clock::now_ms());
      prune_request_logs(*services.db, clock::now_ms() - std::int64_t(services.settings.request_log_retention_days) * 86'400'000);
      expire_old_outputs(services, clock::now_ms());
      next_prune = std::chrono::steady_clock::now() + std::chrono::minutes(10);
    }
    if (std::chrono::steady_clock::now() >= next_webhook_prune) {
      webhooks::prune_webhook_history(*services.db, clock::now_ms(), services.settings.event_retention_days);
      next_webhook_prune = std::chrono::steady_clock::now() + std::chrono::hours(1);
    }
    lock.lock();
  }
}

namespace {

// The data-source connectors' environment and limits, from the settings.
bool configure_datasources(Services& s, std::string* error) {
  std::string problem;
  auto egress = net::EgressPolicy::from_list(s.settings.egress_allow, &problem);
  if (!egress) {
    *error = "egress.allow (S2D_EGRESS_ALLOW): " + problem;
    return false;
  }
  s.datasources.egress = std::move(*egress);
  s.datasources.egress.ca_file = s.settings.egress_ca_file;
  if (!s.settings.egress_ca_file.empty() && !std::ifstream(s.settings.egress_ca_file)) {
    *error = "egress.ca_file (S2D_EGRESS_CA_FILE): cannot read " + s.settings.egress_ca_file;
    return false;
  }
  s.datasources.sqlite_dir = s.settings.sqlite_dir;
  s.datasource_limits.max_records = s.settings.datasource_max_records;
  s.datasource_limits.timeout = std::chrono::seconds(s.settings.datasource_timeout_seconds);
  return true;
}

// cluster.listen "HOST:PORT" -> host and port.
bool split_listen(const std::string& listen, std::string* host, std::uint16_t* port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  try {
    std::size_t used = 0;
    auto value = std::stoul(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || value == 0 || value > 65535) return false;
    *port = std::uint16_t(value);
  } catch (const std::exception&) {
    return false;
  }
  *host = listen.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
  return true;
}

}  // namespace

bool Engine::Impl::start_cluster(const std::string& token, std::string* error) {
  std::string host;
  std::uint16_t port = 0;
  split_listen(services.settings.cluster_listen, &host, &port);
  cluster_registry = spawn_cluster_registry(*system, render_pool, token, services.settings.render_timeout_seconds);
  auto published = system->middleman().publish(cluster_registry, port, host.c_str(), /*reuse_addr=*/true);
  if (!published) {
    *error = "cannot listen for workers on " + services.settings.cluster_listen + ": " + system->render(published.error());
    return false;
  }
  spdlog::info("cluster: workers join on {}:{}", host, *published);
  return true;
}

Engine::Engine(Settings settings) : impl_(std::make_unique<Impl>()) { impl_->services.settings = std::move(settings); }

Engine::~Engine() { stop(); }

// The dispatcher first, then the attempts it started (they report to it),
// then the signal that generation actors use to reach it.
void Engine::Impl::stop_webhooks() {
  caf::anon_send_exit(webhook_dispatcher, caf::exit_reason::user_shutdown);
  caf::scoped_actor self{*system};
  self->wait_for(webhook_dispatcher);
  webhook_dispatcher = nullptr;
  delivery_pool.reset();
  services.outbox_signal.disconnect();
}

bool Engine::start(std::string* error) {
  auto& s = impl_->services;
  std::error_code ec;
  std::filesystem::create_directories(s.settings.data_dir + "/files", ec);
  if (ec) {
    *error = "cannot create data dir " + s.settings.data_dir + ": " + ec.message();
    return false;
  }
  storage::DbOptions db_options;
  db_options.memory_mb = s.settings.storage_memory_mb;
  s.db = storage::Db::open(s.settings.data_dir + "/db", db_options, error);
  if (!s.db) return false;
  s.committer = std::make_unique<storage::Committer>(*s.db);
  s.files = std::make_unique<storage::FileStore>(s.settings.data_dir + "/files");
  s.io = std::make_unique<IoPool>(std::max(2, s.settings.datasource_threads));
  s.request_log = std::make_unique<RequestLog>(*s.db);
  if (!configure_datasources(s, error)) return false;
  s.egress = s.datasources.egress;  // webhook deliveries obey the same egress policy
  std::size_t sealed_sources = 0;
  if (!load_url_signer(s, error) || !load_secret_sealer(s, error) ||
      !seal_plaintext_sources(s, &sealed_sources, error) || !bootstrap_first_workspace(s, &impl_->first_start, error))
    return false;
  if (sealed_sources) spdlog::info("sealed the credentials of {} data sources stored in plain text", sealed_sources);
  s.keys.load(*s.db);

  const bool cluster = !s.settings.cluster_listen.empty();
  std::string cluster_token;
  if (cluster) {
    std::string host;
    std::uint16_t port = 0;
    if (!split_listen(s.settings.cluster_listen, &host, &port)) {
      *error = "cluster.listen (S2D_CLUSTER_LISTEN) must be HOST:PORT (got '" + s.settings.cluster_listen + "')";
      return false;
    }
    if (!slots::load_cluster_token(s.settings.cluster_token_file, &cluster_token, error)) return false;
  }

  impl_->config = std::make_unique<caf::actor_system_config>();
  if (cluster) {
    impl_->config->load<caf::io::middleman>();
    cluster_heartbeats(*impl_->config);
  }
  impl_->config->set("scheduler.max-threads", std::max(2u, std::thread::hardware_concurrency()));
  // Work sharing: idle scheduler threads wait on a condition variable. The
  // default work stealing polls with short sleeps, which on a small machine
  // costs a noticeable share of the CPU in wake-ups alone.
  impl_->config->set("scheduler.policy", caf::atom("sharing"));
  add_message_types(*impl_->config);
  impl_->system = std::make_unique<caf::actor_system>(*impl_->config);
  NodeOptions node;
  node.slots = s.render_slots();
  node.timeout_seconds = s.settings.render_timeout_seconds;
  node.max_memory_mb = s.settings.render_max_memory_mb;
  node.max_result_bytes = std::max<std::size_t>(s.settings.max_output_bytes, 1u << 20) * 8;
  caf::actor local_node = node.slots > 0 ? spawn_render_node(*impl_->system, node) : caf::actor();
  PoolOptions pool;
  pool.local_slots = node.slots;
  pool.max_attempts = s.settings.max_render_attempts;
  pool.max_bytes_in_flight = s.settings.cluster_max_bytes_in_flight;
  pool.version = S2D_VERSION;
  impl_->render_pool = spawn_render_pool(*impl_->system, local_node, pool);
  if (cluster && !impl_->start_cluster(cluster_token, error)) {
    caf::anon_send_exit(impl_->cluster_registry, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(impl_->render_pool, caf::exit_reason::user_shutdown);
    impl_->system.reset();
    return false;
  }
  impl_->delivery_pool = std::make_unique<webhooks::DeliveryPool>(s, s.settings.webhook_concurrency);
  impl_->webhook_dispatcher = spawn_webhook_dispatcher(*impl_->system, s, *impl_->delivery_pool);
  s.outbox_signal.connect([dispatcher = impl_->webhook_dispatcher](std::vector<std::string> keys) {
    caf::anon_send(dispatcher, outbox_atom::value, std::move(keys));
  });
  auto* impl = impl_.get();
  impl_->supervisor = spawn_supervisor(*impl_->system, s, impl_->render_pool,
                                       [impl](const std::string& id) { impl->forget_workspace(id); });
  caf::anon_send(impl_->supervisor, resume_atom::value);
  impl_->housekeeping = std::thread([impl] { impl->housekeeping_loop(); });
  impl_->running = true;
  return true;
}

void Engine::stop() {
  if (!impl_->running.exchange(false)) return;
  {
    std::lock_guard<std::mutex> lock(impl_->housekeeping_mutex);
    impl_->stopping = true;
  }
  impl_->housekeeping_wake.notify_all();
  impl_->housekeeping.join();
  impl_->stop_webhooks();
  caf::anon_send_exit(impl_->supervisor, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(impl_->render_pool, caf::exit_reason::user_shutdown);
  if (impl_->cluster_registry) caf::anon_send_exit(impl_->cluster_registry, caf::exit_reason::user_shutdown);
  impl_->cluster_registry = nullptr;
  impl_->supervisor = nullptr;
  impl_->render_pool = nullptr;
  {
    std::unique_lock<std::shared_mutex> lock(impl_->workspaces_mutex);
    impl_->workspaces.clear();
  }
  impl_->system.reset();  // waits for every actor
  auto& s = impl_->services;
  s.io.reset();           // finishes queued blocking work
  s.request_log.reset();  // writes queued log entries
  s.committer.reset();    // commits what is queued
  s.db.reset();
}

const std::optional<BootstrapCredentials>& Engine::first_start_credentials() const { return impl_->first_start; }

AuthResult Engine::authenticate(std::string_view authorization, std::string_view workspace_id) {
  return impl_->services.keys.authenticate(authorization, workspace_id, clock::now_ms());
}

void Engine::handle(ApiCall call) {
  auto actor = impl_->running ? impl_->workspace_actor(call.workspace_id) : caf::actor();
  if (!actor) {
    call.respond(error_reply(errors::service_unavailable("The server is shutting down.", 5), call.request_id));
    return;
  }
  caf::anon_send(actor, std::make_shared<ApiCall>(std::move(call)));
}

FileDownload Engine::open_file(const std::string& file_id, const std::string& expires, const std::string& signature) {
  FileDownload download;
  auto& s = impl_->services;
  auto stored = storage::get_json(*s.db, storage::Table::files, file_id);
  std::int64_t expires_at = 0;
  try {
    expires_at = std::stoll(expires);
  } catch (const std::exception&) {
    download.error = errors::url_signature_invalid();
    return download;
  }
  if (!stored) {
    download.error = errors::url_signature_invalid();
    return download;
  }
  const auto record = stored->get<FileRecord>();
  auto verdict = s.url_signer->verify("GET", "/v1/files/" + file_id + "/content", record.workspace_id,
                                      expires_at, signature, clock::now_seconds());
  if (verdict == UrlSigner::Verdict::invalid_signature) {
    download.error = errors::url_signature_invalid();
  } else if (verdict == UrlSigner::Verdict::expired) {
    download.error = errors::url_expired();
  } else if (record.expired || !s.files->exists(record.workspace_id, file_id)) {
    download.error = errors::file_expired();
  } else {
    download.workspace_id = record.workspace_id;
    download.path = s.files->path(record.workspace_id, file_id);
    download.content_type = record.content_type;
    download.sha256 = record.sha256;
    download.filename = record.filename.value_or(file_id);
    download.size_bytes = record.size_bytes;
  }
  return download;
}

void Engine::log_request(RequestLogEntry entry) {
  if (impl_->running) impl_->services.request_log->record(std::move(entry));
}

bool Engine::ready() const {
  return impl_->running && impl_->services.db != nullptr && impl_->services.db->background_error().empty();
}

namespace {

// Per node: how its renders ended (slot deaths by cause, renders tried again).
std::string slot_outcomes(const nlohmann::json& pool) {
  std::string out =
      "# HELP s2d_render_slot_outcomes_total Renders of each render node, by how they ended.\n"
      "# TYPE s2d_render_slot_outcomes_total counter\n";
  for (const auto& node : pool.value("nodes", nlohmann::json::array())) {
    const std::string label = "s2d_render_slot_outcomes_total{node=\"" + node.value("name", "") + "\",outcome=\"";
    for (const auto& [field, outcome] : std::vector<std::pair<const char*, const char*>>{
             {"completed", "completed"}, {"failed", "failed"}, {"timeouts", "timeout"},
             {"memory_kills", "memory"}, {"crashes", "crashed"}, {"redispatched", "redispatched"}})
      out += label + outcome + "\"} " + std::to_string(node.value(field, 0)) + "\n";
  }
  return out;
}

}  // namespace

std::string Engine::metrics() const {
  const std::string up = "# HELP s2d_up Whether the engine runs.\n# TYPE s2d_up gauge\ns2d_up ";
  if (!impl_->running) return up + "0\n";
  caf::scoped_actor self{*impl_->system};
  auto stats_of = [&](const caf::actor& actor) {
    std::string stats;
    self->request(actor, std::chrono::seconds(2), stats_atom::value)
        .receive([&](std::string& text) { stats = std::move(text); }, [](caf::error&) {});
    return nlohmann::json::parse(stats.empty() ? "{}" : stats);
  };
  const auto pool = stats_of(impl_->render_pool);
  const auto webhooks = stats_of(impl_->webhook_dispatcher);
  const auto& db = *impl_->services.db;
  const std::vector<GaugeSample> sampled = {
      {"render_slots", "Render slots of every node.", pool.value("slots", 0.0)},
      {"render_slots_busy", "Render slots rendering now.", pool.value("busy", 0.0)},
      {"render_queue_depth", "Renders waiting for a free render slot.", pool.value("queued", 0.0)},
      {"webhook_outbox_backlog", "Webhook deliveries waiting in the outbox.", webhooks.value("pending", 0.0)},
      {"webhook_deliveries_in_flight", "Webhook delivery attempts under way.", webhooks.value("in_flight", 0.0)},
      {"rocksdb_live_data_bytes", "RocksDB's estimate of its live data on disk.", double(db.live_data_bytes())},
      {"rocksdb_memory_bytes", "RocksDB's memory held against its budget: cached blocks and memtables.",
       double(db.memory_bytes())},
      {"rocksdb_memory_budget_bytes", "RocksDB's memory budget (storage.memory_mb).", double(db.memory_budget_bytes())},
      {"process_resident_memory_bytes", "Resident set size of the server process.", double(process_rss_bytes())},
  };
  return up + "1\n" + impl_->services.metrics.exposition(sampled) + slot_outcomes(pool);
}

Metrics& Engine::request_metrics() { return impl_->services.metrics; }

const Settings& Engine::settings() const { return impl_->services.settings; }

}  // namespace s2d
