#define BOOST_TEST_MODULE storage
#include <boost/test/unit_test.hpp>

#include "storage/committer.hpp"
#include "storage/db.hpp"
#include "storage/file_store.hpp"
#include "storage/schema.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

using namespace s2d::storage;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("s2d-storage-" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::vector<std::string> keys_of(const Db& db, Table table, const std::string& prefix, ScanOptions options = {}) {
  std::vector<std::string> keys;
  db.scan(table, prefix, options, [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return true;
  });
  return keys;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rocksdb_tables)

BOOST_AUTO_TEST_CASE(batches_across_tables_survive_reopen) {
  TempDir dir;
  std::string error;
  {
    auto db = Db::open(dir.path.string(), &error);
    BOOST_REQUIRE_MESSAGE(db, error);
    Batch batch;
    put_json(batch, Table::generations, keys::scoped("ws_a", "gen_1"), {{"status", "pending"}});
    batch.put(Table::queue, "gen_1", "ws_a");
    BOOST_TEST(db->write(batch, true, &error));
  }
  auto db = Db::open(dir.path.string(), &error);
  BOOST_REQUIRE_MESSAGE(db, error);
  BOOST_TEST(get_json(*db, Table::generations, "ws_a/gen_1")->at("status") == "pending");
  BOOST_TEST(*db->get(Table::queue, "gen_1") == "ws_a");
  BOOST_TEST(!db->get(Table::templates, "ws_a/gen_1"));  // tables are separate
}

BOOST_AUTO_TEST_CASE(memtables_of_every_table_stay_within_one_memory_budget) {
  TempDir dir;
  std::string error;
  DbOptions options;
  options.memory_mb = 16;
  auto db = Db::open(dir.path.string(), options, &error);
  BOOST_REQUIRE_MESSAGE(db, error);
  BOOST_TEST(db->memory_budget_bytes() == std::size_t(16) << 20);
  // 96 MB spread over every table, unsynced: without a shared budget each
  // table would keep up to two default 64 MB write buffers in memory.
  const std::string value(4096, 'v');
  std::size_t peak_memtables = 0;
  for (int round = 0; round < 1536; ++round) {
    Batch batch;
    for (int t = 0; t < int(Table::count_); ++t)
      batch.put(Table(t), "k" + std::to_string(round) + "-" + std::to_string(t), value);
    BOOST_REQUIRE(db->write(batch, false, &error));
    peak_memtables = std::max(peak_memtables, db->memtable_bytes());
  }
  // Flushes start at a quarter of the budget; memtables waiting for a busy
  // flush thread still count, so the bound is twice the budget plus one
  // write buffer (a sixteenth of the budget) per table (41 MB seen on a loaded
  // 2-core machine with 24 tables; without the budget: about 150 MB).
  const std::size_t bound = (std::size_t(32) << 20) + std::size_t(Table::count_) * (std::size_t(1) << 20);
  BOOST_TEST(peak_memtables <= bound);
  BOOST_TEST(db->memory_bytes() <= bound);
  BOOST_TEST(db->get(Table::records, "k1535-15").has_value());
  BOOST_TEST(db->live_data_bytes() > 0);
}

BOOST_AUTO_TEST_CASE(a_second_process_cannot_open_the_same_directory) {
  TempDir dir;
  std::string error;
  auto first = Db::open(dir.path.string(), &error);
  BOOST_REQUIRE(first);
  auto second = Db::open(dir.path.string(), &error);
  BOOST_TEST(!second);
  BOOST_TEST(!error.empty());
}

BOOST_AUTO_TEST_CASE(prefix_scans_stay_inside_the_workspace_and_page_both_ways) {
  TempDir dir;
  std::string error;
  auto db = Db::open(dir.path.string(), &error);
  Batch batch;
  for (auto id : {"gen_1", "gen_2", "gen_3"}) batch.put(Table::generations, keys::scoped("ws_a", id), "{}");
  batch.put(Table::generations, keys::scoped("ws_b", "gen_0"), "{}");
  batch.put(Table::generations, keys::scoped("ws_aa", "gen_9"), "{}");
  db->write(batch, false, &error);

  BOOST_TEST((keys_of(*db, Table::generations, "ws_a/") ==
              std::vector<std::string>{"ws_a/gen_1", "ws_a/gen_2", "ws_a/gen_3"}));
  ScanOptions newest_first;
  newest_first.reverse = true;
  BOOST_TEST((keys_of(*db, Table::generations, "ws_a/", newest_first) ==
              std::vector<std::string>{"ws_a/gen_3", "ws_a/gen_2", "ws_a/gen_1"}));
  newest_first.start_after = "ws_a/gen_3";
  BOOST_TEST((keys_of(*db, Table::generations, "ws_a/", newest_first) ==
              std::vector<std::string>{"ws_a/gen_2", "ws_a/gen_1"}));
  ScanOptions forward;
  forward.start_after = "ws_a/gen_1";
  BOOST_TEST((keys_of(*db, Table::generations, "ws_a/", forward) == std::vector<std::string>{"ws_a/gen_2", "ws_a/gen_3"}));
}

BOOST_AUTO_TEST_CASE(template_version_keys_sort_numerically) {
  BOOST_TEST(keys::template_version("tpl_1", 2) < keys::template_version("tpl_1", 10));
  BOOST_TEST(keys::template_version("tpl_1", 7) == "tpl_1/0000000007");
}

BOOST_AUTO_TEST_CASE(json_codec_tolerates_corrupt_values) {
  TempDir dir;
  std::string error;
  auto db = Db::open(dir.path.string(), &error);
  Batch batch;
  batch.put(Table::meta, "broken", "{not json");
  db->write(batch, false, &error);
  BOOST_TEST(!get_json(*db, Table::meta, "broken"));
  BOOST_TEST(!get_json(*db, Table::meta, "absent"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(group_commit)

BOOST_AUTO_TEST_CASE(every_submitted_batch_is_durable_and_acknowledged_once) {
  TempDir dir;
  std::string error;
  auto db = Db::open(dir.path.string(), &error);
  std::atomic<int> acknowledged{0};
  {
    Committer committer(*db);
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w)
      writers.emplace_back([&, w] {
        for (int i = 0; i < 250; ++i) {
          Batch batch;
          batch.put(Table::queue, "w" + std::to_string(w) + "-" + std::to_string(i), "x");
          committer.submit(std::move(batch), [&](bool ok, const std::string&) { acknowledged += ok ? 1 : 1000; });
        }
      });
    for (auto& t : writers) t.join();
  }  // the destructor drains the queue
  BOOST_TEST(acknowledged.load() == 1000);
  BOOST_TEST(keys_of(*db, Table::queue, "").size() == 1000u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(files)

BOOST_AUTO_TEST_CASE(writes_are_complete_files_without_temp_leftovers) {
  TempDir dir;
  FileStore store(dir.path.string());
  std::string error;
  std::string bytes(100000, 'p');
  BOOST_TEST(store.write("ws_a", "file_1", bytes, &error));
  BOOST_TEST(store.exists("ws_a", "file_1"));
  std::ifstream in(store.path("ws_a", "file_1"), std::ios::binary);
  std::string back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  BOOST_TEST(back == bytes);
  BOOST_TEST(!fs::exists(store.path("ws_a", "file_1") + ".tmp"));
  BOOST_TEST(store.remove("ws_a", "file_1"));
  BOOST_TEST(!store.exists("ws_a", "file_1"));
  BOOST_TEST(store.remove("ws_a", "file_1"));  // removing twice is fine
}

BOOST_AUTO_TEST_SUITE_END()
