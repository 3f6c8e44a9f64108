#include "app/config.hpp"

#include <toml++/toml.h>

#include <cstdlib>
#include <sstream>

namespace s2d::app {
namespace {

bool parse_int(const std::string& text, long long min, long long max, long long* out) {
  try {
    std::size_t used = 0;
    long long v = std::stoll(text, &used);
    if (used != text.size() || v < min || v > max) return false;
    *out = v;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

template <class Field>
SettingSpec integer(const char* key, const char* env, const char* description, Field Settings::*field,
                    long long min, long long max) {
  return {key, env, description, [=](Settings& s, const std::string& text, std::string* error) {
            long long v = 0;
            if (!parse_int(text, min, max, &v)) {
              *error = std::string(key) + " must be an integer from " + std::to_string(min) + " to " +
                       std::to_string(max) + " (got '" + text + "')";
              return false;
            }
            s.*field = Field(v);
            return true;
          }};
}

SettingSpec real(const char* key, const char* env, const char* description, double Settings::*field) {
  return {key, env, description, [=](Settings& s, const std::string& text, std::string* error) {
            try {
              std::size_t used = 0;
              double v = std::stod(text, &used);
              if (used == text.size() && v > 0) {
                s.*field = v;
                return true;
              }
            } catch (const std::exception&) {
            }
            *error = std::string(key) + " must be a positive number (got '" + text + "')";
            return false;
          }};
}

SettingSpec text(const char* key, const char* env, const char* description, std::string Settings::*field) {
  return {key, env, description, [=](Settings& s, const std::string& value, std::string*) {
            s.*field = value;
            return true;
          }};
}

// "0s,5s,5m,30m,2h" -> seconds.
bool parse_schedule(const std::string& text, std::vector<int>* out, std::string* error) {
  std::vector<int> schedule;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    int scale = 1;
    if (!item.empty()) {
      switch (item.back()) {
        case 's': scale = 1; item.pop_back(); break;
        case 'm': scale = 60; item.pop_back(); break;
        case 'h': scale = 3600; item.pop_back(); break;
        case 'd': scale = 86400; item.pop_back(); break;
        default: break;
      }
    }
    long long v = 0;
    if (!parse_int(item, 0, 30LL * 86400, &v)) {
      *error = "webhooks.retry_schedule must be a comma-separated list of delays like 0s,5s,5m,2h (got '" + text + "')";
      return false;
    }
    schedule.push_back(int(v * scale));
  }
  if (schedule.empty()) {
    *error = "webhooks.retry_schedule must list at least one delay";
    return false;
  }
  *out = std::move(schedule);
  return true;
}

std::string toml_to_text(const toml::node& node) {
  if (auto s = node.as_string()) return s->get();
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto f = node.as_floating_point()) {
    std::ostringstream out;
    out << f->get();
    return out.str();
  }
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto a = node.as_array()) {
    std::string joined;
    for (const auto& item : *a) joined += (joined.empty() ? "" : ",") + toml_to_text(item);
    return joined;
  }
  return {};
}

}  // namespace

bool parse_listen(const std::string& text, Settings* settings, std::string* error) {
  auto colon = text.rfind(':');
  long long port = 0;
  if (colon == std::string::npos || !parse_int(text.substr(colon + 1), 0, 65535, &port)) {
    *error = "listen must be HOST:PORT (got '" + text + "')";
    return false;
  }
  auto host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  settings->listen_host = host.empty() ? "127.0.0.1" : host;
  settings->listen_port = int(port);
  return true;
}

