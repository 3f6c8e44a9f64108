// s2d batch: rows or a data source -> one batch, followed with a progress
// bar, its files downloaded, its failures written to failures.csv.
#include "cli/batch_input.hpp"
#include "cli/commands.hpp"
#include "cli/files.hpp"
#include "cli/follow.hpp"
#include "cli/terminal.hpp"

#include "core/crypto.hpp"
#include "core/file_io.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>

namespace s2d::cli {
namespace {

constexpr const char* kCommand = "batch";
constexpr int kBarWidth = 30;
constexpr double kPlainLineSeconds = 5;
constexpr int kMaxListPages = 100'000;  // 100 items a page: beyond any batch

using Clock = std::chrono::steady_clock;

bool is_terminal_batch(const nlohmann::json& batch) { return view_of<BatchView>(batch).terminal(); }

// The progress bar on a terminal, a plain line every few seconds elsewhere.
class ProgressDisplay {
 public:
  ProgressDisplay(bool live, bool quiet) : live_(live), quiet_(quiet) {}

  void update(const nlohmann::json& resource) {
    if (quiet_) return;
    const auto batch = view_of<BatchView>(resource);
    BatchProgress progress{batch.counts.total, batch.counts.completed, batch.counts.failed, batch.counts.canceled, 0};
    const auto now = Clock::now();
    const std::int64_t done = progress.completed + progress.failed + progress.canceled;
    if (!first_seen_) {
      first_seen_ = true;
      first_time_ = now;
      first_done_ = done;
    }
    const double elapsed = std::chrono::duration<double>(now - first_time_).count();
    if (elapsed > 0.5 && done > first_done_) progress.items_per_second = double(done - first_done_) / elapsed;
    const bool terminal = batch.terminal();
    if (live_) {
      std::cerr << "\r\033[K" << progress_line(progress, kBarWidth) << std::flush;
      if (terminal) std::cerr << "\n";
    } else if (terminal || std::chrono::duration<double>(now - last_line_).count() >= kPlainLineSeconds) {
      last_line_ = now;
      std::cerr << batch.id << " " << batch.status << ": " << done << "/" << progress.total
                << " done, " << progress.completed << " completed, " << progress.failed << " failed";
      if (progress.items_per_second > 0) std::cerr << ", " << std::fixed << std::setprecision(1) << progress.items_per_second << "/s";
      std::cerr << std::endl;
    }
  }

