// The sqlite connector against real database files made in a temp dir.
#include <boost/test/unit_test.hpp>

#include "tests/datasources/support.hpp"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

using nlohmann::json;
namespace ds = s2d::datasources;
namespace fs = std::filesystem;
using ds::testing::expect_error;

namespace {

void execute(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + file.string());
  char* message = nullptr;
  int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  std::string text = message ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  if (code != SQLITE_OK) throw std::runtime_error("sqlite: " + text);
}

long long count_rows(const fs::path& file, const std::string& table) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, ("SELECT count(*) FROM " + table).c_str(), -1, &statement, nullptr);
  sqlite3_step(statement);
  long long count = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return count;
}

// A sqlite directory with sales.db (accounts + items) and a file outside it.
struct SqliteFixture {
  SqliteFixture() {
    std::string pattern = (fs::temp_directory_path() / "s2d-sqlite-XXXXXX").string();
    root = mkdtemp(pattern.data());
    directory = root / "databases";
    fs::create_directories(directory / "nested");
    database = directory / "sales.db";
    execute(database, R"sql(
      CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT, code TEXT, region TEXT, balance REAL,
                             active BOOLEAN, settings JSON, logo BLOB, note TEXT);
      INSERT INTO accounts VALUES
        (1, 'Acme', 'A-1', 'emea', 1250.5, 1, '{"theme":"dark","tags":[1,2]}', x'00ff10', NULL),
        (2, 'Globex', 'G-2', 'amer', 99.0, 0, '[]', NULL, CAST(x'636166e9' AS TEXT)),
        (3, 'Initech', 'I-3', 'emea', -3.25, 1, 'not json', NULL, 'x');
      CREATE TABLE items (account_id INTEGER, sku TEXT, qty INTEGER);
      INSERT INTO items VALUES (1, 'bolt', 10), (1, 'nut', 20), (3, 'stapler', 1);
    )sql");
    outside = root / "outside.db";
    execute(outside, "CREATE TABLE secrets (v TEXT); INSERT INTO secrets VALUES ('top');");
    environment.sqlite_dir = directory.string();
  }
  ~SqliteFixture() { fs::remove_all(root); }

  ds::FetchResult fetch(const json& config, const json& filters = nullptr, ds::FetchLimits limits = {}) {
    return ds::fetch("src_sqlite", "sqlite", config, filters, environment, limits);
  }

  fs::path root, directory, database, outside;
  ds::Environment environment;
};

json config_for(const std::string& query) { return {{"path", "sales.db"}, {"query", query}}; }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(sqlite, SqliteFixture)

BOOST_AUTO_TEST_CASE(filters_select_rows_and_values_keep_their_types) {
  auto result = fetch(config_for("SELECT * FROM accounts WHERE region = :region ORDER BY id"), {{"region", "emea"}});
  BOOST_TEST_REQUIRE(!result.error.has_value(), result.error->message);
  BOOST_TEST_REQUIRE(result.records.size() == 2u);
  json acme = result.records[0];
  BOOST_TEST(acme["id"] == json(1));
  BOOST_TEST(acme["name"] == json("Acme"));
  BOOST_TEST(acme["balance"] == json(1250.5));
  BOOST_TEST(acme["active"] == json(true));
  BOOST_TEST(acme["settings"] == json::parse(R"({"theme":"dark","tags":[1,2]})"));
  BOOST_TEST(acme["logo"] == json("AP8Q"));
  BOOST_TEST(acme["note"].is_null());
  BOOST_TEST(result.records[1]["settings"] == json("not json"));  // declared JSON, but is not
}

BOOST_AUTO_TEST_CASE(a_text_filter_matches_an_integer_column) {
  auto result = fetch(config_for("SELECT name FROM accounts WHERE id = :account_id"), {{"account_id", "2"}});
  BOOST_TEST_REQUIRE(!result.error.has_value());
  BOOST_TEST(result.records == json::parse(R"([{"name":"Globex"}])"));
}

BOOST_AUTO_TEST_CASE(invalid_utf8_text_comes_back_replaced) {
  auto result = fetch(config_for("SELECT note FROM accounts WHERE id = 2"));
  BOOST_TEST_REQUIRE(!result.error.has_value());
  BOOST_TEST(result.records[0]["note"] == json("caf\xEF\xBF\xBD"));  // stored as Latin-1 bytes
}

