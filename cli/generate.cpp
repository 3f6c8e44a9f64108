// s2d generate: one generation, optionally followed to its end and downloaded.
#include "cli/commands.hpp"
#include "cli/files.hpp"
#include "cli/follow.hpp"
#include "cli/terminal.hpp"

#include "core/crypto.hpp"
#include "core/file_io.hpp"

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <iterator>

namespace s2d::cli {
namespace {

constexpr const char* kCommand = "generate";

bool is_terminal_generation(const nlohmann::json& generation) { return view_of<GenerationView>(generation).terminal(); }

bool read_data(const std::string& path, nlohmann::json* data) {
  std::optional<std::string> text;
  if (path == "-") text = std::string(std::istreambuf_iterator<char>(std::cin), {});
  else text = read_file(path);
  if (!text) {
    std::cerr << "s2d generate: cannot read " << path << "\n";
    return false;
  }
  *data = nlohmann::json::parse(*text, nullptr, false);
  if (!data->is_object()) {
    std::cerr << "s2d generate: " << path << " does not hold a JSON object\n";
    return false;
  }
  return true;
}

// The structured error of a failed generation, for people and for scripts alike.
void print_generation_error(const nlohmann::json& generation) {
  const auto view = view_of<GenerationView>(generation);
  const auto error = view.error.value_or(ErrorView{});
  auto full = generation.find("error");  // printed whole: it carries placeholder, line, context...
  std::cerr << "s2d generate: " << view.id << " " << view.status << ": " << error.code << ": " << error.message << "\n"
            << (full != generation.end() ? full->dump(2) : std::string("null")) << "\n";
}

int download_outputs(Api& api, const CommonOptions& common, const GenerateOptions& options,
                     const nlohmann::json& generation) {
  if (!make_directory(options.out_dir, kCommand)) return kExitLocal;
  nlohmann::json files = nlohmann::json::array();
  const auto view = view_of<GenerationView>(generation);
  for (const auto& output : view.outputs) {
    const auto name = output_file_name(view.id.empty() ? "generation" : view.id, output);
    auto fetched = fetch_output(api, options.out_dir, name, output, kCommand);
    if (fetched.outcome == Fetched::failed) return fetched.exit_code;
    files.push_back(fetched.path);
    if (!common.json) std::cout << fetched.path << "\n";
  }
  if (common.json) {
    auto result = generation;
    result["files"] = files;
    std::cout << result.dump() << "\n";
  }
  return kExitOk;
}

}  // namespace

int run_generate(const CommonOptions& common, const GenerateOptions& options) {
  if (!require_credentials(common, kCommand)) return kExitUsage;
  nlohmann::json body = {{"template_id", options.template_id}, {"outputs", split_formats(options.outputs)}};
  if (options.template_version > 0) body["template_version"] = options.template_version;
  if (!options.source_id.empty()) {
    body["data_source_id"] = options.source_id;
    std::string error;
    nlohmann::json filters;
    if (!parse_filters(options.filters, &filters, &error)) {
      std::cerr << "s2d generate: " << error << "\n";
      return kExitUsage;
    }
    if (!filters.empty()) body["filters"] = filters;
  } else {
    nlohmann::json data = nlohmann::json::object();
    if (!options.data_path.empty() && !read_data(options.data_path, &data)) return kExitUsage;
    body["data"] = data;
  }
  // Always a key, so that a repeat after a network error cannot create a second generation.
  const std::string key =
      options.idempotency_key.empty() ? "cli-" + crypto::hex_encode(crypto::random_bytes(16)) : options.idempotency_key;
  Api api(common.connection);
  auto created = api.call("POST", "/v1/generations", &body, key);
  if (!created.ok()) return report_failure(kCommand, created);
  const auto made = view_of<GenerationView>(created.body);
  const std::string& id = made.id;
  if (!options.wait) {
    if (common.json) std::cout << created.body.dump() << "\n";
    else std::cout << id << "  " << made.status << "\n";
    return kExitOk;
  }

  const bool live = !common.json && is_terminal(STDERR_FILENO);
  const auto started = std::chrono::steady_clock::now();
  FollowTarget target;
  target.path = "/v1/generations/" + id;
  target.is_terminal = is_terminal_generation;
  target.poll_seconds = 0.25;
  target.on_update = [&](const nlohmann::json& generation) {
    if (!live) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "\r\033[K" << id << "  " << view_of<GenerationView>(generation).status << "  " << duration_text(seconds)
              << std::flush;
  };
  auto outcome = follow(api, target);
  if (live) std::cerr << "\r\033[K" << std::flush;
  if (!outcome.finished) return report_failure(kCommand, outcome.failure);
  const auto& generation = outcome.resource;
  if (view_of<GenerationView>(generation).status != "completed") {
    print_generation_error(generation);
    if (common.json) std::cout << generation.dump() << "\n";
    return kExitFailed;
  }
  return download_outputs(api, common, options, generation);
}

}  // namespace s2d::cli
