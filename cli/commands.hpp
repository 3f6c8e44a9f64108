#pragma once
// The command-line client: `s2d generate`, `batch`, `templates`, `logs`, `listen` and `admin nodes` talking to a server over its API (docs/cli.md).

#include "cli/api.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace s2d::cli {

struct CommonOptions {
  Connection connection;
  bool json = false;  // machine-readable output on stdout
};

struct GenerateOptions {
  std::string template_id;
  int template_version = 0;  // 0: the latest
  std::string data_path;     // a JSON file, or "-" for stdin
  std::string source_id;
  std::vector<std::string> filters;  // k=v
  std::vector<std::string> outputs;  // formats (comma lists allowed)
  bool wait = false;
  std::string out_dir = ".";
  std::string idempotency_key;
};

struct BatchOptions {
  std::string template_id;
  std::string csv_path, jsonl_path, source_id;
  std::vector<std::string> filters;
  std::vector<std::string> outputs;
  std::string out_dir = ".";
  std::string key;
  bool bundle = false;
};

struct TemplatesPushOptions {
  std::string path;
  std::string name;  // default: the file name without its extension
};

struct LogsOptions {
  bool follow = false;
  int limit = 20;
  std::string status, path;
};

struct ListenOptions {
  std::string forward_to;
  std::string secret;  // default: a new one, printed
};

int run_generate(const CommonOptions& common, const GenerateOptions& options);
int run_batch(const CommonOptions& common, const BatchOptions& options);
int run_templates_push(const CommonOptions& common, const TemplatesPushOptions& options);
int run_templates_list(const CommonOptions& common);
int run_logs(const CommonOptions& common, const LogsOptions& options);
int run_listen(const CommonOptions& common, const ListenOptions& options);
int run_admin_nodes(const CommonOptions& common);

// The client subcommands on the s2d command line.
class ClientCommands {
 public:
  explicit ClientCommands(CLI::App& app);
  ~ClientCommands();
  // The exit code of the client command that was parsed; nullopt when the
  // command line named another subcommand.
  std::optional<int> run();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// "k=v" flags as a filters object; false (with *error) for one without '='.
bool parse_filters(const std::vector<std::string>& flags, nlohmann::json* filters, std::string* error);
// "pdf,docx" and repeated flags as one list.
std::vector<std::string> split_formats(const std::vector<std::string>& flags);
// A workspace key is needed: false (after saying which variable is missing) when it is not set.
bool require_credentials(const CommonOptions& common, const char* command);

}  // namespace s2d::cli
