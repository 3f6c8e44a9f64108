// Connector-independent parts: the named-parameter rewriter, filter checks,
// value conversion, field_map, config validation and redaction, and the
// per-source concurrency gate.
#define BOOST_TEST_MODULE datasources_unit
#include <boost/test/unit_test.hpp>

#include "datasources/datasources.hpp"
#include "datasources/field_map.hpp"
#include "datasources/parameters.hpp"
#include "datasources/source_gate.hpp"
#include "datasources/values.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using nlohmann::json;
namespace ds = s2d::datasources;

BOOST_AUTO_TEST_SUITE(named_parameters)

BOOST_AUTO_TEST_CASE(names_become_numbered_and_repeat_the_same_number) {
  auto rewritten = ds::rewrite_named_parameters(
      "SELECT * FROM t WHERE a = :account_id AND b > :since OR c = :account_id");
  BOOST_TEST(rewritten.error.empty());
  BOOST_TEST(rewritten.sql == "SELECT * FROM t WHERE a = $1 AND b > $2 OR c = $1");
  BOOST_TEST((rewritten.parameters == std::vector<std::string>{"account_id", "since"}));
}

BOOST_AUTO_TEST_CASE(casts_literals_identifiers_and_comments_are_left_alone) {
  std::string sql =
      "SELECT :a::int, x::text, 'it''s :b', E'\\' :c', \"col:d\", $$ :e $$, $tag$ :f $x$ $tag$ "
      "-- :g\n /* :h /* nested :i */ still :j */ FROM t WHERE y = :k";
  auto rewritten = ds::rewrite_named_parameters(sql);
  BOOST_TEST(rewritten.error.empty());
  BOOST_TEST((rewritten.parameters == std::vector<std::string>{"a", "k"}));
  BOOST_TEST(rewritten.sql ==
             "SELECT $1::int, x::text, 'it''s :b', E'\\' :c', \"col:d\", $$ :e $$, $tag$ :f $x$ $tag$ "
             "-- :g\n /* :h /* nested :i */ still :j */ FROM t WHERE y = $2");
}

BOOST_AUTO_TEST_CASE(a_name_ends_at_the_first_non_identifier_character) {
  auto rewritten = ds::rewrite_named_parameters("WHERE a=:x_1+:y2 AND arr[1:2] = b AND c := d");
  BOOST_TEST(rewritten.error.empty());
  BOOST_TEST(rewritten.sql == "WHERE a=$1+$2 AND arr[1:2] = b AND c := d");
}

BOOST_AUTO_TEST_CASE(dollar_signs_inside_names_are_not_parameters) {
  auto rewritten = ds::rewrite_named_parameters("SELECT a$1, b FROM t$x WHERE c = :c");
  BOOST_TEST(rewritten.error.empty());
  BOOST_TEST(rewritten.sql == "SELECT a$1, b FROM t$x WHERE c = $1");
}

