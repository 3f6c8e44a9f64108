// Stored records stay readable: a data dir holding every kind of record in
// the exact JSON shape the code wrote before the records were typed (the
// objects below are copied from that code's writers) is opened with a real
// RocksDB, each record is read through its codec and written back, and the
// result must be the stored bytes, unchanged.
#define BOOST_TEST_MODULE stored_format_tests
#include <boost/test/unit_test.hpp>

#include "core/generation.hpp"
#include "core/records.hpp"
#include "policies/idempotency.hpp"
#include "policies/key_registry.hpp"
#include "storage/db.hpp"
#include "storage/schema.hpp"
#include "webhooks/outbox.hpp"

#include <filesystem>
#include <functional>
#include <random>

using nlohmann::json;
using namespace s2d;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("s2d-stored-format-" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

using RoundTrip = std::function<json(const json&)>;

template <class Record>
RoundTrip through() {
  return [](const json& stored) { return json(stored.get<Record>()); };
}

struct StoredRecord {
  const char* kind;
  storage::Table table;
  std::string key;
  json value;
  RoundTrip round_trip;
};

const json kGeneration = {
    {"id", "gen_01"}, {"workspace_id", "ws_01"}, {"template_id", "tpl_01"}, {"template_version", 2},
    {"data_source_id", ""}, {"filters", nullptr}, {"formats", json::array({"pdf", "docx"})},
    {"metadata", json::object({{"order", "42"}})}, {"options", json::object({{"locale", "de-DE"}, {"filename", "invoice"}})},
    {"status", "completed"}, {"created_ms", 1700000000000}, {"started_ms", 1700000000100},
    {"completed_ms", 1700000000900},
    {"outputs", json::array({{{"format", "pdf"}, {"file_id", "file_01"}, {"content_type", "application/pdf"},
                  {"size_bytes", 2048}, {"sha256", "ab12"}, {"pages", 3}, {"expired", false}},
                 {{"format", "docx"}, {"file_id", "file_02"}, {"content_type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
                  {"size_bytes", 4096}, {"sha256", "cd34"}, {"pages", 0}, {"expired", true}, {"record_index", 1}}})},
    {"error", nullptr}, {"warnings", json::array({"font fallback"})}, {"idempotency_key", "k-1"}, {"attempts", 1}};

const json kAsset = {{"name", "logo.png"}, {"mime", "image/png"}, {"size_bytes", 1234u}, {"sha256", "ef56"}};

std::vector<StoredRecord> records_of_today() {
  return {
      // services/bootstrap.cpp make_workspace, then PATCH /v1/workspace and the operator's limits.
      {"new workspace", storage::Table::workspaces, "ws_01",
       {{"id", "ws_01"}, {"name", "default"}, {"created_ms", 1700000000000}}, through<WorkspaceRecord>()},
      {"workspace with every setting", storage::Table::workspaces, "ws_02",
       {{"id", "ws_02"}, {"name", "acme"}, {"created_ms", 1700000000000}, {"retention_days", 30},
        {"default_locale", "de-DE"}, {"default_timezone", "Europe/Berlin"}, {"rate_limit_per_second", 50},
        {"rate_limit_burst", 100}, {"concurrency", 4}},
       through<WorkspaceRecord>()},
      {"workspace with a fractional rate", storage::Table::workspaces, "ws_03",
       {{"id", "ws_03"}, {"name", "slow"}, {"created_ms", 1700000000000}, {"rate_limit_per_second", 2.5}},
       through<WorkspaceRecord>()},
      // ApiKeyRecord::to_storage.
      {"api key", storage::Table::api_keys, "h/abcd",
       {{"id", "key_01"}, {"workspace_id", "ws_01"}, {"name", "admin"}, {"role", "admin"}, {"hash", "abcd"},
        {"last4", "wxyz"}, {"created_ms", 1700000000000}, {"last_used_ms", 1700000005000}, {"expires_ms", 0},
        {"revoked_ms", 0}},
       [](const json& stored) { return ApiKeyRecord::from_storage(stored).to_storage(); }},
      // resources/templates.cpp create_template (+ show_latest), then archive_template.
      {"template", storage::Table::templates, "ws_01/tpl_01",
       {{"id", "tpl_01"}, {"workspace_id", "ws_01"}, {"name", "Invoice"}, {"kind", "markdown"},
        {"created_ms", 1700000000000}, {"updated_ms", 1700000000000}, {"archived", false},
        {"default_data_source_id", nullptr}, {"field_map", nullptr}, {"fields", json::array({"customer", "total"})},
        {"required_fields", json::array({"customer"})}, {"sample_data", json::object({{"customer", "Ada"}})}, {"documents", "one"},
        {"assets", json::array({kAsset})}, {"latest_version", 1}},
       through<TemplateRecord>()},
      {"archived template wired to a source", storage::Table::templates, "ws_01/tpl_02",
       {{"id", "tpl_02"}, {"workspace_id", "ws_01"}, {"name", "Letters"}, {"kind", "markdown"},
        {"created_ms", 1700000000000}, {"updated_ms", 1700000009000}, {"archived", true},
        {"archived_ms", 1700000009000}, {"default_data_source_id", "src_01"},
        {"field_map", json::object({{"name", "customer_name"}})}, {"fields", json::array()}, {"required_fields", json::array()},
        {"sample_data", nullptr}, {"documents", "per_record"}, {"assets", json::array()}, {"latest_version", 3}},
       through<TemplateRecord>()},
      // generation/template_versions.cpp build_version.
      {"template version", storage::Table::template_versions, "tpl_01/v/0000000001",
       {{"template_id", "tpl_01"}, {"version", 1}, {"source", "# {{customer}}\n"}, {"created_ms", 1700000000000},
        {"fields", json::array({"customer"})}, {"documents", "one"}, {"required_fields", json::array({"customer"})},
        {"sample_data", json::object({{"customer", "Ada"}})}, {"assets", json::array({kAsset})}},
       through<TemplateVersionRecord>()},
      {"template version without sample data", storage::Table::template_versions, "tpl_02/v/0000000003",
       {{"template_id", "tpl_02"}, {"version", 3}, {"source", "x"}, {"created_ms", 1700000000000},
        {"fields", json::array()}, {"documents", "per_record"}, {"required_fields", json::array()},
        {"sample_data", nullptr}, {"assets", json::array()}},
       through<TemplateVersionRecord>()},
      // core/generation.cpp to_storage.
      {"generation", storage::Table::generations, "ws_01/gen_01", kGeneration,
       [](const json& stored) { return to_storage(generation_from_storage(stored)); }},
      // generation/render_job.cpp terminal_batch.
      {"file", storage::Table::files, "file_01",
       {{"id", "file_01"}, {"workspace_id", "ws_01"}, {"generation_id", "gen_01"}, {"format", "pdf"},
        {"content_type", "application/pdf"}, {"size_bytes", 2048}, {"sha256", "ab12"},
        {"filename", "invoice.pdf"}, {"created_ms", 1700000000900}, {"expired", false}},
       through<FileRecord>()},
      // resources/webhooks.cpp create, rotate, update (disable).
      {"webhook endpoint", storage::Table::webhook_endpoints, "ws_01/whe_01",
       {{"id", "whe_01"}, {"workspace_id", "ws_01"}, {"url", "https://hooks.example.com/s2d"},
        {"events", json::array({"generation.completed", "generation.failed", "generation.canceled"})}, {"description", ""},
        {"enabled", true}, {"created_ms", 1700000000000}, {"updated_ms", 1700000000000},
        {"secrets", json::array({{{"sealed", "c2VhbGVk"}, {"created_ms", 1700000000000}, {"expires_ms", 0}}})}},
       through<WebhookEndpointRecord>()},
      {"disabled webhook endpoint mid-rotation", storage::Table::webhook_endpoints, "ws_01/whe_02",
       {{"id", "whe_02"}, {"workspace_id", "ws_01"}, {"url", "https://hooks.example.com/other"},
        {"events", json::array({"generation.failed"})}, {"description", "ops"}, {"enabled", false},
        {"disabled_ms", 1700000007000}, {"created_ms", 1700000000000}, {"updated_ms", 1700000007000},
        {"secrets", json::array({{{"sealed", "bmV3"}, {"created_ms", 1700000006000}, {"expires_ms", 0}},
                                 {{"sealed", "b2xk"}, {"created_ms", 1700000000000}, {"expires_ms", 1700086406000}}})}},
       through<WebhookEndpointRecord>()},
      // webhooks/delivery.cpp health changes.
      {"failing endpoint health", storage::Table::webhook_endpoints, "health/ws_01/whe_01",
       {{"failing_since_ms", 1700000000500}}, through<EndpointHealth>()},
      {"disabled endpoint health", storage::Table::webhook_endpoints, "health/ws_01/whe_02",
       {{"failing_since_ms", 1700000000500}, {"disabled_reason", "gone"}, {"disabled_ms", 1700000008000}},
       through<EndpointHealth>()},
      // webhooks/outbox.cpp append_generation_event, enqueue_deliveries.
      {"event", storage::Table::events, "ws_01/evt_01",
       {{"id", "evt_01"}, {"type", "generation.completed"}, {"workspace_id", "ws_01"},
        {"created_ms", 1700000000900}, {"generation", kGeneration}},
       through<EventRecord>()},
      {"outbox entry", storage::Table::outbox, "obx_01",
       {{"workspace_id", "ws_01"}, {"endpoint_id", "whe_01"}, {"event_id", "evt_01"}, {"attempts", 2},
        {"next_attempt_ms", 1700000060000}, {"created_ms", 1700000000900}},
       [](const json& stored) { return webhooks::OutboxEntry::from_storage(stored).to_storage(); }},
      // webhooks/delivery.cpp attempt_record.
      {"failed delivery", storage::Table::deliveries, "ws_01/whe_01/dlv_01",
       {{"id", "dlv_01"}, {"endpoint_id", "whe_01"}, {"event_id", "evt_01"},
        {"event_type", "generation.completed"}, {"attempt", 1}, {"created_ms", 1700000001000},
        {"status_code", 500}, {"latency_ms", 35}, {"succeeded", false},
        {"error", json::object({{"type", "http_error"}, {"message", "The endpoint answered 500."}})},
        {"response_body", "oops"}, {"response_truncated", false}, {"next_attempt_ms", 1700000061000}},
       through<DeliveryRecord>()},
      {"delivery without an answer", storage::Table::deliveries, "ws_01/whe_01/dlv_02",
       {{"id", "dlv_02"}, {"endpoint_id", "whe_01"}, {"event_id", "evt_01"},
        {"event_type", "generation.completed"}, {"attempt", 2}, {"created_ms", 1700000061000},
        {"status_code", nullptr}, {"latency_ms", 0}, {"succeeded", true}, {"error", nullptr},
        {"response_body", ""}, {"response_truncated", false}, {"next_attempt_ms", 0}},
       through<DeliveryRecord>()},
      // policies/idempotency.cpp store_response.
      {"idempotency record", storage::Table::idempotency, "ws_01/k-1",
       {{"fingerprint", "9f86"}, {"status", 202}, {"body", "{\"id\":\"gen_01\"}"}, {"expires_ms", 1700086400000}},
       through<StoredResponse>()},
      // resources/data_sources.cpp create_data_source and append_records; a source of
      // an earlier version with its connection string in plain text; one sealed now.
      {"records data source", storage::Table::data_sources, "ws_01/src_01",
       {{"id", "src_01"}, {"workspace_id", "ws_01"}, {"kind", "records"},
        {"config", json::object({{"kind", "records"}, {"name", "accounts"}})}, {"created_ms", 1700000000000},
        {"updated_ms", 1700000002000}, {"record_count", 3}},
       through<DataSourceRecord>()},
      {"postgres data source in plain text", storage::Table::data_sources, "ws_01/src_02",
       {{"id", "src_02"}, {"workspace_id", "ws_01"}, {"kind", "postgres"},
        {"config", json::object({{"kind", "postgres"}, {"connection_string", "host=db"}, {"query", "SELECT 1"}})},
        {"created_ms", 1700000000000}, {"updated_ms", 1700000000000}},
       through<DataSourceRecord>()},
      {"sealed http data source", storage::Table::data_sources, "ws_01/src_03",
       {{"id", "src_03"}, {"workspace_id", "ws_01"}, {"kind", "http"},
        {"config", json::object({{"kind", "http"}, {"url", "https://crm.example.com"},
                                 {"headers", json::object({{"Authorization", "***"}})}})},
        {"created_ms", 1700000000000}, {"updated_ms", 1700000000000}, {"sealed_config", "c2VhbGVk"}},
       through<DataSourceRecord>()},
  };
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_data_dir_of_todays_records_reads_back_unchanged) {
  TempDir dir;
  const auto records = records_of_today();
  std::string error;
  {
    auto db = storage::Db::open(dir.path.string(), &error);
    BOOST_TEST_REQUIRE(bool(db), error);
    storage::Batch batch;
    for (const auto& r : records) storage::put_json(batch, r.table, r.key, r.value);
    BOOST_TEST_REQUIRE(db->write(batch, /*sync=*/true, &error), error);
  }
  auto db = storage::Db::open(dir.path.string(), &error);  // reopened: read from disk
  BOOST_TEST_REQUIRE(bool(db), error);
  for (const auto& r : records) {
    BOOST_TEST_CONTEXT(r.kind) {
      auto stored = storage::get_json(*db, r.table, r.key);
      BOOST_TEST_REQUIRE(stored.has_value());
      BOOST_TEST(r.round_trip(*stored).dump() == stored->dump());
    }
  }
}

BOOST_AUTO_TEST_CASE(typed_records_read_the_stored_values) {
  auto workspace = json{{"id", "ws_02"}, {"rate_limit_per_second", 50}, {"concurrency", 4}}.get<WorkspaceRecord>();
  BOOST_TEST(workspace.rate_limit_per_second->get<double>() == 50.0);
  BOOST_TEST(workspace.concurrency.value_or(0) == 4);
  BOOST_TEST(!workspace.retention_days.has_value());

  const auto endpoint = records_of_today()[11].value.get<WebhookEndpointRecord>();
  BOOST_TEST(!endpoint.enabled);
  BOOST_TEST(endpoint.disabled_ms.value_or(0) == 1700000007000);
  BOOST_TEST(endpoint.secrets.size() == 2u);
  BOOST_TEST(endpoint.secrets[1].expires_ms == 1700086406000);

  const auto health = records_of_today()[13].value.get<EndpointHealth>();
  BOOST_TEST(health.disables());
  BOOST_TEST(!json::object().get<EndpointHealth>().disables());

  const auto version = records_of_today()[6].value.get<TemplateVersionRecord>();
  BOOST_TEST(version.assets.size() == 1u);
  BOOST_TEST(version.assets[0].sha256 == "ef56");
}

BOOST_AUTO_TEST_CASE(fields_a_record_lacks_keep_their_defaults) {
  const auto tpl = json{{"id", "tpl_9"}}.get<TemplateRecord>();
  BOOST_TEST(tpl.kind == "markdown");
  BOOST_TEST(tpl.latest_version == 1);
  BOOST_TEST(!tpl.archived);
  BOOST_TEST(tpl.documents == "one");
  const auto file = json{{"id", "file_9"}}.get<FileRecord>();
  BOOST_TEST(file.content_type == "application/octet-stream");
  BOOST_TEST(!file.filename.has_value());
  const auto response = json::object().get<StoredResponse>();
  BOOST_TEST(response.status == 200);
}
