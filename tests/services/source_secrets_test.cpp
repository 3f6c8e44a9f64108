#include <boost/test/unit_test.hpp>

#include "core/crypto.hpp"
#include "core/file_io.hpp"
#include "services/source_secrets.hpp"
#include "services/services.hpp"
#include "storage/schema.hpp"

#include <filesystem>
#include <random>

using namespace s2d;
namespace fs = std::filesystem;

namespace {

const std::string kPassword = "pw-Zq81-never-on-disk";
const std::string kToken = "tok-Hx20-never-on-disk";

DataSourceRecord postgres_source(const std::string& id) {
  DataSourceRecord r;
  r.id = id;
  r.workspace_id = "ws_1";
  r.kind = "postgres";
  r.config = {{"kind", "postgres"},
              {"connection_string", "postgresql://app:" + kPassword + "@db.internal/crm"},
              {"query", "SELECT 1"}};
  return r;
}

DataSourceRecord http_source(const std::string& id) {
  DataSourceRecord r;
  r.id = id;
  r.workspace_id = "ws_1";
  r.kind = "http";
  r.config = {{"kind", "http"}, {"url", "https://crm.internal/accounts"}, {"headers", {{"X-Token", kToken}}}};
  return r;
}

struct Fixture {
  fs::path dir = fs::temp_directory_path() / ("s2d-source-secrets-" + std::to_string(std::random_device{}()));
  Services services;

  Fixture() {
    fs::create_directories(dir);
    std::string error;
    services.db = storage::Db::open((dir / "db").string(), &error);
    services.committer = std::make_unique<storage::Committer>(*services.db);
    services.secret_sealer = std::make_unique<SecretSealer>(crypto::random_bytes(32));
  }
  ~Fixture() {
    services.committer.reset();
    services.db.reset();
    fs::remove_all(dir);
  }

  // Every byte under the database directory, for "is it on disk" checks.
  std::string disk() const {
    std::string all;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
      if (entry.is_regular_file()) all += read_file(entry.path().string()).value_or("");
    return all;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(source_secrets)

BOOST_AUTO_TEST_CASE(credentials_are_stored_redacted_and_sealed_and_open_back) {
  Fixture f;
  auto record = postgres_source("src_pg");
  const auto config = record.config;
  seal_source_config(f.services, record);
  BOOST_TEST(record.config["connection_string"] == "***");
  BOOST_TEST(record.config["query"] == "SELECT 1");
  BOOST_TEST(nlohmann::json(record).dump().find(kPassword) == std::string::npos);
  BOOST_TEST(source_config(f.services, record) == config);

  auto http = http_source("src_http");
  seal_source_config(f.services, http);
  BOOST_TEST(http.config["headers"]["X-Token"] == "***");
  BOOST_TEST(source_config(f.services, http)["headers"]["X-Token"] == kToken);
}

BOOST_AUTO_TEST_CASE(a_sealed_config_does_not_open_under_another_source) {
  Fixture f;
  auto record = postgres_source("src_a");
  seal_source_config(f.services, record);
  record.id = "src_b";  // copied onto another source
  BOOST_TEST(source_config(f.services, record)["connection_string"] == "***");
}

BOOST_AUTO_TEST_CASE(a_config_without_credentials_is_stored_as_it_is) {
  Fixture f;
  DataSourceRecord record;
  record.id = "src_r";
  record.kind = "records";
  record.config = {{"kind", "records"}, {"name", "r"}};
  const nlohmann::json before = record;
  seal_source_config(f.services, record);
  BOOST_TEST(nlohmann::json(record) == before);
  BOOST_TEST(source_config(f.services, record) == before["config"]);
}

BOOST_AUTO_TEST_CASE(plaintext_records_of_an_earlier_version_are_sealed_and_leave_the_disk) {
  Fixture f;
  storage::Batch batch;
  storage::put_json(batch, storage::Table::data_sources, "ws_1/src_pg", postgres_source("src_pg"));
  storage::put_json(batch, storage::Table::data_sources, "ws_1/src_http", http_source("src_http"));
  std::string error;
  BOOST_REQUIRE(f.services.committer->commit_now(batch, &error));
  // What an old version left: the text is on disk (in the write-ahead log).
  BOOST_REQUIRE(f.disk().find(kPassword) != std::string::npos);

  std::size_t sealed = 0;
  BOOST_REQUIRE(seal_plaintext_sources(f.services, &sealed, &error));
  BOOST_TEST(sealed == 2u);
  auto stored = storage::get_json(*f.services.db, storage::Table::data_sources, "ws_1/src_pg");
  BOOST_REQUIRE(stored);
  BOOST_TEST(source_config(f.services, stored->get<DataSourceRecord>())["connection_string"] ==
             "postgresql://app:" + kPassword + "@db.internal/crm");
  const auto disk = f.disk();
  BOOST_TEST(disk.find(kPassword) == std::string::npos);
  BOOST_TEST(disk.find(kToken) == std::string::npos);

  BOOST_REQUIRE(seal_plaintext_sources(f.services, &sealed, &error));
  BOOST_TEST(sealed == 0u);  // once is enough
}

BOOST_AUTO_TEST_SUITE_END()
