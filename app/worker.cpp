#include "app/commands.hpp"

#include "actors/worker.hpp"
#include "app/config.hpp"
#include "slots/cluster_token.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace s2d::app {
namespace {

bool split_join(const std::string& text, WorkerOptions* options) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  try {
    std::size_t used = 0;
    auto port = std::stoul(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || port == 0 || port > 65535) return false;
    options->port = std::uint16_t(port);
  } catch (const std::exception&) {
    return false;
  }
  options->host = text.substr(0, colon);
  return true;
}

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || !*name) return "worker";
  return name;
}

}  // namespace

int worker(const WorkerCommand& command) {
  Settings settings;
  std::string error;
  if (!load_settings(command.config_path, &settings, &error)) {
    std::cerr << "s2d worker: " << error << "\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::from_str(settings.log_level));
  WorkerOptions options;
  if (!split_join(command.join, &options)) {
    std::cerr << "s2d worker: --join must be HOST:PORT (got '" << command.join << "')\n";
    return 2;
  }
  if (!slots::load_cluster_token(command.token_file, &options.token, &error)) {
    std::cerr << "s2d worker: " << error << "\n";
    return 2;
  }
  options.slots = command.slots > 0 ? command.slots
                  : settings.render_slots > 0 ? settings.render_slots
                                              : std::max(1, int(std::thread::hardware_concurrency()));
  options.name = command.name.empty() ? host_name() : command.name;
  options.max_memory_mb = settings.render_max_memory_mb;
  options.max_result_bytes = std::max<std::size_t>(settings.max_output_bytes, 1u << 20) * 8;
  // Test-only: announce another wire version, to check that it is refused.
  if (const char* version = std::getenv("S2D_TEST_CLUSTER_WIRE_VERSION")) options.wire_version = std::uint32_t(std::atoi(version));

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Worker node(options);
  node.start();
  spdlog::info("s2d worker '{}' with {} slots, joining {}", options.name, options.slots, command.join);
  const timespec tick{0, 200'000'000};
  while (true) {
    int signal_number = ::sigtimedwait(&stop_signals, nullptr, &tick);
    if (node.refused()) return 3;
    if (signal_number == SIGTERM || signal_number == SIGINT) break;
  }
  spdlog::info("s2d worker: draining");
  node.drain();
  spdlog::info("s2d worker: drained, leaving");
  return 0;
}

}  // namespace s2d::app
