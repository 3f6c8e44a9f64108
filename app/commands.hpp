#pragma once
// The s2d subcommands.

#include "core/settings.hpp"

#include <string>
#include <vector>

namespace s2d::app {

// Runs the server until SIGINT/SIGTERM; returns the process exit code.
int serve(const Settings& settings);

struct RenderOptions {
  std::string template_path;
  std::string data_path;
  std::string format = "pdf";
  std::string out_path;
  std::string locale;  // empty: the front matter's, else en-US
  std::string timezone = "UTC";
  std::vector<std::string> assets;  // name=path, or path (name = file name)
  bool deterministic = false;
};

struct WorkerCommand {
  std::string join;        // HOST:PORT of the coordinator's cluster.listen
  std::string token_file;
  std::string name;        // default: the host name
  int slots = 0;           // 0: render.slots, else one per core
  std::string config_path;
};

// Runs a worker node until SIGTERM (then drains); 3 when the coordinator refused it.
int worker(const WorkerCommand& command);

// Renders one template offline; errors go to stderr as the JSON error object.
int render(const RenderOptions& options);

}  // namespace s2d::app
