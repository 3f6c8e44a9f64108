// s2d: document generation service. `s2d serve` runs the server with
// embedded defaults; `s2d render` renders one template offline; the client
// commands (generate, batch, ...) talk to a server.
#include "app/commands.hpp"
#include "app/config.hpp"
#include "cli/commands.hpp"
#include "slots/slot.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
  CLI::App cli{"s2d: templates + data -> PDF, DOCX, PPTX, HTML, Markdown and text, behind an asynchronous REST API"};
  cli.require_subcommand(1);

  std::string config_path, listen, data_dir;
  auto* serve = cli.add_subcommand("serve", "Run the HTTP API server");
  serve->add_option("--config", config_path, "TOML settings file (see docs/configuration.md)");
  serve->add_option("--listen", listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve->add_option("--data-dir", data_dir, "Data directory (default ./s2d-data)");

  s2d::app::RenderOptions render;
  auto* render_cmd = cli.add_subcommand("render", "Render one template offline, without a server");
  render_cmd->add_option("--template", render.template_path, "Template file")->required();
  render_cmd->add_option("--data", render.data_path, "JSON data file (default: {})");
  render_cmd->add_option("--format", render.format, "pdf, docx, pptx, xlsx, html, md or txt");
  render_cmd->add_option("--out", render.out_path, "Output file (default: stdout)");
  render_cmd->add_option("--locale", render.locale, "Locale for numbers, dates and writing direction (default: the front matter's, else en-US)");
  render_cmd->add_option("--timezone", render.timezone, "Time zone for dates (default UTC)");
  render_cmd->add_option("--asset", render.assets, "An asset the template refers to: NAME=PATH or PATH");
  render_cmd->add_flag("--deterministic", render.deterministic, "Fixed dates and ids: identical input, identical bytes");

  s2d::app::WorkerCommand worker;
  auto* worker_cmd = cli.add_subcommand("worker", "Run a worker node: render slots joined to a coordinator (docs/cluster.md)");
  worker_cmd->add_option("--join", worker.join, "HOST:PORT of the coordinator's cluster.listen")->required();
  worker_cmd->add_option("--token-file", worker.token_file, "File holding the cluster token")->required();
  worker_cmd->add_option("--slots", worker.slots, "Render slot processes (default: render.slots, else one per core)")
      ->check(CLI::Range(1, 256));
  worker_cmd->add_option("--name", worker.name, "Name shown to operators (default: the host name)");
  worker_cmd->add_option("--config", worker.config_path, "TOML settings file (render.max_memory_mb, log.level)");

  // generate, batch, templates, logs, listen, admin nodes: the client (cli/, docs/cli.md).
  s2d::cli::ClientCommands client(cli);

  // Hidden: a render slot process, started by a node (slots/process.cpp).
  s2d::slots::SlotOptions slot;
  auto* slot_cmd = cli.add_subcommand("render-slot", "")->group("");
  slot_cmd->add_option("--parent", slot.parent)->required();
  slot_cmd->add_option("--max-memory-mb", slot.max_memory_mb);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help is a "parse error" that exits 0; every real one is a usage error (2, docs/cli.md).
    return cli.exit(error) == 0 ? 0 : 2;
  }

  if (slot_cmd->parsed()) return s2d::slots::run_slot(slot);
  if (worker_cmd->parsed()) return s2d::app::worker(worker);
  if (auto code = client.run()) return *code;

  if (serve->parsed()) {
    s2d::Settings settings;
    std::string error;
    if (!s2d::app::load_settings(config_path, &settings, &error) ||
        (!listen.empty() && !s2d::app::parse_listen(listen, &settings, &error))) {
      std::cerr << "s2d: " << error << "\n";
      return 2;
    }
    if (!data_dir.empty()) settings.data_dir = data_dir;
    return s2d::app::serve(settings);
  }
  return s2d::app::render(render);
}