 private:
  bool live_, quiet_;
  bool first_seen_ = false;
  Clock::time_point first_time_, last_line_;
  std::int64_t first_done_ = 0;
};

bool read_rows(const BatchOptions& options, nlohmann::json* rows) {
  const std::string& path = options.csv_path.empty() ? options.jsonl_path : options.csv_path;
  auto text = read_file(path);
  if (!text) {
    std::cerr << "s2d batch: cannot read " << path << "\n";
    return false;
  }
  const auto error = options.csv_path.empty() ? rows_from_jsonl(*text, rows) : rows_from_csv(*text, rows);
  if (!error.empty()) {
    std::cerr << "s2d batch: " << path << ": " << error << "\n";
    return false;
  }
  if (rows->empty()) {
    std::cerr << "s2d batch: " << path << " has no rows\n";
    return false;
  }
  return true;
}

// More rows than one request may carry: a `records` source filled in chunks,
// each chunk under its own derived key so a re-run appends none of them twice.
int upload_records(Api& api, const nlohmann::json& rows, const std::string& key, bool quiet, std::string* source_id) {
  const nlohmann::json source_body = {{"kind", "records"}, {"name", "s2d batch " + key.substr(0, 64)}};
  auto source = api.call("POST", "/v1/data_sources", &source_body, derived_key(key, "source"));
  if (!source.ok()) return report_failure(kCommand, source);
  *source_id = view_of<IdView>(source.body).id;
  const std::size_t chunks = (rows.size() + kMaxItemsPerRequest - 1) / kMaxItemsPerRequest;
  for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
    const auto first = rows.begin() + std::ptrdiff_t(chunk * kMaxItemsPerRequest);
    const auto last = rows.begin() + std::ptrdiff_t(std::min(rows.size(), (chunk + 1) * kMaxItemsPerRequest));
    const std::string body = nlohmann::json(std::vector<nlohmann::json>(first, last)).dump();
    auto appended = api.call_raw("POST", "/v1/data_sources/" + *source_id + "/records", "application/json", body,
                                 derived_key(key, "records." + std::to_string(chunk)));
    if (!appended.ok()) return report_failure(kCommand, appended);
    if (!quiet) std::cerr << "uploaded " << (chunk + 1) << "/" << chunks << " chunks of records to " << *source_id << std::endl;
  }
  return kExitOk;
}

struct Collected {
  int downloaded = 0, already_there = 0;
  std::vector<GenerationView> failed;  // the failed and canceled items
  int exit_code = kExitOk;
};

// Every item of the batch, a page at a time: files fetched, failures kept.
void collect_items(Api& api, const std::string& batch_id, const std::string& dir, bool download, Collected* collected) {
  std::string after;
  for (int page = 0; page < kMaxListPages; ++page) {
    std::string path = "/v1/generations?limit=100&batch_id=" + url_encode(batch_id);
    if (!after.empty()) path += "&starting_after=" + url_encode(after);
    auto listed = api.call("GET", path);
    if (!listed.ok()) {
      collected->exit_code = report_failure(kCommand, listed);
      return;
    }
    const auto page_view = view_of<PageView>(listed.body);
    for (const auto& row : page_view.data) {
      const auto item = view_of<GenerationView>(row);
      after = item.id;
      if (item.status == "failed" || item.status == "canceled") collected->failed.push_back(item);
      if (item.status != "completed" || !download) continue;
      const auto& key = item.batch_item_key;
      const auto stem = safe_stem(key.is_string() ? key.get<std::string>() : "", cell_text(item.batch_index));
      for (const auto& output : item.outputs) {
        auto fetched = fetch_output(api, dir, output_file_name(stem, output), output, kCommand);
        if (fetched.outcome == Fetched::failed) {
          collected->exit_code = fetched.exit_code;
          return;
        }
        (fetched.outcome == Fetched::downloaded ? collected->downloaded : collected->already_there) += 1;
      }
    }
    if (!page_view.has_more) return;
  }
}

// failures.csv beside the files: one row per failed item with its error;
// none (and an older one removed) when every item completed.
bool write_failures(const std::string& dir, const std::vector<GenerationView>& failed, std::string* path) {
  *path = (std::filesystem::path(dir) / "failures.csv").string();
  if (failed.empty()) {
    std::error_code ignored;
    std::filesystem::remove(*path, ignored);
    path->clear();
    return true;
  }
  std::string text = "batch_index,batch_item_key,generation_id,status,type,code,message\n";
  for (const auto& item : failed) {
    const auto error = item.error.value_or(ErrorView{});
    const auto field = [](const nlohmann::json& value) { return value.is_null() ? std::string() : cell_text(value); };
    text += csv_cell(field(item.batch_index)) + "," + csv_cell(field(item.batch_item_key)) + "," + csv_cell(item.id) +
            "," + csv_cell(item.status) + "," + csv_cell(error.type) + "," + csv_cell(error.code) + "," +
            csv_cell(error.message) + "\n";
  }
  std::string error;
  if (!write_file_atomically(*path, text, &error)) {
    std::cerr << "s2d batch: " << error << "\n";
    return false;
  }
  return true;
}

int fetch_bundle(Api& api, const BatchView& batch, const std::string& dir, Collected* collected) {
  if (!batch.bundle_file) {
    std::cerr << "s2d batch: " << batch.id << " has no bundle\n";
    return kExitApi;
  }
  auto bundle = *batch.bundle_file;
  bundle.format = "zip";
  auto fetched = fetch_output(api, dir, (batch.id.empty() ? "batch" : batch.id) + ".zip", bundle, kCommand);
  if (fetched.outcome == Fetched::failed) return fetched.exit_code;
  (fetched.outcome == Fetched::downloaded ? collected->downloaded : collected->already_there) += 1;
  return kExitOk;
}

void print_summary(const CommonOptions& common, const nlohmann::json& batch, const BatchOptions& options,
                   const Collected& collected, const std::string& failures_path) {
  if (common.json) {
    nlohmann::json summary = {{"batch", batch},
                              {"out", options.out_dir},
                              {"files", {{"downloaded", collected.downloaded}, {"already_there", collected.already_there}}},
                              {"failures_csv", failures_path.empty() ? nlohmann::json() : nlohmann::json(failures_path)}};
    std::cout << summary.dump() << "\n";
    return;
  }
  const auto view = view_of<BatchView>(batch);
  std::cout << view.id << " " << view.status << ": " << view.counts.total << " items, " << view.counts.completed
            << " completed, " << view.counts.failed << " failed, " << view.counts.canceled << " canceled\n"
            << (collected.downloaded + collected.already_there) << " files in " << options.out_dir << " ("
            << collected.already_there << " already there)\n";
  if (!failures_path.empty()) std::cout << "failures: " << failures_path << "\n";
}

}  // namespace

