// The client subcommands' flags (CLI11) and the helpers they share.
#include "cli/commands.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace s2d::cli {

struct ClientCommands::State {
  CommonOptions common;
  GenerateOptions generate;
  BatchOptions batch;
  TemplatesPushOptions push;
  LogsOptions logs;
  ListenOptions listen;
  CLI::App* generate_cmd = nullptr;
  CLI::App* batch_cmd = nullptr;
  CLI::App* push_cmd = nullptr;
  CLI::App* list_cmd = nullptr;
  CLI::App* logs_cmd = nullptr;
  CLI::App* listen_cmd = nullptr;
  CLI::App* nodes_cmd = nullptr;
};

namespace {

// The connection flags every client command takes (each overrides its environment variable).
void add_connection_flags(CLI::App* command, CommonOptions& common, bool workspace_key = true) {
  command->add_option("--base-url", common.connection.base_url, "Server URL (S2D_BASE_URL, default http://127.0.0.1:8080)");
  if (workspace_key) {
    command->add_option("--api-key", common.connection.api_key, "API key (S2D_API_KEY)");
    command->add_option("--workspace", common.connection.workspace_id, "Workspace id (S2D_WORKSPACE_ID)");
  }
  command->add_flag("--json", common.json, "Machine-readable JSON on stdout");
}

}  // namespace

ClientCommands::ClientCommands(CLI::App& app) : state_(std::make_unique<State>()) {
  auto& s = *state_;

  s.generate_cmd = app.add_subcommand("generate", "Create a generation on a server; --wait follows it and downloads its files");
  auto* g = s.generate_cmd;
  g->add_option("--template", s.generate.template_id, "Template id (tpl_...)")->required();
  g->add_option("--template-version", s.generate.template_version, "Template version (default: the latest)");
  auto* data = g->add_option("--data", s.generate.data_path, "JSON data file, or - for stdin");
  auto* source = g->add_option("--source", s.generate.source_id, "Data source id (src_...)");
  data->excludes(source);
  g->add_option("--filter", s.generate.filters, "Data source filter k=v (repeatable)")->needs(source);
  g->add_option("--output", s.generate.outputs, "Formats, e.g. pdf,docx")->required()->delimiter(',');
  g->add_flag("--wait", s.generate.wait, "Follow the generation to its end and download its files");
  g->add_option("--out", s.generate.out_dir, "Directory for the downloaded files (default .)");
  g->add_option("--idempotency-key", s.generate.idempotency_key, "Idempotency-Key (default: a new one)");
  add_connection_flags(g, s.common);

  s.batch_cmd = app.add_subcommand("batch", "Run a batch from a CSV, a JSON Lines file or a data source; download its files");
  auto* b = s.batch_cmd;
  b->add_option("--template", s.batch.template_id, "Template id (tpl_...)")->required();
  auto* csv = b->add_option("--csv", s.batch.csv_path, "CSV file: one item per row (header row names the fields)");
  auto* jsonl = b->add_option("--jsonl", s.batch.jsonl_path, "JSON Lines file: one item per object");
  auto* batch_source = b->add_option("--source", s.batch.source_id, "Data source id: one item per matching record");
  csv->excludes(jsonl)->excludes(batch_source);
  jsonl->excludes(batch_source);
  b->add_option("--filter", s.batch.filters, "Data source filter k=v (repeatable)")->needs(batch_source);
  b->add_option("--output", s.batch.outputs, "Formats, e.g. pdf")->required()->delimiter(',');
  b->add_option("--out", s.batch.out_dir, "Directory for the files and failures.csv (default .)");
  b->add_option("--key", s.batch.key, "Resume key: the same key resumes the same batch (default: a new one, printed)");
  b->add_flag("--bundle", s.batch.bundle, "Download one ZIP of every output instead of each file");
  add_connection_flags(b, s.common);

  auto* templates = app.add_subcommand("templates", "Upload and list templates on a server");
  templates->require_subcommand(1);
  s.push_cmd = templates->add_subcommand("push", "Upload FILE as a new template, or a new version of the one with that name");
  s.push_cmd->add_option("FILE", s.push.path, "Template file: .md, .docx, .pptx or .xlsx")->required();
  s.push_cmd->add_option("--name", s.push.name, "Template name (default: the file name without extension)");
  add_connection_flags(s.push_cmd, s.common);
  s.list_cmd = templates->add_subcommand("list", "List the workspace's templates");
  add_connection_flags(s.list_cmd, s.common);

  s.logs_cmd = app.add_subcommand("logs", "Show the workspace's request logs");
  s.logs_cmd->add_flag("--follow,-f", s.logs.follow, "Keep printing new requests as they are logged");
  s.logs_cmd->add_option("--limit", s.logs.limit, "How many recent requests first (1-100, default 20)")->check(CLI::Range(1, 100));
  s.logs_cmd->add_option("--status", s.logs.status, "Only this status (404) or class (4xx)");
  s.logs_cmd->add_option("--path", s.logs.path, "Only paths starting with this");
  add_connection_flags(s.logs_cmd, s.common);

  s.listen_cmd = app.add_subcommand("listen", "Forward the workspace's events to a local URL, signed as webhooks");
  s.listen_cmd->add_option("--forward-to", s.listen.forward_to, "Local URL receiving each event as a POST")->required();
  s.listen_cmd->add_option("--secret", s.listen.secret, "Signing secret whsec_... (default: a new one, printed)");
  add_connection_flags(s.listen_cmd, s.common);

  auto* admin = app.add_subcommand("admin", "Operator commands against a running server");
  admin->require_subcommand(1);
  s.nodes_cmd = admin->add_subcommand("nodes", "List the render nodes (operator token from S2D_OPERATOR_TOKEN)");
  s.nodes_cmd->add_option("--url,--base-url", s.common.connection.base_url,
                          "Server URL (S2D_BASE_URL, default http://127.0.0.1:8080)");
  s.nodes_cmd->add_option("--operator-token", s.common.connection.operator_token, "Operator token (S2D_OPERATOR_TOKEN)");
  s.nodes_cmd->add_flag("--json", s.common.json, "Machine-readable JSON on stdout");
}

