#define BOOST_TEST_MODULE services_tests
#include <boost/test/unit_test.hpp>

#include "core/generation.hpp"
#include "core/ids.hpp"
#include "services/retention.hpp"
#include "storage/schema.hpp"

#include <filesystem>
#include <random>

using namespace s2d;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kDay = 86'400'000;

struct Fixture {
  fs::path dir = fs::temp_directory_path() / ("s2d-retention-" + std::to_string(std::random_device{}()));
  Services services;
  int made = 0;

  Fixture() {
    fs::create_directories(dir);
    std::string error;
    services.db = storage::Db::open((dir / "db").string(), &error);
    services.committer = std::make_unique<storage::Committer>(*services.db);
    services.files = std::make_unique<storage::FileStore>((dir / "files").string());
  }
  ~Fixture() {
    services.committer.reset();
    services.db.reset();
    fs::remove_all(dir);
  }

  void workspace(const std::string& id, int retention_days) {
    storage::Batch b;
    storage::put_json(b, storage::Table::workspaces, id, {{"id", id}, {"retention_days", retention_days}});
    services.db->write(b, false, nullptr);
  }

  // A completed generation with one stored file made `age_days` ago.
  std::pair<std::string, std::string> output(const std::string& ws, std::int64_t now, double age_days) {
    Generation g;
    g.id = ids::make("gen");
    g.workspace_id = ws;
    g.status = GenerationStatus::completed;
    OutputFile file;
    file.format = "pdf";
    file.file_id = ids::lowest_at("file", now - std::int64_t(age_days * kDay)) + std::to_string(++made);
    g.outputs.push_back(file);
    std::string error;
    services.files->write(ws, file.file_id, "%PDF-", &error);
    storage::Batch b;
    storage::put_json(b, storage::Table::generations, storage::keys::scoped(ws, g.id), to_storage(g));
    storage::put_json(b, storage::Table::files, file.file_id,
                      {{"id", file.file_id}, {"workspace_id", ws}, {"generation_id", g.id},
                       {"created_ms", now - std::int64_t(age_days * kDay)}, {"expired", false}});
    services.db->write(b, false, nullptr);
    return {g.id, file.file_id};
  }

  bool expired(const std::string& ws, const std::pair<std::string, std::string>& made) {
    auto file = storage::get_json(*services.db, storage::Table::files, made.second);
    auto g = generation_from_storage(*storage::get_json(*services.db, storage::Table::generations,
                                                        storage::keys::scoped(ws, made.first)));
    bool record = file->value("expired", false);
    BOOST_TEST(record == g.outputs.at(0).expired);
    BOOST_TEST(record == !services.files->exists(ws, made.second));
    return record;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(output_retention)

BOOST_AUTO_TEST_CASE(files_past_their_workspaces_retention_expire_and_keep_their_metadata) {
  Fixture f;
  const std::int64_t now = 1'800'000'000'000;
  f.workspace("ws_short", 1);
  f.workspace("ws_long", 90);
  auto old_short = f.output("ws_short", now, 2);
  auto fresh_short = f.output("ws_short", now, 0.5);
  auto old_long = f.output("ws_long", now, 2);
  auto ancient_long = f.output("ws_long", now, 91);

  BOOST_TEST(expire_old_outputs(f.services, now) == 2u);
  BOOST_TEST(f.expired("ws_short", old_short));
  BOOST_TEST(!f.expired("ws_short", fresh_short));
  BOOST_TEST(!f.expired("ws_long", old_long));
  BOOST_TEST(f.expired("ws_long", ancient_long));
  BOOST_TEST(expire_old_outputs(f.services, now) == 0u);  // nothing twice
}

BOOST_AUTO_TEST_SUITE_END()