int run_batch(const CommonOptions& common, const BatchOptions& options) {
  if (!require_credentials(common, kCommand)) return kExitUsage;
  if (options.csv_path.empty() && options.jsonl_path.empty() && options.source_id.empty()) {
    std::cerr << "s2d batch: give --csv, --jsonl or --source\n";
    return kExitUsage;
  }
  nlohmann::json body = {{"template_id", options.template_id}, {"outputs", split_formats(options.outputs)}};
  if (options.bundle) body["bundle"] = "zip";
  nlohmann::json rows;
  if (options.source_id.empty() && !read_rows(options, &rows)) return kExitUsage;
  if (!make_directory(options.out_dir, kCommand)) return kExitLocal;
  const std::string key =
      options.key.empty() ? "cli-" + crypto::hex_encode(crypto::random_bytes(16)) : options.key;
  if (options.key.empty() && !common.json) std::cerr << "batch key " << key << " (re-run with --key " << key << " to resume)\n";

  Api api(common.connection);
  if (!options.source_id.empty()) {
    body["data_source_id"] = options.source_id;
    nlohmann::json filters;
    std::string error;
    if (!parse_filters(options.filters, &filters, &error)) {
      std::cerr << "s2d batch: " << error << "\n";
      return kExitUsage;
    }
    if (!filters.empty()) body["filters"] = filters;
  } else if (rows.size() <= kMaxItemsPerRequest) {
    nlohmann::json items = nlohmann::json::array();
    for (auto& row : rows) items.push_back({{"data", std::move(row)}});
    body["items"] = std::move(items);
  } else {
    std::string source_id;
    if (int code = upload_records(api, rows, key, common.json, &source_id); code != kExitOk) return code;
    body["data_source_id"] = source_id;
  }
  rows = nullptr;

  auto created = api.call("POST", "/v1/batches", &body, derived_key(key, "batch"));
  if (!created.ok()) return report_failure(kCommand, created);
  const std::string id = view_of<BatchView>(created.body).id;

  ProgressDisplay display(is_terminal(STDERR_FILENO), common.json);
  FollowTarget target;
  target.path = "/v1/batches/" + id;
  target.is_terminal = is_terminal_batch;
  target.on_update = [&](const nlohmann::json& batch) { display.update(batch); };
  auto outcome = follow(api, target);
  if (!outcome.finished) return report_failure(kCommand, outcome.failure);
  const auto& batch = outcome.resource;

  Collected collected;
  const auto finished = view_of<BatchView>(batch);
  const bool any_failed = finished.counts.failed + finished.counts.canceled > 0;
  if (options.bundle) {
    if (int code = fetch_bundle(api, finished, options.out_dir, &collected); code != kExitOk) return code;
    if (any_failed) collect_items(api, id, options.out_dir, false, &collected);
  } else {
    collect_items(api, id, options.out_dir, true, &collected);
  }
  if (collected.exit_code != kExitOk) return collected.exit_code;
  std::string failures_path;
  if (!write_failures(options.out_dir, collected.failed, &failures_path)) return kExitLocal;
  print_summary(common, batch, options, collected, failures_path);
  return any_failed ? kExitFailed : kExitOk;
}

}  // namespace s2d::cli