BOOST_AUTO_TEST_CASE(children_are_bound_from_the_parent_row_and_field_map_applies) {
  json config = config_for("SELECT id, name FROM accounts WHERE region = :region ORDER BY id");
  config["children"] = {{"items", "SELECT sku, qty FROM items WHERE account_id = :id ORDER BY sku"}};
  config["field_map"] = {{"name", "customer.name"}, {"items", "line_items"}};
  auto result = fetch(config, {{"region", "emea"}});
  BOOST_TEST_REQUIRE(!result.error.has_value(), result.error->message);
  BOOST_TEST(result.records == json::parse(R"([
    {"id":1,"customer":{"name":"Acme"},"line_items":[{"sku":"bolt","qty":10},{"sku":"nut","qty":20}]},
    {"id":3,"customer":{"name":"Initech"},"line_items":[{"sku":"stapler","qty":1}]}])"));
}

BOOST_AUTO_TEST_CASE(an_injection_attempt_through_a_filter_matches_nothing) {
  auto result = fetch(config_for("SELECT * FROM accounts WHERE code = :code"), {{"code", "A-1' OR '1'='1"}});
  BOOST_TEST_REQUIRE(!result.error.has_value());
  BOOST_TEST(result.records.empty());
  auto drop = fetch(config_for("SELECT * FROM accounts WHERE code = :code"), {{"code", "x'; DROP TABLE accounts; --"}});
  BOOST_TEST(drop.records.empty());
  BOOST_TEST(count_rows(database, "accounts") == 3);
}

BOOST_AUTO_TEST_CASE(writes_attach_and_pragmas_are_refused) {
  expect_error(fetch(config_for("DELETE FROM accounts")), ds::kQueryFailed, "not authorized");
  expect_error(fetch(config_for("INSERT INTO items VALUES (9, 'x', 1) RETURNING *")), ds::kQueryFailed, "not authorized");
  expect_error(fetch(config_for("UPDATE accounts SET name = 'x'")), ds::kQueryFailed, "not authorized");
  expect_error(fetch(config_for("CREATE TEMP TABLE t (x)")), ds::kQueryFailed, "not authorized");
  expect_error(fetch(config_for("ATTACH DATABASE '" + outside.string() + "' AS o")), ds::kQueryFailed, "not authorized");
  expect_error(fetch(config_for("PRAGMA query_only = 0")), ds::kQueryFailed, "not authorized");
  expect_error(fetch(config_for("SELECT 1; DELETE FROM accounts")), ds::kQueryFailed, "one SQL statement");
  BOOST_TEST(count_rows(database, "accounts") == 3);
  BOOST_TEST(count_rows(database, "items") == 3);
}

BOOST_AUTO_TEST_CASE(fts3_tokenizer_is_refused_in_both_forms) {
  // One form leaks a library address, the other registers an arbitrary pointer.
  expect_error(fetch(config_for("SELECT hex(fts3_tokenizer('simple')) AS p")), ds::kQueryFailed, "not authorized");
  expect_error(fetch(config_for("SELECT fts3_tokenizer('x', 'AAAAAAAA') AS p")), ds::kQueryFailed, "not authorized");
}

BOOST_AUTO_TEST_CASE(extension_loading_and_file_functions_are_refused) {
  expect_error(fetch(config_for("SELECT load_extension('/tmp/evil.so') AS x")), ds::kQueryFailed, "not authorized");
  expect_error(fetch(config_for("SELECT readfile('/etc/passwd') AS x")), ds::kQueryFailed, "readfile");
  expect_error(fetch(config_for("SELECT writefile('/tmp/x', 'y') AS x")), ds::kQueryFailed, "writefile");
  expect_error(fetch(config_for("SELECT randomblob(8) AS x")), ds::kQueryFailed, "not authorized");
  expect_error(fetch(config_for("SELECT sqlite_version() AS v")), ds::kQueryFailed, "not authorized");
}

BOOST_AUTO_TEST_CASE(a_view_in_the_file_cannot_call_a_refused_function) {
  execute(database, "CREATE VIEW leak AS SELECT fts3_tokenizer('simple') AS p");
  // Refused twice over: the schema is untrusted, and the function is not allowed.
  expect_error(fetch(config_for("SELECT * FROM leak")), ds::kQueryFailed, "unsafe use of fts3_tokenizer");
}

