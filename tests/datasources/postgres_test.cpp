// The postgres connector against a real PostgreSQL server: the one named by
// S2D_TEST_PG_URL (a role that may create roles), else one this test starts
// with scripts/test-postgres in a temp dir. No server: the suite fails.
#define BOOST_TEST_MODULE datasources_postgres
#include <boost/test/unit_test.hpp>

#include "datasources/source_gate.hpp"
#include "tests/datasources/support.hpp"

#include <libpq-fe.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using nlohmann::json;
namespace ds = s2d::datasources;
namespace fs = std::filesystem;

namespace {

// The tenant role the data sources log in as: may read and write the test
// tables, so only the connector's read-only transaction stops writes.
constexpr const char* kTenantPassword = "Tn-9f2c7a41e";

std::string run_command(const std::string& command, int* status) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string output;
  char buffer[512];
  while (pipe && fgets(buffer, sizeof buffer, pipe.get())) output += buffer;
  *status = pipe ? pclose(pipe.release()) : -1;
  while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
  return output;
}

std::string option_of(const std::string& url, const std::string& keyword) {
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(url.c_str(), nullptr),
                                                                       PQconninfoFree);
  if (!options) throw std::runtime_error("S2D_TEST_PG_URL is not a connection string");
  for (PQconninfoOption* option = options.get(); option->keyword; ++option)
    if (keyword == option->keyword && option->val) return option->val;
  return {};
}

// The server for the whole module: an admin URL and the tenant's connection string.
struct PostgresServer {
  PostgresServer() {
    const char* given = std::getenv("S2D_TEST_PG_URL");
    if (given && *given) {
      admin_url = given;
    } else {
      std::string pattern = (fs::temp_directory_path() / "s2d-pg-XXXXXX").string();
      directory = mkdtemp(pattern.data());
      int status = 0;
      admin_url = run_command(std::string(S2D_SOURCE_DIR) + "/scripts/test-postgres start " + directory + " " +
                                  std::to_string(ds::testing::unused_loopback_port()),
                              &status);
      if (status != 0 || admin_url.empty())
        throw std::runtime_error("scripts/test-postgres could not start PostgreSQL (see stderr)");
    }
    instance = this;
    tenant_connection = "host=" + option_of(admin_url, "host") + " port=" + option_of(admin_url, "port") +
                        " dbname=" + option_of(admin_url, "dbname") + " user=s2d_tenant password=" + kTenantPassword;
  }

  ~PostgresServer() {
    if (directory.empty()) return;
    int status = 0;
    run_command(std::string(S2D_SOURCE_DIR) + "/scripts/test-postgres stop " + directory, &status);
    fs::remove_all(directory);
  }

  static PostgresServer* instance;
  std::string directory;  // empty when the server came from S2D_TEST_PG_URL
  std::string admin_url;
  std::string tenant_connection;
};
PostgresServer* PostgresServer::instance = nullptr;

BOOST_TEST_GLOBAL_FIXTURE(PostgresServer);

// Runs SQL as the admin; the result's first value, if any.
std::string admin_sql(const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(PostgresServer::instance->admin_url.c_str()), PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(conn.get()));
  PGresult* raw = PQexec(conn.get(), sql.c_str());
  std::unique_ptr<PGresult, decltype(&PQclear)> result(raw, PQclear);
  auto status = PQresultStatus(raw);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw std::runtime_error(std::string("admin SQL failed: ") + PQresultErrorMessage(raw));
  return status == PGRES_TUPLES_OK && PQntuples(raw) > 0 ? PQgetvalue(raw, 0, 0) : "";
}

struct PostgresFixture {
  PostgresFixture() {
    std::string error;
    environment.egress = *s2d::net::EgressPolicy::from_list("127.0.0.0/8, ::1", &error);
    admin_sql(R"sql(
      SET client_min_messages = warning;
      DROP TABLE IF EXISTS items, accounts, audit CASCADE;
      DROP FUNCTION IF EXISTS record_audit();
      CREATE TABLE accounts (id int PRIMARY KEY, name text, code text, region text, balance numeric(12,2),
                             big numeric, ratio float8, active bool, created_at timestamptz,
                             local_at timestamp, day date, meta jsonb, doc json, logo bytea, note text);
      INSERT INTO accounts VALUES
        (1, 'Acme', 'A-1', 'emea', 1250.50, 12345678901234567890.123, 0.1, true,
         '2026-05-13 12:00:00+02', '2026-05-13 10:00:00.5', '2026-05-13', '{"tier":"gold","tags":[1,2]}',
         '[1, "two"]', '\x00ff10', NULL),
        (2, 'Globex', '42', 'amer', 99.00, 'NaN', 1e300, false, NULL, NULL, NULL, NULL, NULL, NULL, 'Grüße'),
        (3, 'Initech', 'I-3', 'emea', -3.25, 7, -2.5, true, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
      CREATE TABLE items (account_id int, sku text, qty int);
      INSERT INTO items VALUES (1, 'bolt', 10), (1, 'nut', 20), (3, 'stapler', 1);
      CREATE TABLE audit (v text);
      CREATE FUNCTION record_audit() RETURNS int LANGUAGE sql AS $$ INSERT INTO audit VALUES ('x') RETURNING 1 $$;
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 's2d_tenant') THEN CREATE ROLE s2d_tenant LOGIN; END IF;
      END $$;
    )sql");
    admin_sql(std::string("ALTER ROLE s2d_tenant PASSWORD '") + kTenantPassword + "'");
    admin_sql("GRANT ALL ON accounts, items, audit TO s2d_tenant");
  }

