// The batch record's codec (cursors and counts survive a round trip through
// storage unchanged; fields it lacks keep their defaults), the counts'
// derived states, and the items check of POST /v1/batches.
#include "core/batch.hpp"

#include <boost/test/unit_test.hpp>

using namespace s2d;

BOOST_AUTO_TEST_SUITE(batch_record)

BOOST_AUTO_TEST_CASE(cursors_counts_and_sample_survive_the_codec) {
  BatchRecord r;
  r.id = "bat_1";
  r.workspace_id = "ws_1";
  r.template_id = "tpl_1";
  r.template_version = 3;
  r.formats = {"pdf", "md"};
  r.bundle_zip = true;
  r.from_items = false;
  r.data_source_id = "src_1";
  r.filters = {{"region", "EU"}};
  r.status = "running";
  r.expansion_cursor = "ws_1/src_1/0000000000001234";
  r.handover_cursor = "ws_1/bat_1/gen_01J";
  r.retry_requested = true;
  r.counts = {1000, 600, 500, 3, 1};
  r.failed_items.push_back({7, "k7", "gen_7", {{"code", "no_records_matched"}}});
  r.bundle_file = BatchBundleFile{"fil_1", "ab", 42, 5};

  const auto back = nlohmann::json(r).get<BatchRecord>();
  BOOST_TEST(nlohmann::json(back) == nlohmann::json(r));
  BOOST_TEST(back.expansion_cursor == r.expansion_cursor);
  BOOST_TEST(back.handover_cursor == r.handover_cursor);
  BOOST_TEST(back.counts.handed == 600);
  BOOST_TEST(back.failed_items.at(0).batch_item_key == "k7");
  BOOST_TEST(back.bundle_file->size_bytes == 42);
}

BOOST_AUTO_TEST_CASE(a_record_without_newer_fields_reads_with_defaults) {
  const auto r = nlohmann::json{{"id", "bat_1"}, {"status", "pending"}}.get<BatchRecord>();
  BOOST_TEST(r.from_items);
  BOOST_TEST(!r.expanded);
  BOOST_TEST(r.expansion_cursor.empty());
  BOOST_TEST(r.counts.total == 0);
  BOOST_TEST(!r.bundle_file.has_value());
}

BOOST_AUTO_TEST_CASE(pending_and_running_follow_from_the_counts) {
  BatchCounts c{100, 30, 20, 2, 1};
  BOOST_TEST(c.terminal() == 23);
  BOOST_TEST(c.running() == 7);
  BOOST_TEST(c.pending() == 70);
  BOOST_TEST(c.total == c.pending() + c.running() + c.completed + c.failed + c.canceled);
  // An item canceled before it was handed over counts as terminal, never as running.
  BatchCounts early{10, 0, 0, 0, 2};
  BOOST_TEST(early.running() == 0);
  BOOST_TEST(early.pending() == 8);
}

BOOST_AUTO_TEST_CASE(finished_only_when_expanded_and_every_item_terminal) {
  BatchRecord r;
  r.counts = {5, 5, 5, 0, 0};
  BOOST_TEST(!batch_items_finished(r));  // more items may still be made
  r.expanded = true;
  BOOST_TEST(batch_items_finished(r));
  r.retry_requested = true;
  BOOST_TEST(!batch_items_finished(r));
}

BOOST_AUTO_TEST_CASE(items_check_names_the_offending_item) {
  BOOST_TEST(!check_batch_items(nlohmann::json::parse(R"([{"data":{}},{"filters":{"a":1},"key":"x"}])"), true));
  auto problem = check_batch_items(nlohmann::json::parse(R"([{"data":{},"key":"a"},{"data":{},"key":"a"}])"), false);
  BOOST_REQUIRE(problem);
  BOOST_TEST(problem->first == "items[1].key");
  problem = check_batch_items(nlohmann::json::parse(R"([{"filters":{"a":1}}])"), false);
  BOOST_REQUIRE(problem);
  BOOST_TEST(problem->first == "items[0].filters");
  problem = check_batch_items(nlohmann::json::parse(R"([{"data":{},"filters":{}}])"), true);
  BOOST_REQUIRE(problem);
  BOOST_TEST(problem->first == "items[0]");
  BOOST_TEST(check_batch_items(nlohmann::json::array(), false).has_value());
  BOOST_TEST(check_batch_items(nlohmann::json::object(), false).has_value());
  problem = check_batch_items(nlohmann::json::parse(R"([{"data":{},"metadata":{"a":1}}])"), false);
  BOOST_REQUIRE(problem);
  BOOST_TEST(problem->first == "items[0].metadata.a");
}

BOOST_AUTO_TEST_SUITE_END()
