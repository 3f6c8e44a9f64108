#pragma once
// Every setting of a node. Loaded by app/ from one TOML file with S2D_*
// environment overrides (docs/configuration.md lists each with its key,
// variable and default). Plain values: every layer may read them.

#include <cstdint>
#include <string>
#include <vector>

namespace s2d {

struct Settings {
  // [server]
  std::string listen_host = "127.0.0.1";
  int listen_port = 8080;
  std::string public_url;                 // base of signed URLs; default http://<listen>
  int http_threads = 2;
  std::size_t max_body_bytes = 10u << 20;
  int request_timeout_seconds = 60;       // RESTinio closes idle/slow requests after this

  // [storage]
  std::string data_dir = "./s2d-data";
  std::size_t min_free_mb = 256;          // below this free space: 507 for writes, /readyz 503
  std::size_t storage_memory_mb = 256;    // RocksDB's one budget: block cache with every memtable charged to it

  // [render]
  int render_slots = -1;                  // render slot processes of this node; -1: one per core; 0: workers only
  std::size_t render_max_memory_mb = 2048;  // address-space limit of a slot; 0: none
  int render_timeout_seconds = 120;       // counted from the start in a slot
  int workspace_concurrency = 0;          // generations in flight per workspace; 0: 2 x render slots (or cores)
  int max_render_attempts = 3;
  std::size_t max_output_bytes = 64u << 20;
  std::size_t max_loop_iterations = 1'000'000;
  int max_template_depth = 64;

  // [cluster]
  std::string cluster_listen;             // HOST:PORT of the cluster registry; empty: no workers
  std::string cluster_token_file;         // the token workers present to join
  std::size_t cluster_max_bytes_in_flight = std::size_t(256) << 20;  // render requests on their way, per node

  // [api]
  int url_ttl_seconds = 3600;             // default signed URL lifetime
  int max_json_depth = 64;                // nesting bound of every JSON text read (core/json_text)
  int url_ttl_max_seconds = 7 * 86400;
  int idempotency_retention_hours = 7 * 24;
  int request_log_retention_days = 30;
  int event_retention_days = 30;
  int default_retention_days = 90;        // output files, per workspace (PATCH /v1/workspace)

  // [rate_limit]
  double rate_limit_per_second = 100;
  int rate_limit_burst = 200;

  // [auth]
  int auth_failures_per_minute = 60;      // failed authentications per client address, then 429

  // [operator]
  std::string operator_token;             // empty: operator routes disabled

  // [webhooks]
  std::vector<int> webhook_retry_schedule_seconds = {0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400};
  int webhook_timeout_seconds = 15;
  int webhook_concurrency = 16;
  int webhook_concurrency_per_endpoint = 4;
  int webhook_secret_overlap_hours = 24;
  int webhook_disable_after_days = 5;

  // [egress]
  std::string egress_allow;               // CIDRs that bypass the SSRF guard, e.g. "127.0.0.0/8,::1/128"
  std::string egress_ca_file;             // CAs https peers are verified against (empty: the system's)

  // [images]: https pictures of Office templates, fetched before the render
  int image_fetch_timeout_seconds = 10;   // one picture, DNS to last byte
  std::int64_t image_max_bytes = 10 * 1024 * 1024;
  int image_max_per_generation = 64;      // distinct URLs one generation may fetch

  // [datasources]
  std::string sqlite_dir;                 // sqlite sources may only open files under this directory
  int datasource_timeout_seconds = 10;
  std::size_t datasource_max_records = 10'000;
  int datasource_threads = 4;

  // [events]
  int events_heartbeat_seconds = 15;         // a comment line on a quiet event stream this often
  int events_max_streams_per_workspace = 16; // open event streams of one workspace; more get 429

  // [batch]
  std::int64_t batch_max_items = 1'000'000;  // items one batch may have (the data-source form's bound)

  // [log]
  std::string log_level = "info";
};

}  // namespace s2d
