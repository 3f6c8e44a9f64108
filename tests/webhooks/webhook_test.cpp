// The CAF-free parts of webhooks: retry timing, secret sealing, signing
// secrets during rotation, response snippets, and the outbox against a real
// RocksDB. Delivery itself is tested end to end (tests/e2e/test_webhooks.py).
#define BOOST_TEST_MODULE webhook_tests
#include <boost/test/unit_test.hpp>

#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "services/webhook_secrets.hpp"
#include "storage/schema.hpp"
#include "webhooks/delivery.hpp"
#include "webhooks/outbox.hpp"

#include <filesystem>

using namespace s2d;
using std::chrono::seconds;

namespace {

const std::vector<int> kSchedule = {0, 5, 300};

struct TempDb {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ids::make("webhook-test");
  Services services;

  TempDb() {
    std::string error;
    services.db = storage::Db::open(dir.string(), &error);
    BOOST_REQUIRE_MESSAGE(services.db, error);
    services.url_signer = std::make_unique<UrlSigner>(std::vector<UrlSigningKey>{{"k1", std::string(32, 'k')}});
    services.settings.webhook_retry_schedule_seconds = kSchedule;
  }
  ~TempDb() {
    services.db.reset();
    std::filesystem::remove_all(dir);
  }

  void put(storage::Table table, const std::string& key, const nlohmann::json& value) {
    storage::Batch batch;
    storage::put_json(batch, table, key, value);
    BOOST_REQUIRE(services.db->write(batch, false, nullptr));
  }