BOOST_AUTO_TEST_CASE(reads_with_allowed_functions_still_work) {
  auto result = fetch(config_for("SELECT upper(name) AS name, settings ->> '$.theme' AS theme, "
                                 "json_extract(settings, '$.tags[1]') AS tag, count(*) OVER () AS n, "
                                 "printf('%.2f', balance) AS balance, date('2026-01-02') AS day "
                                 "FROM accounts WHERE id = 1 AND name LIKE 'A%'"));
  BOOST_TEST_REQUIRE(!result.error.has_value(), result.error->message);
  BOOST_TEST(result.records == json::parse(
      R"([{"name":"ACME","theme":"dark","tag":2,"n":1,"balance":"1250.50","day":"2026-01-02"}])"));
}

BOOST_AUTO_TEST_CASE(paths_leaving_the_directory_are_refused) {
  expect_error(fetch({{"path", "../outside.db"}, {"query", "SELECT * FROM secrets"}}), ds::kQueryFailed, "'..'");
  expect_error(fetch({{"path", outside.string()}, {"query", "SELECT * FROM secrets"}}), ds::kQueryFailed, "relative");
  fs::create_symlink(outside, directory / "nested" / "link.db");
  expect_error(fetch({{"path", "nested/link.db"}, {"query", "SELECT * FROM secrets"}}), ds::kUnreachable,
               "outside the sqlite directory");
  expect_error(fetch({{"path", "missing.db"}, {"query", "SELECT 1"}}), ds::kUnreachable, "no database file");
}

BOOST_AUTO_TEST_CASE(a_server_without_a_sqlite_directory_refuses_sqlite_sources) {
  environment.sqlite_dir.clear();
  expect_error(fetch(config_for("SELECT 1")), ds::kUnreachable, "S2D_SQLITE_DIR");
}

BOOST_AUTO_TEST_CASE(parameters_and_filters_must_match) {
  expect_error(fetch(config_for("SELECT * FROM accounts WHERE region = :region")), ds::kQueryFailed,
               "parameter :region has no filter");
  expect_error(fetch(config_for("SELECT * FROM accounts"), {{"region", "emea"}}), ds::kQueryFailed,
               "filter 'region'");
  expect_error(fetch(config_for("SELECT * FROM accounts WHERE id = ?"), {{"1", 1}}), ds::kQueryFailed,
               "positional parameter");
  json config = config_for("SELECT id FROM accounts");
  config["children"] = {{"items", "SELECT * FROM items WHERE account_id = :account"}};
  expect_error(fetch(config), ds::kQueryFailed, "children.items: parameter :account");
}

BOOST_AUTO_TEST_CASE(query_errors_carry_sqlite_s_message) {
  expect_error(fetch(config_for("SELECT * FROM no_such_table")), ds::kQueryFailed, "no such table: no_such_table");
}

BOOST_AUTO_TEST_CASE(a_runaway_query_stops_at_the_timeout) {
  ds::FetchLimits limits;
  limits.timeout = std::chrono::milliseconds(300);
  auto result = fetch(config_for("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                                 "SELECT count(*) FROM n"),
                      nullptr, limits);
  expect_error(result, ds::kQueryFailed, "timeout");
}

BOOST_AUTO_TEST_CASE(record_and_size_limits_apply) {
  ds::FetchLimits limits;
  limits.max_records = 2;
  expect_error(fetch(config_for("SELECT * FROM accounts"), nullptr, limits), ds::kTooLarge, "more than 2 records");
  limits = {};
  limits.max_bytes = 64;
  expect_error(fetch(config_for("SELECT printf('%.100c', 'x') AS big"), nullptr, limits), ds::kTooLarge, "bytes");
}

BOOST_AUTO_TEST_CASE(test_source_returns_the_first_record_even_without_filters) {
  json config = config_for("SELECT id, name FROM accounts WHERE :region IS NULL OR region = :region ORDER BY id");
  config["children"] = {{"items", "SELECT sku FROM items WHERE account_id = :id ORDER BY sku"}};
  auto sample = ds::test_source("src_sqlite", "sqlite", config, nullptr, environment, {});
  BOOST_TEST_REQUIRE(!sample.error.has_value(), sample.error->message);
  BOOST_TEST(sample.sample == json::parse(R"({"id":1,"name":"Acme","items":[{"sku":"bolt"},{"sku":"nut"}]})"));
  auto empty = ds::test_source("src_sqlite", "sqlite", config_for("SELECT * FROM accounts WHERE 0"), nullptr,
                               environment, {});
  BOOST_TEST(!empty.error.has_value());
  BOOST_TEST(empty.sample.is_null());
}

BOOST_AUTO_TEST_SUITE_END()