ClientCommands::~ClientCommands() = default;

std::optional<int> ClientCommands::run() {
  auto& s = *state_;
  fill_from_environment(&s.common.connection);
  if (s.generate_cmd->parsed()) return run_generate(s.common, s.generate);
  if (s.batch_cmd->parsed()) return run_batch(s.common, s.batch);
  if (s.push_cmd->parsed()) return run_templates_push(s.common, s.push);
  if (s.list_cmd->parsed()) return run_templates_list(s.common);
  if (s.logs_cmd->parsed()) return run_logs(s.common, s.logs);
  if (s.listen_cmd->parsed()) return run_listen(s.common, s.listen);
  if (s.nodes_cmd->parsed()) return run_admin_nodes(s.common);
  return std::nullopt;
}

bool parse_filters(const std::vector<std::string>& flags, nlohmann::json* filters, std::string* error) {
  *filters = nlohmann::json::object();
  for (const auto& flag : flags) {
    const auto equals = flag.find('=');
    if (equals == std::string::npos || equals == 0) {
      *error = "--filter wants key=value, not '" + flag + "'";
      return false;
    }
    (*filters)[flag.substr(0, equals)] = flag.substr(equals + 1);
  }
  return true;
}

std::vector<std::string> split_formats(const std::vector<std::string>& flags) {
  std::vector<std::string> formats;
  for (const auto& flag : flags) {
    std::size_t start = 0;
    while (start <= flag.size()) {
      const auto comma = flag.find(',', start);
      auto format = flag.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!format.empty()) formats.push_back(format);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return formats;
}

bool require_credentials(const CommonOptions& common, const char* command) {
  if (common.connection.api_key.empty()) {
    std::cerr << "s2d " << command << ": set S2D_API_KEY (or --api-key)\n";
    return false;
  }
  if (common.connection.workspace_id.empty()) {
    std::cerr << "s2d " << command << ": set S2D_WORKSPACE_ID (or --workspace)\n";
    return false;
  }
  return true;
}

}  // namespace s2d::cli