  json config_for(const std::string& query) const {
    return {{"connection_string", PostgresServer::instance->tenant_connection}, {"query", query}};
  }

  ds::FetchResult fetch(const json& config, const json& filters = nullptr, ds::FetchLimits limits = {}) {
    return ds::fetch("src_pg", "postgres", config, filters, environment, limits);
  }

  ds::Environment environment;
};

// Also: the tenant's password appears nowhere in the error.
void expect_error(const ds::FetchResult& result, const std::string& code, const std::string& fragment) {
  ds::testing::expect_error(result, code, fragment);
  BOOST_TEST(result.error->to_json().dump().find(kTenantPassword) == std::string::npos);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(postgres, PostgresFixture)

BOOST_AUTO_TEST_CASE(a_filter_selects_the_right_rows) {
  auto result = fetch(config_for("SELECT id, name FROM accounts WHERE region = :region ORDER BY id"),
                      {{"region", "emea"}});
  BOOST_TEST_REQUIRE(!result.error.has_value(), result.error->message);
  BOOST_TEST(result.records == json::parse(R"([{"id":1,"name":"Acme"},{"id":3,"name":"Initech"}])"));
  auto by_id = fetch(config_for("SELECT name FROM accounts WHERE id = :account_id"), {{"account_id", "2"}});
  BOOST_TEST(by_id.records == json::parse(R"([{"name":"Globex"}])"));
}

BOOST_AUTO_TEST_CASE(values_come_back_typed) {
  auto result = fetch(config_for("SELECT *, 9007199254740993::int8 AS wide, 3::int2 AS small, "
                                 "interval '1 day 2 hours' AS span FROM accounts ORDER BY id"));
  BOOST_TEST_REQUIRE(!result.error.has_value(), result.error->message);
  json acme = result.records[0];
  BOOST_TEST(acme["id"] == json(1));
  BOOST_TEST(acme["wide"] == json(9007199254740993LL));
  BOOST_TEST(acme["small"] == json(3));
  BOOST_TEST(acme["balance"] == json(1250.5));
  BOOST_TEST(acme["big"] == json("12345678901234567890.123"));  // not exact as a double: text
  BOOST_TEST(acme["ratio"] == json(0.1));
  BOOST_TEST(acme["active"] == json(true));
  BOOST_TEST(acme["created_at"] == json("2026-05-13T10:00:00Z"));
  BOOST_TEST(acme["local_at"] == json("2026-05-13T10:00:00.5"));
  BOOST_TEST(acme["day"] == json("2026-05-13"));
  BOOST_TEST(acme["meta"] == json::parse(R"({"tier":"gold","tags":[1,2]})"));
  BOOST_TEST(acme["doc"] == json::parse(R"([1,"two"])"));
  BOOST_TEST(acme["logo"] == json("AP8Q"));
  BOOST_TEST(acme["note"].is_null());
  BOOST_TEST(acme["span"] == json("P1DT2H"));
  json globex = result.records[1];
  BOOST_TEST(globex["big"] == json("NaN"));
  BOOST_TEST(globex["ratio"] == json(1e300));
  BOOST_TEST(globex["balance"] == json(99));
  BOOST_TEST(globex["note"] == json("Grüße"));
  BOOST_TEST(globex["created_at"].is_null());
}

BOOST_AUTO_TEST_CASE(casts_literals_and_comments_reach_the_server_untouched) {
  auto result = fetch(config_for("SELECT :n::int + 1 AS n, ':not_a_param' AS literal, $$ :nor_this $$ AS dollar, "
                                 "\"name\" AS \"a:b\" /* :comment */ FROM accounts WHERE id = :n -- :tail"),
                      {{"n", "1"}});
  BOOST_TEST_REQUIRE(!result.error.has_value(), result.error->message);
  BOOST_TEST(result.records == json::parse(R"([{"n":2,"literal":":not_a_param","dollar":" :nor_this ","a:b":"Acme"}])"));
}

BOOST_AUTO_TEST_CASE(children_are_bound_from_the_parent_row_then_the_filters) {
  json config = config_for("SELECT id, name FROM accounts WHERE region = :region ORDER BY id");
  config["children"] = {{"items", "SELECT sku, qty FROM items WHERE account_id = :id AND qty >= :min_qty ORDER BY sku"}};
  config["field_map"] = {{"name", "customer.name"}};
  auto result = fetch(config, {{"region", "emea"}, {"min_qty", 5}});
  BOOST_TEST_REQUIRE(!result.error.has_value(), result.error->message);
  BOOST_TEST(result.records == json::parse(R"([
    {"id":1,"customer":{"name":"Acme"},"items":[{"sku":"bolt","qty":10},{"sku":"nut","qty":20}]},
    {"id":3,"customer":{"name":"Initech"},"items":[]}])"));
}

BOOST_AUTO_TEST_CASE(the_statement_timeout_fires) {
  json config = config_for("SELECT pg_sleep(5)");
  config["statement_timeout_ms"] = 200;
  auto result = fetch(config);
  expect_error(result, ds::kQueryFailed, "statement timeout");
  BOOST_TEST(result.error->context["sqlstate"] == "57014");
}

BOOST_AUTO_TEST_CASE(the_read_only_transaction_refuses_writes) {
  expect_error(fetch(config_for("DELETE FROM accounts RETURNING id")), ds::kQueryFailed, "read-only transaction");
  expect_error(fetch(config_for("SELECT record_audit()")), ds::kQueryFailed, "read-only transaction");
  expect_error(fetch(config_for("SET TRANSACTION READ WRITE")), ds::kQueryFailed, "before any query");
  json escape = config_for("COMMIT");
  escape["children"] = {{"gone", "DELETE FROM accounts RETURNING id"}};
  expect_error(fetch(escape), ds::kQueryFailed, "ended the read-only transaction");
  BOOST_TEST(admin_sql("SELECT count(*) FROM accounts") == "3");
  BOOST_TEST(admin_sql("SELECT count(*) FROM audit") == "0");
}

BOOST_AUTO_TEST_CASE(sql_injection_through_filters_matches_nothing_and_changes_nothing) {
  auto text = fetch(config_for("SELECT id FROM accounts WHERE code = :code"), {{"code", "42' OR '1'='1"}});
  BOOST_TEST_REQUIRE(!text.error.has_value(), text.error->message);
  BOOST_TEST(text.records.empty());
  auto drop = fetch(config_for("SELECT id FROM accounts WHERE code = :code"), {{"code", "42'; DROP TABLE accounts; --"}});
  BOOST_TEST(drop.records.empty());
  // Into an integer column the same text is not a number: an error, never a match.
  auto number = fetch(config_for("SELECT id FROM accounts WHERE id = :id"), {{"id", "42 OR 1=1"}});
  expect_error(number, ds::kQueryFailed, "invalid input syntax");
  BOOST_TEST(admin_sql("SELECT count(*) FROM accounts") == "3");
  BOOST_TEST(admin_sql("SELECT code FROM accounts WHERE id = 2") == "42");
}

BOOST_AUTO_TEST_CASE(an_unreachable_port_is_reported_as_unreachable_without_waiting) {
  std::string connection = "host=127.0.0.1 port=" + std::to_string(ds::testing::unused_loopback_port()) +
                           " dbname=x user=s2d_tenant password=" + kTenantPassword;
  auto result = fetch({{"connection_string", connection}, {"query", "SELECT 1"}});
  // "refused" (not a timeout): the connector did not wait for the deadline.
  expect_error(result, ds::kUnreachable, "refused");
}

BOOST_AUTO_TEST_CASE(copy_is_refused_instead_of_hanging) {
  expect_error(fetch(config_for("COPY accounts TO STDOUT")), ds::kQueryFailed, "COPY is not supported");
  expect_error(fetch(config_for("COPY accounts FROM STDIN")), ds::kQueryFailed, "read-only transaction");
}

BOOST_AUTO_TEST_CASE(a_query_error_carries_postgresql_s_message) {
  auto result = fetch(config_for("SELECT * FROM no_such_table"));
  expect_error(result, ds::kQueryFailed, "relation \"no_such_table\" does not exist");
  BOOST_TEST(result.error->context["sqlstate"] == "42P01");
}

BOOST_AUTO_TEST_CASE(the_password_never_appears_in_errors) {
  std::string wrong = "Wr0ng-pa55word-7781";
  std::string connection = "postgresql://s2d_tenant:" + wrong + "@127.0.0.1:" +
                           option_of(PostgresServer::instance->admin_url, "port") + "/" +
                           option_of(PostgresServer::instance->admin_url, "dbname");
  auto result = fetch({{"connection_string", connection}, {"query", "SELECT 1"}});
  expect_error(result, ds::kUnreachable, "password authentication failed");
  BOOST_TEST(result.error->to_json().dump().find(wrong) == std::string::npos);
  auto bad_host = fetch({{"connection_string", "postgresql://u:" + wrong + "@no-such-host.invalid/db"}, {"query", "SELECT 1"}});
  BOOST_TEST_REQUIRE(bad_host.error.has_value());
  BOOST_TEST(bad_host.error->code == ds::kUnreachable);
  BOOST_TEST(bad_host.error->to_json().dump().find(wrong) == std::string::npos);
  json shown = ds::redact_config("postgres", config_for("SELECT 1"));
  BOOST_TEST(shown.dump().find(kTenantPassword) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(loopback_is_refused_without_the_allow_list) {
  environment.egress = {};
  auto result = fetch(config_for("SELECT 1"));
  expect_error(result, ds::kUnreachable, "refused");
  BOOST_TEST(result.error->context["net_error"] == "egress_refused");
}

BOOST_AUTO_TEST_CASE(a_server_password_in_the_environment_disables_postgres_sources) {
  // libpq would send it to any host a tenant names when the tenant's
  // connection string has no password.
  ::setenv("PGPASSWORD", "operator-secret", 1);
  auto result = fetch({{"connection_string", "host=127.0.0.1 dbname=x user=u"}, {"query", "SELECT 1"}});
  ::unsetenv("PGPASSWORD");
  expect_error(result, ds::kUnreachable, "PGPASSWORD");
  BOOST_TEST(result.error->message.find("operator-secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_is_unreachable_at_the_deadline) {
  // A listening socket that is never accepted from: the TCP connection
  // opens, but no PostgreSQL ever answers the startup packet.
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::listen(listener, 4);
  socklen_t length = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  std::string connection = "host=127.0.0.1 port=" + std::to_string(ntohs(address.sin_port)) +
                           " sslmode=disable dbname=x user=u connect_timeout=600";
  ds::FetchLimits limits;
  limits.timeout = std::chrono::milliseconds(500);
  auto result = fetch({{"connection_string", connection}, {"query", "SELECT 1"}}, nullptr, limits);
  ::close(listener);
  expect_error(result, ds::kUnreachable, "did not answer within the timeout");
}

BOOST_AUTO_TEST_CASE(parameters_and_filters_must_match) {
  expect_error(fetch(config_for("SELECT id FROM accounts WHERE region = :region")), ds::kQueryFailed,
               "parameter :region has no filter");
  expect_error(fetch(config_for("SELECT id FROM accounts"), {{"region", "emea"}}), ds::kQueryFailed,
               "filter 'region' names no parameter");
}

BOOST_AUTO_TEST_CASE(the_record_limit_counts_children_too) {
  json config = config_for("SELECT id FROM accounts WHERE id = 1");
  config["children"] = {{"items", "SELECT sku FROM items WHERE account_id = :id"}};
  ds::FetchLimits limits;
  limits.max_records = 2;
  expect_error(fetch(config, nullptr, limits), ds::kTooLarge, "more than 2 records");
  limits.max_records = 3;
  BOOST_TEST(!fetch(config, nullptr, limits).error.has_value());
}

BOOST_AUTO_TEST_CASE(test_source_returns_the_first_record_with_its_children) {
  json config = config_for("SELECT id, name FROM accounts WHERE :region::text IS NULL OR region = :region ORDER BY id");
  config["children"] = {{"items", "SELECT sku FROM items WHERE account_id = :id ORDER BY sku"}};
  auto sample = ds::test_source("src_pg", "postgres", config, nullptr, environment, {});
  BOOST_TEST_REQUIRE(!sample.error.has_value(), sample.error->message);
  BOOST_TEST(sample.sample == json::parse(R"({"id":1,"name":"Acme","items":[{"sku":"bolt"},{"sku":"nut"}]})"));
}

BOOST_AUTO_TEST_CASE(concurrent_fetches_of_one_source_are_bounded) {
  environment.max_concurrent_per_source = 2;
  json config = config_for(
      "SELECT count(*) AS connections FROM pg_stat_activity, pg_sleep(0.2) "
      "WHERE application_name = 's2d_gate_test'");
  config["connection_string"] = PostgresServer::instance->tenant_connection + " application_name=s2d_gate_test";
  std::vector<long long> seen(6, -1);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&, i] {
      auto result = fetch(config);
      if (!result.error && result.records.size() == 1) seen[i] = result.records[0]["connections"].get<long long>();
    });
  }
  for (auto& thread : threads) thread.join();
  for (long long connections : seen) {
    BOOST_TEST(connections >= 1);  // every fetch succeeded
    BOOST_TEST(connections <= 2);
  }
  BOOST_TEST(ds::SourceGate::process_wide().running("src_pg") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
