#include "app/commands.hpp"

#include "actors/engine.hpp"
#include "core/json_text.hpp"
#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>

namespace s2d::app {
namespace {

void print_first_start(const BootstrapCredentials& credentials, const Settings& settings) {
  std::cout << "s2d: created workspace and admin API key (shown only this once; also in "
            << settings.data_dir << "/bootstrap.json)\n"
            << "  workspace_id: " << credentials.workspace_id << "\n"
            << "  api_key:      " << credentials.api_key << "\n"
            << std::flush;
}

}  // namespace

int serve(const Settings& settings) {
  spdlog::set_level(spdlog::level::from_str(settings.log_level));
  set_json_max_depth(settings.max_json_depth);
  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Engine engine(settings);
  std::string error;
  if (!engine.start(&error)) {
    spdlog::error("cannot start: {}", error);
    return 1;
  }
  if (const auto& credentials = engine.first_start_credentials()) print_first_start(*credentials, settings);

  http::Server server(engine);
  if (!server.start(&error)) {
    spdlog::error("{}", error);
    engine.stop();
    return 1;
  }
  spdlog::info("s2d listening on http://{}:{} (data in {})", settings.listen_host, settings.listen_port, settings.data_dir);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  spdlog::info("received {}, shutting down", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  // Stop taking requests first, then the actors (unfinished work stays
  // queued on disk), then storage; the server object outlives every reply.
  server.stop();
  engine.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace s2d::app