const std::vector<SettingSpec>& setting_specs() {
  static const std::vector<SettingSpec> specs = {
      {"server.listen", "S2D_LISTEN", "Address and port the HTTP server listens on.",
       [](Settings& s, const std::string& v, std::string* e) { return parse_listen(v, &s, e); }},
      text("server.public_url", "S2D_PUBLIC_URL", "Base URL of signed file URLs (default: http://<listen>).", &Settings::public_url),
      integer("server.http_threads", "S2D_HTTP_THREADS", "HTTP I/O threads.", &Settings::http_threads, 1, 64),
      integer("server.max_body_bytes", "S2D_MAX_BODY_BYTES", "Largest request body; bigger ones get 413.", &Settings::max_body_bytes, 1024, 1LL << 30),
      integer("server.request_timeout_seconds", "S2D_REQUEST_TIMEOUT_SECONDS", "Time limit to read a request and write its response.", &Settings::request_timeout_seconds, 1, 3600),
      text("storage.data_dir", "S2D_DATA_DIR", "Directory of the database, output files and bootstrap.json.", &Settings::data_dir),
      integer("storage.memory_mb", "S2D_STORAGE_MEMORY_MB", "RocksDB's memory budget in MB: the block cache, with every table's memtables charged to it.", &Settings::storage_memory_mb, 8, 1 << 20),
      integer("storage.min_free_mb", "S2D_STORAGE_MIN_FREE_MB", "Free space floor of the data dir; below it writes get 507 (0: off).", &Settings::min_free_mb, 0, 1LL << 30),
      integer("render.slots", "S2D_RENDER_SLOTS", "Render slot processes of this node (default: one per core; 0: render only on joined workers).", &Settings::render_slots, 0, 256),
      integer("render.max_memory_mb", "S2D_RENDER_MAX_MEMORY_MB", "Address-space limit of one render slot in MB (0: none); past it a render fails with limit_exceeded.", &Settings::render_max_memory_mb, 0, 1 << 20),
      integer("render.timeout_seconds", "S2D_RENDER_TIMEOUT_SECONDS", "A render running longer in its slot is killed and fails with render_timeout.", &Settings::render_timeout_seconds, 1, 3600),
      integer("render.workspace_concurrency", "S2D_WORKSPACE_CONCURRENCY", "Generations in flight per workspace (0: twice the render slots, or the cores with no slots).", &Settings::workspace_concurrency, 0, 10000),
      integer("render.max_attempts", "S2D_RENDER_MAX_ATTEMPTS", "Render attempts (restarts included) before a generation fails.", &Settings::max_render_attempts, 1, 100),
      integer("render.max_output_bytes", "S2D_MAX_OUTPUT_BYTES", "Largest merged template text.", &Settings::max_output_bytes, 1024, 1LL << 32),
      integer("render.max_loop_iterations", "S2D_MAX_LOOP_ITERATIONS", "Loop iterations one render may run.", &Settings::max_loop_iterations, 1, 1LL << 32),
      integer("render.max_template_depth", "S2D_MAX_TEMPLATE_DEPTH", "Nesting depth of blocks, partials and subexpressions.", &Settings::max_template_depth, 1, 1000),
      text("cluster.listen", "S2D_CLUSTER_LISTEN", "HOST:PORT where workers join (an internal address; empty: no workers).", &Settings::cluster_listen),
      text("cluster.token_file", "S2D_CLUSTER_TOKEN_FILE", "File holding the cluster token workers must present.", &Settings::cluster_token_file),
      integer("cluster.max_bytes_in_flight", "S2D_CLUSTER_MAX_BYTES_IN_FLIGHT", "Bytes of render requests on their way to one node before it gets no more.", &Settings::cluster_max_bytes_in_flight, 1 << 20, 1LL << 40),
      integer("api.url_ttl_seconds", "S2D_URL_TTL_SECONDS", "Default lifetime of signed file URLs.", &Settings::url_ttl_seconds, 1, 7 * 86400),
      integer("api.max_json_depth", "S2D_API_MAX_JSON_DEPTH", "Deepest nesting of arrays and objects in any JSON read (bodies, records, data-source answers).", &Settings::max_json_depth, 2, 1000),
      integer("api.idempotency_retention_hours", "S2D_IDEMPOTENCY_RETENTION_HOURS", "How long idempotency keys are kept (at least 24).", &Settings::idempotency_retention_hours, 24, 24 * 365),
      integer("api.request_log_retention_days", "S2D_REQUEST_LOG_RETENTION_DAYS", "How long request logs are kept.", &Settings::request_log_retention_days, 1, 3650),
      integer("api.event_retention_days", "S2D_EVENT_RETENTION_DAYS", "How long webhook events are listed.", &Settings::event_retention_days, 1, 3650),
      integer("api.default_retention_days", "S2D_DEFAULT_RETENTION_DAYS", "Output file retention of new workspaces.", &Settings::default_retention_days, 1, 3650),
      real("rate_limit.per_second", "S2D_RATE_LIMIT_PER_SECOND", "Requests per second per workspace (default for every workspace).", &Settings::rate_limit_per_second),
      integer("rate_limit.burst", "S2D_RATE_LIMIT_BURST", "Burst size per workspace.", &Settings::rate_limit_burst, 1, 1000000),
      integer("auth.failures_per_minute", "S2D_AUTH_FAILURES_PER_MINUTE", "Failed authentications per client address per minute, then 429.", &Settings::auth_failures_per_minute, 1, 1000000),
      text("operator.token", "S2D_OPERATOR_TOKEN", "Token of the /v1/admin routes; empty disables them.", &Settings::operator_token),
      {"webhooks.retry_schedule", "S2D_WEBHOOK_RETRY_SCHEDULE", "Delays before each delivery attempt, e.g. 0s,5s,5m,30m,2h.",
       [](Settings& s, const std::string& v, std::string* e) { return parse_schedule(v, &s.webhook_retry_schedule_seconds, e); }},
      integer("webhooks.timeout_seconds", "S2D_WEBHOOK_TIMEOUT_SECONDS", "Time limit of one delivery attempt.", &Settings::webhook_timeout_seconds, 1, 300),
      integer("webhooks.concurrency", "S2D_WEBHOOK_CONCURRENCY", "Deliveries in flight overall.", &Settings::webhook_concurrency, 1, 1024),
      integer("webhooks.concurrency_per_endpoint", "S2D_WEBHOOK_CONCURRENCY_PER_ENDPOINT", "Deliveries in flight per endpoint.", &Settings::webhook_concurrency_per_endpoint, 1, 256),
      integer("webhooks.secret_overlap_hours", "S2D_WEBHOOK_SECRET_OVERLAP_HOURS", "How long a rotated secret keeps signing.", &Settings::webhook_secret_overlap_hours, 0, 24 * 30),
      integer("webhooks.disable_after_days", "S2D_WEBHOOK_DISABLE_AFTER_DAYS", "An endpoint failing every attempt this long is disabled.", &Settings::webhook_disable_after_days, 1, 365),
      text("egress.allow", "S2D_EGRESS_ALLOW", "CIDRs exempt from the SSRF guard, e.g. 127.0.0.0/8,::1/128.", &Settings::egress_allow),
      text("egress.ca_file", "S2D_EGRESS_CA_FILE", "PEM file of the CAs outbound https is verified against (empty: the system's).", &Settings::egress_ca_file),
      integer("images.fetch_timeout_seconds", "S2D_IMAGE_FETCH_TIMEOUT_SECONDS", "Time limit of fetching one https picture of an Office template.", &Settings::image_fetch_timeout_seconds, 1, 120),
      integer("images.max_bytes", "S2D_IMAGE_MAX_BYTES", "Largest https picture an Office template may fetch.", &Settings::image_max_bytes, 1024, 256LL << 20),
      integer("images.max_per_generation", "S2D_IMAGE_MAX_PER_GENERATION", "Distinct https pictures one generation or preview may fetch.", &Settings::image_max_per_generation, 1, 1000),
      text("datasources.sqlite_dir", "S2D_SQLITE_DIR", "Directory sqlite data sources may open files under (empty: sqlite disabled).", &Settings::sqlite_dir),
      integer("datasources.timeout_seconds", "S2D_DATASOURCE_TIMEOUT_SECONDS", "Time limit of one data-source fetch.", &Settings::datasource_timeout_seconds, 1, 600),
      integer("events.heartbeat_seconds", "S2D_EVENTS_HEARTBEAT_SECONDS", "A comment heartbeat on a quiet event stream this often (kept under server.request_timeout_seconds).", &Settings::events_heartbeat_seconds, 1, 300),
      integer("events.max_streams_per_workspace", "S2D_EVENTS_MAX_STREAMS_PER_WORKSPACE", "Event streams one workspace may hold open; more get 429 too_many_streams.", &Settings::events_max_streams_per_workspace, 1, 10000),
      integer("batch.max_items", "S2D_BATCH_MAX_ITEMS", "Most items one batch may have (a data-source batch of a bigger source is refused).", &Settings::batch_max_items, 1, 100000000),
      integer("datasources.max_records", "S2D_DATASOURCE_MAX_RECORDS", "Most records one fetch may return.", &Settings::datasource_max_records, 1, 10000000),
      integer("datasources.threads", "S2D_DATASOURCE_THREADS", "Threads for blocking I/O (data sources, file writes).", &Settings::datasource_threads, 1, 256),
      text("log.level", "S2D_LOG_LEVEL", "trace, debug, info, warn or error.", &Settings::log_level),
  };
  return specs;
}