BOOST_AUTO_TEST_CASE(positional_parameters_are_refused) {
  auto rewritten = ds::rewrite_named_parameters("SELECT * FROM t WHERE id = $1");
  BOOST_TEST(rewritten.error.find("$1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unterminated_elements_are_reported) {
  for (const char* sql : {"SELECT 'abc", "SELECT \"abc", "SELECT /* abc", "SELECT $q$ abc", "SELECT E'abc\\'"}) {
    auto rewritten = ds::rewrite_named_parameters(sql);
    BOOST_TEST(rewritten.error.find("unterminated") != std::string::npos, sql);
  }
}

BOOST_AUTO_TEST_CASE(filters_must_be_scalars_used_by_a_query) {
  std::set<std::string> used = {"account_id"};
  BOOST_TEST(!ds::check_filters(json{{"account_id", "42"}}, &used));
  BOOST_TEST(!ds::check_filters(json(nullptr), &used));
  auto unknown = ds::check_filters(json{{"acount_id", "42"}}, &used);
  BOOST_TEST(unknown->find("'acount_id'") != std::string::npos);
  BOOST_TEST(unknown->find(":account_id") != std::string::npos);
  auto nested = ds::check_filters(json{{"account_id", json::array({1, 2})}}, &used);
  BOOST_TEST(nested->find("string, number, boolean or null") != std::string::npos);
  BOOST_TEST(ds::check_filters(json::array(), &used).has_value());
  BOOST_TEST(!ds::check_filters(json{{"anything", 1}}, nullptr));
}

BOOST_AUTO_TEST_CASE(parent_row_fields_come_before_filters) {
  json parent = {{"id", 7}};
  json filters = {{"id", "42"}, {"quarter", "2026-Q3"}};
  BOOST_TEST(*ds::find_parameter_value("id", &parent, filters) == json(7));
  BOOST_TEST(*ds::find_parameter_value("quarter", &parent, filters) == json("2026-Q3"));
  BOOST_TEST(ds::find_parameter_value("missing", &parent, filters) == nullptr);
  BOOST_TEST(*ds::parameter_text(json(12.5)) == "12.5");
  BOOST_TEST(*ds::parameter_text(json(true)) == "true");
  BOOST_TEST(!ds::parameter_text(json(nullptr)));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(values)

BOOST_AUTO_TEST_CASE(decimals_become_numbers_only_when_exact) {
  BOOST_TEST(ds::decimal_value("42") == json(42));
  BOOST_TEST(ds::decimal_value("-9223372036854775808") == json(INT64_MIN));
  BOOST_TEST(ds::decimal_value("18446744073709551615") == json(UINT64_MAX));
  BOOST_TEST(ds::decimal_value("12.50") == json(12.5));
  BOOST_TEST(ds::decimal_value("0.1") == json(0.1));
  BOOST_TEST(ds::decimal_value("1e+20").dump() == "1e+20");
  BOOST_TEST(ds::decimal_value("-0.000") == json(-0.0));
  // More digits than a double holds, and numbers beyond 64-bit integers: text.
  BOOST_TEST(ds::decimal_value("12345678901234567890.123") == json("12345678901234567890.123"));
  BOOST_TEST(ds::decimal_value("123456789012345678901234567890") == json("123456789012345678901234567890"));
  BOOST_TEST(ds::decimal_value("NaN") == json("NaN"));
  BOOST_TEST(ds::decimal_value("-Infinity") == json("-Infinity"));
}

BOOST_AUTO_TEST_CASE(postgres_values_are_typed_by_oid) {
  namespace t = ds::pg_type;
  BOOST_TEST(ds::postgres_value(t::kBool, "t") == json(true));
  BOOST_TEST(ds::postgres_value(t::kBool, "f") == json(false));
  BOOST_TEST(ds::postgres_value(t::kInt8, "9007199254740993") == json(9007199254740993LL));
  BOOST_TEST(ds::postgres_value(t::kJsonb, R"({"a": [1, 2]})") == json::parse(R"({"a":[1,2]})"));
  BOOST_TEST(ds::postgres_value(t::kBytea, "\\x68656c6c6f") == json("aGVsbG8="));
  BOOST_TEST(ds::postgres_value(t::kTimestampTz, "2026-05-13 10:00:00.25+00") == json("2026-05-13T10:00:00.25Z"));
  BOOST_TEST(ds::postgres_value(t::kTimestamp, "2026-05-13 10:00:00") == json("2026-05-13T10:00:00"));
  BOOST_TEST(ds::postgres_value(25 /* text */, "plain") == json("plain"));
}

BOOST_AUTO_TEST_CASE(timestamps_keep_odd_shapes_as_they_are) {
  BOOST_TEST(ds::iso_timestamp("2026-05-13 10:00:00+05:30") == "2026-05-13T10:00:00+05:30");
  BOOST_TEST(ds::iso_timestamp("2026-05-13 10:00:00-07") == "2026-05-13T10:00:00-07:00");
  BOOST_TEST(ds::iso_timestamp("infinity") == "infinity");
  BOOST_TEST(ds::iso_timestamp("0044-03-15 12:00:00+00 BC") == "0044-03-15 12:00:00+00 BC");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_replaced) {
  BOOST_TEST(ds::valid_utf8("caf\xC3\xA9") == "caf\xC3\xA9");
  BOOST_TEST(ds::valid_utf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
  BOOST_TEST(ds::valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  BOOST_TEST(ds::valid_utf8("\xC3") == "\xEF\xBF\xBD");
  BOOST_CHECK_NO_THROW(json(ds::valid_utf8("\xC0\xAF\xF5")).dump());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(field_map)

BOOST_AUTO_TEST_CASE(dotted_targets_build_nested_objects_and_others_pass_through) {
  json record = {{"acct_name", "Acme"}, {"acct_id", 42}, {"total", 10}, {"customer", {{"tier", "gold"}}}};
  json map = {{"acct_name", "customer.name"}, {"acct_id", "customer.id"}, {"absent", "x.y"}};
  BOOST_TEST(!ds::apply_field_map(map, &record));
  BOOST_TEST(record == json::parse(R"({"total":10,"customer":{"tier":"gold","name":"Acme","id":42}})"));
}

BOOST_AUTO_TEST_CASE(swapping_two_fields_works) {
  json record = {{"a", 1}, {"b", 2}};
  BOOST_TEST(!ds::apply_field_map(json{{"a", "b"}, {"b", "a"}}, &record));
  BOOST_TEST(record == json::parse(R"({"a":2,"b":1})"));
}

BOOST_AUTO_TEST_CASE(collisions_and_non_objects_are_errors) {
  json record = {{"name", "x"}, {"customer", "plain"}};
  BOOST_TEST(ds::apply_field_map(json{{"name", "customer.name"}}, &record)->find("'customer'") != std::string::npos);
  json other = {{"a", 1}, {"b", 2}};
  BOOST_TEST(ds::apply_field_map(json{{"a", "b"}}, &other)->find("collides") != std::string::npos);
  json number = 5;
  BOOST_TEST(ds::apply_field_map(json::object(), &number)->find("not an object") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(shape_checks_name_the_field) {
  BOOST_TEST(!ds::check_field_map(json{{"a", "customer.name"}, {"b", "customer.id"}}));
  BOOST_TEST(ds::check_field_map(json::array())->param == "field_map");
  BOOST_TEST(ds::check_field_map(json{{"a", 5}})->param == "field_map.a");
  BOOST_TEST(ds::check_field_map(json{{"a", "x..y"}})->param == "field_map.a");
  BOOST_TEST(ds::check_field_map(json{{"a", "x"}, {"b", "x"}})->message.find("two source fields") != std::string::npos);
  BOOST_TEST(ds::check_field_map(json{{"a", "customer"}, {"b", "customer.name"}})->message.find("inside") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(config)

const json kPostgres = {{"name", "sales"},
                        {"kind", "postgres"},
                        {"connection_string", "postgresql://app:Secr3t@db.example.com:5432/sales"},
                        {"query", "SELECT * FROM accounts WHERE id = :account_id"},
                        {"children", {{"items", "SELECT * FROM items WHERE account_id = :id"}}},
                        {"statement_timeout_ms", 5000},
                        {"field_map", {{"name", "customer.name"}}}};

json with(json config, const std::string& field, json value) {
  if (value.is_null()) {
    config.erase(field);
  } else {
    config[field] = std::move(value);
  }
  return config;
}

void expect_error(const std::string& kind, const json& config, const std::string& code, const std::string& param) {
  auto error = ds::validate_config(kind, config);
  BOOST_TEST_REQUIRE(error.has_value(), "expected " << code << " for " << param << " in " << config.dump());
  BOOST_TEST(error->code == code);
  BOOST_TEST(error->param == param);
  BOOST_TEST(!error->message.empty());
}

BOOST_AUTO_TEST_CASE(valid_configs_pass) {
  BOOST_TEST(!ds::validate_config("postgres", kPostgres));
  BOOST_TEST(!ds::validate_config("sqlite", json{{"path", "sales/db.sqlite"}, {"query", "SELECT 1"}}));
  BOOST_TEST(!ds::validate_config("http", json{{"url", "https://api.example.com/v1/accounts?x=1"},
                                              {"headers", {{"Authorization", "Bearer abc"}}},
                                              {"records_pointer", "/data/items"},
                                              {"timeout_ms", 2000},
                                              {"max_bytes", 100000}}));
  BOOST_TEST(!ds::validate_config("records", json{{"name", "inline"}}));
}

BOOST_AUTO_TEST_CASE(each_problem_names_its_field) {
  expect_error("mysql", kPostgres, "parameter_invalid", "kind");
  expect_error("postgres", with(kPostgres, "connection_string", nullptr), "parameter_missing", "connection_string");
  expect_error("postgres", with(kPostgres, "query", ""), "parameter_invalid", "query");
  expect_error("postgres", with(kPostgres, "query", "SELECT $1"), "parameter_invalid", "query");
  expect_error("postgres", with(kPostgres, "children", {{"items", "SELECT 'x"}}), "parameter_invalid",
               "children.items");
  expect_error("postgres", with(kPostgres, "statement_timeout_ms", 0), "parameter_invalid", "statement_timeout_ms");
  expect_error("postgres", with(kPostgres, "statement_timeout_ms", "5s"), "parameter_invalid", "statement_timeout_ms");
  expect_error("postgres", with(kPostgres, "url", "http://x"), "parameter_unknown", "url");
  expect_error("postgres", with(kPostgres, "field_map", {{"a", ""}}), "parameter_invalid", "field_map.a");
  expect_error("sqlite", json{{"path", "../up.db"}, {"query", "SELECT 1"}}, "parameter_invalid", "path");
  expect_error("sqlite", json{{"path", "a/../../up.db"}, {"query", "SELECT 1"}}, "parameter_invalid", "path");
  expect_error("sqlite", json{{"path", "/etc/passwd"}, {"query", "SELECT 1"}}, "parameter_invalid", "path");
  expect_error("sqlite", json{{"path", "a.db"}}, "parameter_missing", "query");
  expect_error("http", json{{"url", "ftp://x/y"}}, "parameter_invalid", "url");
  expect_error("http", json{{"url", "https://user:pw@x/y"}}, "parameter_invalid", "url");
  expect_error("http", json{{"url", "https://x/y"}, {"headers", {{"Bad Name", "v"}}}}, "parameter_invalid",
               "headers.Bad Name");
  expect_error("http", json{{"url", "https://x/y"}, {"headers", {{"X-Key", "a\r\nInjected: 1"}}}},
               "parameter_invalid", "headers.X-Key");
  expect_error("http", json{{"url", "https://x/y"}, {"headers", {{"Host", "other"}}}}, "parameter_invalid",
               "headers.Host");
  expect_error("http", json{{"url", "https://x/y"}, {"records_pointer", "data"}}, "parameter_invalid",
               "records_pointer");
  expect_error("http", json{{"url", "https://x/y"}, {"timeout_ms", -5}}, "parameter_invalid", "timeout_ms");
}

BOOST_AUTO_TEST_CASE(connection_strings_that_reach_server_files_are_refused_without_quoting_them) {
  for (const char* connection : {"host=db.example.com dbname=x password=Secr3t sslkey=/etc/ssl/private/key.pem",
                                 "host=db.example.com service=prod password=Secr3t",
                                 "host=/var/run/postgresql password=Secr3t", "dbname=x password=Secr3t",
                                 "host=db.example.com password=Secr3t nonsense_option=1",
                                 "postgresql://u:Secr3t@[bad"}) {
    auto error = ds::validate_config("postgres", with(kPostgres, "connection_string", connection));
    BOOST_TEST_REQUIRE(error.has_value(), connection);
    BOOST_TEST(error->param == "connection_string");
    BOOST_TEST(error->message.find("Secr3t") == std::string::npos, error->message);
  }
}

BOOST_AUTO_TEST_CASE(redaction_hides_write_only_values_and_the_marker_cannot_be_stored_back) {
  json shown = ds::redact_config("postgres", kPostgres);
  BOOST_TEST(shown["connection_string"] == ds::kRedacted);
  BOOST_TEST(shown.dump().find("Secr3t") == std::string::npos);
  BOOST_TEST(shown["query"] == kPostgres["query"]);
  expect_error("postgres", shown, "parameter_invalid", "connection_string");

  json http = {{"url", "https://x/y"}, {"headers", {{"Authorization", "Bearer tok3n"}, {"X-Tenant", "7"}}}};
  json shown_http = ds::redact_config("http", http);
  BOOST_TEST(shown_http["headers"] == json({{"Authorization", "***"}, {"X-Tenant", "***"}}));
  BOOST_TEST(shown_http["url"] == "https://x/y");
  expect_error("http", shown_http, "parameter_invalid", "headers.Authorization");
}

BOOST_AUTO_TEST_CASE(an_invalid_stored_config_fails_the_fetch_cleanly) {
  ds::Environment environment;
  auto result = ds::fetch("src_1", "postgres", json{{"query", "SELECT 1"}}, nullptr, environment, {});
  BOOST_TEST_REQUIRE(result.error.has_value());
  BOOST_TEST(result.error->code == ds::kQueryFailed);
  BOOST_TEST(result.error->message.find("connection_string") != std::string::npos);
  json object = result.error->to_json();
  BOOST_TEST(object["type"] == "data_source_error");
  BOOST_TEST(object["context"]["data_source_id"] == "src_1");
  BOOST_TEST(object["context"]["kind"] == "postgres");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(source_gate)

BOOST_AUTO_TEST_CASE(no_more_than_the_limit_run_at_once_per_source) {
  ds::SourceGate gate;
  std::atomic<int> active{0}, peak{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      auto permit = gate.acquire("src_a", 3);
      int now = ++active;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      --active;
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(peak.load() <= 3);
  BOOST_TEST(peak.load() >= 1);
  BOOST_TEST(gate.running("src_a") == 0u);
  BOOST_TEST(gate.waiting("src_a") == 0u);
}

BOOST_AUTO_TEST_CASE(a_full_source_does_not_block_another) {
  ds::SourceGate gate;
  auto first = gate.acquire("src_a", 1);
  BOOST_TEST(gate.running("src_a") == 1u);
  auto other = gate.acquire("src_b", 1);  // would deadlock if the sources shared a slot
  BOOST_TEST(gate.running("src_b") == 1u);
}

BOOST_AUTO_TEST_CASE(a_waiter_gets_the_slot_a_permit_releases) {
  ds::SourceGate gate;
  std::optional<ds::SourceGate::Permit> held(gate.acquire("src_a", 1));
  std::atomic<bool> acquired{false};
  std::thread waiter([&] {
    auto permit = gate.acquire("src_a", 1);
    acquired = true;
  });
  while (gate.waiting("src_a") == 0) std::this_thread::yield();
  BOOST_TEST(!acquired.load());
  held.reset();
  waiter.join();
  BOOST_TEST(acquired.load());
  BOOST_TEST(gate.running("src_a") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