  void endpoint(const std::string& id, const std::vector<std::string>& events, bool enabled = true) {
    put(storage::Table::webhook_endpoints, webhooks::keys::endpoint("ws_1", id),
        {{"id", id}, {"events", events}, {"enabled", enabled}});
  }
};

Generation completed_generation() {
  Generation g;
  g.id = ids::make("gen");
  g.workspace_id = "ws_1";
  g.template_id = "tpl_1";
  g.template_version = 2;
  g.status = GenerationStatus::completed;
  g.created_ms = 1'700'000'000'000;
  g.completed_ms = g.created_ms + 1500;
  g.metadata = {{"order", "42"}};
  g.outputs.push_back({"pdf", "file_1", "application/pdf", 1234, std::string(64, 'a'), 2, false});
  return g;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_retries)

BOOST_AUTO_TEST_CASE(each_delay_of_the_schedule_comes_after_the_previous_failure) {
  BOOST_TEST(*webhooks::next_attempt_ms(kSchedule, 1, 1000, 0.0, std::nullopt) == 1000 + 5000);
  BOOST_TEST(*webhooks::next_attempt_ms(kSchedule, 2, 1000, 0.0, std::nullopt) == 1000 + 300'000);
  BOOST_TEST(!webhooks::next_attempt_ms(kSchedule, 3, 1000, 0.0, std::nullopt));  // used up
  BOOST_TEST(!webhooks::next_attempt_ms({}, 0, 1000, 0.0, std::nullopt));
}

BOOST_AUTO_TEST_CASE(jitter_spreads_a_delay_by_ten_percent_at_most) {
  BOOST_TEST(*webhooks::next_attempt_ms(kSchedule, 2, 0, 1.0, std::nullopt) == 330'000);
  BOOST_TEST(*webhooks::next_attempt_ms(kSchedule, 2, 0, -1.0, std::nullopt) == 270'000);
  BOOST_TEST(*webhooks::next_attempt_ms(kSchedule, 2, 0, 7.0, std::nullopt) == 330'000);
  BOOST_TEST(*webhooks::next_attempt_ms(kSchedule, 0, 0, 1.0, std::nullopt) == 0);  // "immediately" stays immediate
}

BOOST_AUTO_TEST_CASE(retry_after_wins_when_longer_and_is_capped_at_a_day) {
  BOOST_TEST(*webhooks::next_attempt_ms(kSchedule, 1, 0, 0.0, seconds(60)) == 60'000);
  BOOST_TEST(*webhooks::next_attempt_ms(kSchedule, 1, 0, 0.0, seconds(1)) == 5'000);
  BOOST_TEST(*webhooks::next_attempt_ms(kSchedule, 1, 0, 0.0, seconds(30 * 86400)) == 86400'000);
  BOOST_TEST(!webhooks::next_attempt_ms(kSchedule, 3, 0, 0.0, seconds(60)));  // no attempt left to delay
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(webhook_secrets)

BOOST_AUTO_TEST_CASE(a_sealed_secret_opens_only_with_its_key_and_endpoint) {
  SecretSealer sealer(crypto::random_bytes(32));
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const auto sealed = sealer.seal(secret, "whe_1");
  BOOST_TEST(sealed.find("MfKQ9r8") == std::string::npos);
  BOOST_TEST(sealer.seal(secret, "whe_1") != sealed);  // a fresh nonce every time
  BOOST_TEST(*sealer.open(sealed, "whe_1") == secret);
  BOOST_TEST(!sealer.open(sealed, "whe_2"));
  BOOST_TEST(!SecretSealer(crypto::random_bytes(32)).open(sealed, "whe_1"));
  std::string raw;
  BOOST_REQUIRE(crypto::base64_decode(sealed, &raw));
  raw[14] ^= 1;
  BOOST_TEST(!sealer.open(crypto::base64_encode(raw), "whe_1"));
  BOOST_TEST(!sealer.open("not base64!", "whe_1"));
  BOOST_TEST(!sealer.open("", "whe_1"));
}

BOOST_AUTO_TEST_CASE(rotated_secrets_sign_until_their_window_closes_newest_first) {
  SecretSealer sealer(crypto::random_bytes(32));
  const std::int64_t now = 1'000'000;
  nlohmann::json endpoint = {
      {"id", "whe_1"},
      {"secrets",
       {{{"sealed", sealer.seal("new", "whe_1")}, {"expires_ms", 0}},
        {{"sealed", sealer.seal("previous", "whe_1")}, {"expires_ms", now + 1}},
        {{"sealed", "garbage"}, {"expires_ms", now + 1}},
        {{"sealed", sealer.seal("expired", "whe_1")}, {"expires_ms", now}}}}};
  BOOST_TEST(webhooks::signing_secrets(endpoint, sealer, now) == (std::vector<std::string>{"new", "previous"}));
  BOOST_TEST(webhooks::signing_secrets(endpoint, sealer, now + 1) == (std::vector<std::string>{"new"}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(webhook_responses)

BOOST_AUTO_TEST_CASE(snippets_are_cut_and_always_valid_utf8) {
  BOOST_TEST(webhooks::response_snippet(std::string(2000, 'x'), 1024) == std::string(1024, 'x'));
  BOOST_TEST(webhooks::response_snippet("short", 1024) == "short");
  const std::string cut = webhooks::response_snippet("ab\xc3\xa9", 3);  // "abé" cut inside the é
  BOOST_TEST(cut.substr(0, 2) == "ab");
  BOOST_TEST(nlohmann::json(cut).dump().size() > 0);
  const std::string binary = webhooks::response_snippet(std::string("\xff\xfe ok", 5), 1024);
  BOOST_TEST(binary.find(" ok") != std::string::npos);
  BOOST_CHECK_NO_THROW(nlohmann::json(binary).dump());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(webhook_outbox)

BOOST_AUTO_TEST_CASE(deliveries_go_to_active_endpoints_subscribed_to_the_type) {
  TempDb t;
  t.endpoint("whe_all", webhooks::event_types());
  t.endpoint("whe_failed_only", {"generation.failed"});
  t.endpoint("whe_off", webhooks::event_types(), /*enabled=*/false);
  t.endpoint("whe_gone", webhooks::event_types());
  t.put(storage::Table::webhook_endpoints, webhooks::keys::health("ws_1", "whe_gone"), {{"disabled_reason", "gone"}});
  t.put(storage::Table::webhook_endpoints, webhooks::keys::endpoint("ws_2", "whe_other"),
        {{"id", "whe_other"}, {"events", webhooks::event_types()}});

  storage::Batch batch;
  auto completed = webhooks::enqueue_deliveries(*t.services.db, "ws_1", "evt_1", "generation.completed", 42, batch);
  BOOST_REQUIRE(completed.size() == 1u);
  BOOST_TEST(completed[0].endpoint_id == "whe_all");
  auto failed = webhooks::enqueue_deliveries(*t.services.db, "ws_1", "evt_2", "generation.failed", 42, batch);
  BOOST_TEST(failed.size() == 2u);
  BOOST_REQUIRE(t.services.db->write(batch, false, nullptr));

  auto stored = storage::get_json(*t.services.db, storage::Table::outbox, completed[0].outbox_key);
  BOOST_REQUIRE(stored);
  auto entry = webhooks::OutboxEntry::from_storage(*stored);
  BOOST_TEST(entry.workspace_id == "ws_1");
  BOOST_TEST(entry.event_id == "evt_1");
  BOOST_TEST(entry.attempts == 0);
  BOOST_TEST(entry.next_attempt_ms == 42);
}

BOOST_AUTO_TEST_CASE(a_terminal_generation_writes_its_event_in_the_same_batch) {
  TempDb t;
  t.endpoint("whe_all", webhooks::event_types());
  const auto g = completed_generation();
  storage::Batch batch;
  auto outbox = webhooks::append_generation_event(t.services, g, 5000, batch);
  BOOST_REQUIRE(outbox.size() == 1u);
  BOOST_TEST(batch.size() == 2u);  // the event and its one delivery
  BOOST_REQUIRE(t.services.db->write(batch, false, nullptr));

  nlohmann::json event;
  t.services.db->scan(storage::Table::events, "ws_1/", {}, [&](std::string_view, std::string_view value) {
    event = nlohmann::json::parse(value);
    return false;
  });
  BOOST_TEST(event["type"] == "generation.completed");
  auto view = webhooks::event_view(t.services, event, 6000);
  BOOST_TEST(view["object"] == "event");
  BOOST_TEST(view["id"].get<std::string>().rfind("evt_", 0) == 0u);
  BOOST_TEST(view["event"] == "generation.completed");
  BOOST_TEST(view["generation_id"] == g.id);
  BOOST_TEST(view["status"] == "completed");
  BOOST_TEST(view["data"]["metadata"]["order"] == "42");
  BOOST_TEST(view["data"]["error"].is_null());
  BOOST_TEST(view["data"]["template_version"] == 2);
  BOOST_TEST(view["outputs"] == view["data"]["outputs"]);
  const auto url = view["outputs"][0]["url"].get<std::string>();
  BOOST_TEST(url.find("/v1/files/file_1/content?expires=") != std::string::npos);
  BOOST_TEST(webhooks::event_view(t.services, event, 7'000'000)["outputs"][0]["url"] != url);  // signed afresh

  auto expired = g;  // retention deleted the file since
  expired.outputs[0].expired = true;
  t.put(storage::Table::generations, storage::keys::scoped("ws_1", g.id), to_storage(expired));
  const auto later = webhooks::event_view(t.services, event, 8000);
  BOOST_TEST(later["outputs"][0]["url"].is_null());
  BOOST_TEST(later["outputs"][0]["expired"] == true);
}

BOOST_AUTO_TEST_CASE(history_is_pruned_after_retention_only) {
  TempDb t;
  t.put(storage::Table::events, webhooks::keys::event("ws_1", ids::make("evt")), {{"type", "generation.failed"}});
  t.put(storage::Table::deliveries, webhooks::keys::deliveries_prefix("ws_1", "whe_1") + ids::make("dlv"), {});
  auto count = [&](storage::Table table) {
    int rows = 0;
    t.services.db->scan(table, "", {}, [&](std::string_view, std::string_view) {
      ++rows;
      return true;
    });
    return rows;
  };
  const auto now = ids::time_ms(ids::make("evt"));
  webhooks::prune_webhook_history(*t.services.db, now, 30);
  BOOST_TEST(count(storage::Table::events) == 1);
  BOOST_TEST(count(storage::Table::deliveries) == 1);
  webhooks::prune_webhook_history(*t.services.db, now + 31LL * 86400'000, 30);
  BOOST_TEST(count(storage::Table::events) == 0);
  BOOST_TEST(count(storage::Table::deliveries) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