bool load_settings(const std::string& config_path, Settings* settings, std::string* error) {
  if (!config_path.empty()) {
    toml::table table;
    try {
      table = toml::parse_file(config_path);
    } catch (const toml::parse_error& e) {
      std::ostringstream out;
      out << config_path << ":" << e.source().begin.line << ":" << e.source().begin.column << ": " << e.description();
      *error = out.str();
      return false;
    }
    // Unknown keys are errors: a typo must not silently fall back to a default.
    for (const auto& [section, node] : table) {
      const auto* entries = node.as_table();
      if (!entries) {
        *error = config_path + ": '" + std::string(section.str()) + "' must be a [section]";
        return false;
      }
      for (const auto& [name, value] : *entries) {
        auto key = std::string(section.str()) + "." + std::string(name.str());
        const SettingSpec* spec = nullptr;
        for (const auto& s : setting_specs())
          if (key == s.key) spec = &s;
        if (!spec) {
          *error = config_path + ": unknown setting '" + key + "'";
          return false;
        }
        if (!spec->apply(*settings, toml_to_text(value), error)) {
          *error = config_path + ": " + *error;
          return false;
        }
      }
    }
  }
  for (const auto& spec : setting_specs()) {
    const char* value = std::getenv(spec.env);
    if (value && !spec.apply(*settings, value, error)) {
      *error = std::string(spec.env) + ": " + *error;
      return false;
    }
  }
  return true;
}

}  // namespace s2d::app
