#include <boost/test/unit_test.hpp>

#include "app/config.hpp"
#include "core/file_io.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace s2d;

namespace {
std::string temp_file(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("s2d-settings-" + std::to_string(std::rand()) + ".toml");
  std::ofstream(path) << text;
  return path.string();
}
}  // namespace

BOOST_AUTO_TEST_SUITE(settings)

BOOST_AUTO_TEST_CASE(every_setting_is_documented) {
  auto docs = read_file(std::string(S2D_SOURCE_DIR) + "/docs/configuration.md").value_or("");
  BOOST_REQUIRE(!docs.empty());
  for (const auto& spec : app::setting_specs()) {
    BOOST_TEST_CONTEXT(spec.key) {
      BOOST_TEST(docs.find(std::string("`") + spec.key + "`") != std::string::npos);
      BOOST_TEST(docs.find(std::string("`") + spec.env + "`") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_shipped_single_node_config_loads) {
  Settings s;
  std::string error;
  BOOST_TEST(app::load_settings(std::string(S2D_SOURCE_DIR) + "/cluster-config/single-node.toml", &s, &error), error);
}

BOOST_AUTO_TEST_CASE(the_shipped_cluster_configs_load) {
  Settings coordinator, worker;
  std::string error;
  BOOST_TEST(app::load_settings(std::string(S2D_SOURCE_DIR) + "/cluster-config/coordinator.toml", &coordinator, &error),
             error);
  BOOST_TEST(coordinator.render_slots == 0);
  BOOST_TEST(coordinator.cluster_listen == "10.0.0.5:7070");
  BOOST_TEST(app::load_settings(std::string(S2D_SOURCE_DIR) + "/cluster-config/worker.toml", &worker, &error), error);
  BOOST_TEST(worker.render_max_memory_mb == 2048u);
}

BOOST_AUTO_TEST_CASE(toml_then_environment) {
  auto path = temp_file("[server]\nlisten = \"127.0.0.1:9191\"\n[rate_limit]\nper_second = 5\nburst = 7\n"
                        "[webhooks]\nretry_schedule = [\"0s\", \"1s\", \"2m\"]\n");
  setenv("S2D_RATE_LIMIT_BURST", "9", 1);
  setenv("S2D_STORAGE_MEMORY_MB", "48", 1);
  Settings s;
  std::string error;
  BOOST_TEST(app::load_settings(path, &s, &error), error);
  unsetenv("S2D_RATE_LIMIT_BURST");
  unsetenv("S2D_STORAGE_MEMORY_MB");
  BOOST_TEST(s.storage_memory_mb == 48u);
  BOOST_TEST(s.listen_port == 9191);
  BOOST_TEST(s.rate_limit_per_second == 5);
  BOOST_TEST(s.rate_limit_burst == 9);
  BOOST_TEST((s.webhook_retry_schedule_seconds == std::vector<int>{0, 1, 120}));
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_bad_values_are_errors) {
  Settings s;
  std::string error;
  BOOST_TEST(!app::load_settings(temp_file("[server]\nlisten_port = 1\n"), &s, &error));
  BOOST_TEST(error.find("unknown setting 'server.listen_port'") != std::string::npos);
  BOOST_TEST(!app::load_settings(temp_file("[render]\nslots = -3\n"), &s, &error));
  BOOST_TEST(error.find("render.slots") != std::string::npos);
  BOOST_TEST(!app::load_settings(temp_file("[server\n"), &s, &error));
}

BOOST_AUTO_TEST_SUITE_END()
