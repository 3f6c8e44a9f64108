// The records of `records` data sources: equality filters through the index.
#include <boost/test/unit_test.hpp>

#include "storage/db.hpp"
#include "storage/records.hpp"
#include "storage/schema.hpp"

#include <filesystem>
#include <random>

using namespace s2d::storage;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct RecordsDb {
  fs::path path = fs::temp_directory_path() / ("s2d-records-" + std::to_string(std::random_device{}()));
  std::unique_ptr<Db> db;

  RecordsDb() {
    std::string error;
    db = Db::open(path.string(), &error);
    BOOST_REQUIRE_MESSAGE(db, error);
  }
  ~RecordsDb() {
    db.reset();
    fs::remove_all(path);
  }

  void append(const std::string& source, std::uint64_t first, const json& rows) {
    Batch batch;
    records::append(batch, "ws_a", source, first, rows);
    std::string error;
    BOOST_REQUIRE_MESSAGE(db->write(batch, false, &error), error);
  }

  records::Found find(const std::string& source, const json& filters, std::size_t max = 100) {
    return records::find(*db, "ws_a", source, filters, max);
  }
};

json names(const records::Found& found) {
  json out = json::array();
  for (const auto& record : found.records) out.push_back(record.value("name", ""));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(records_index)

BOOST_AUTO_TEST_CASE(filters_compare_text_forms_and_keep_append_order) {
  RecordsDb t;
  t.append("src_1", 0,
           json::array({{{"name", "a"}, {"account_id", 42}, {"active", true}, {"region", "emea"}},
                        {{"name", "b"}, {"account_id", "42"}, {"active", "true"}, {"region", "amer"}},
                        {{"name", "c"}, {"account_id", 43}, {"active", false}, {"region", "emea"}},
                        {{"name", "d"}, {"account_id", 42.5}, {"region", nullptr}}}));
  BOOST_TEST(names(t.find("src_1", {{"account_id", "42"}})) == json({"a", "b"}));
  BOOST_TEST(names(t.find("src_1", {{"account_id", 42}})) == json({"a", "b"}));
  BOOST_TEST(names(t.find("src_1", {{"active", true}, {"region", "emea"}})) == json({"a"}));
  BOOST_TEST(names(t.find("src_1", {{"account_id", "42.5"}})) == json({"d"}));
  BOOST_TEST(names(t.find("src_1", {{"region", nullptr}})) == json({"d"}));
  BOOST_TEST(names(t.find("src_1", {{"region", "null"}})) == json::array());
  BOOST_TEST(names(t.find("src_1", {{"missing", "x"}})) == json::array());
  BOOST_TEST(names(t.find("src_1", json::object())) == json({"a", "b", "c", "d"}));
  BOOST_TEST(names(t.find("src_1", nullptr)) == json({"a", "b", "c", "d"}));
}

BOOST_AUTO_TEST_CASE(a_filter_reads_only_its_matches_however_large_the_source) {
  RecordsDb t;
  json rows = json::array();
  for (int i = 0; i < 5000; ++i) rows.push_back({{"name", "n" + std::to_string(i)}, {"bucket", i % 1000}, {"id", i}});
  t.append("src_big", 0, rows);
  auto found = t.find("src_big", {{"bucket", 7}});
  BOOST_TEST(found.records.size() == 5u);
  BOOST_TEST(found.index_entries_read == 5u);
  BOOST_TEST(found.records_read == 5u);
  auto both = t.find("src_big", {{"bucket", 7}, {"id", "3007"}});
  BOOST_TEST(names(both) == json({"n3007"}));
  BOOST_TEST(both.records_read == 1u);  // the intersection is loaded, not each list
}

BOOST_AUTO_TEST_CASE(arrays_and_objects_are_not_filterable) {
  RecordsDb t;
  t.append("src_1", 0, json::array({{{"name", "a"}, {"tags", {"x"}}, {"owner", {{"id", 1}}}}}));
  BOOST_TEST(names(t.find("src_1", {{"tags", "x"}})) == json::array());
  BOOST_TEST(names(t.find("src_1", {{"name", json::array({"a"})}})) == json::array());
}

BOOST_AUTO_TEST_CASE(over_the_limit_is_reported_with_the_first_records) {
  RecordsDb t;
  t.append("src_1", 0, json::array({{{"name", "a"}, {"k", 1}}, {{"name", "b"}, {"k", 1}}, {{"name", "c"}, {"k", 1}}}));
  auto filtered = t.find("src_1", {{"k", 1}}, 2);
  BOOST_TEST(filtered.over_limit);
  BOOST_TEST(names(filtered) == json({"a", "b"}));
  auto all = t.find("src_1", nullptr, 2);
  BOOST_TEST(all.over_limit);
  BOOST_TEST(!t.find("src_1", nullptr, 3).over_limit);
}

BOOST_AUTO_TEST_CASE(appends_continue_the_sequence_and_sources_stay_apart) {
  RecordsDb t;
  t.append("src_1", 0, json::array({{{"name", "a"}, {"k", 1}}}));
  t.append("src_1", 1, json::array({{{"name", "b"}, {"k", 1}}}));
  t.append("src_2", 0, json::array({{{"name", "other"}, {"k", 1}}}));
  BOOST_TEST(names(t.find("src_1", {{"k", 1}})) == json({"a", "b"}));
  BOOST_TEST(names(records::find(*t.db, "ws_b", "src_1", {{"k", 1}}, 10)) == json::array());

  std::string error;
  BOOST_TEST(records::erase_source(*t.db, "ws_a", "src_1", &error));
  BOOST_TEST(names(t.find("src_1", {{"k", 1}})) == json::array());
  BOOST_TEST(names(t.find("src_1", nullptr)) == json::array());
  BOOST_TEST(names(t.find("src_2", {{"k", 1}})) == json({"other"}));
}

BOOST_AUTO_TEST_SUITE_END()
