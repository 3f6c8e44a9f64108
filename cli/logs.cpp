// s2d logs [--follow]: the workspace's request logs, oldest first.
#include "cli/commands.hpp"
#include "cli/terminal.hpp"
#include "cli/views.hpp"

#include <chrono>
#include <deque>
#include <iostream>
#include <set>
#include <thread>

namespace s2d::cli {
namespace {

constexpr std::size_t kRememberedOwnRequests = 1000;

const std::vector<std::string> kColumns = {"created_at", "method", "path", "status", "duration_ms", "error_code", "id"};

// The client's own polls are logged too; following must not print them.
class OwnRequests {
 public:
  void add(const std::string& id) {
    ids_.insert(id);
    order_.push_back(id);
    if (order_.size() > kRememberedOwnRequests) {
      ids_.erase(order_.front());
      order_.pop_front();
    }
  }
  bool contains(const std::string& id) const { return ids_.count(id) > 0; }

 private:
  std::set<std::string> ids_;
  std::deque<std::string> order_;
};

void print_rows(const CommonOptions& common, const nlohmann::json& oldest_first, bool header) {
  if (common.json) {
    for (const auto& log : oldest_first) std::cout << log.dump() << "\n";
    std::cout.flush();
  } else if (header) {
    print_table(kColumns, oldest_first);
  } else {
    for (const auto& log : oldest_first) {
      for (std::size_t i = 0; i < kColumns.size(); ++i)
        std::cout << cell_text(log.value(kColumns[i], nlohmann::json())) << (i + 1 < kColumns.size() ? "  " : "\n");
    }
    std::cout.flush();
  }
}

}  // namespace

int run_logs(const CommonOptions& common, const LogsOptions& options) {
  if (!require_credentials(common, "logs")) return kExitUsage;
  Api api(common.connection);
  std::string filters;
  if (!options.status.empty()) filters += "&status=" + url_encode(options.status);
  if (!options.path.empty()) filters += "&path=" + url_encode(options.path);
  auto first = api.call("GET", "/v1/request_logs?limit=" + std::to_string(options.limit) + filters);
  if (!first.ok()) return report_failure("logs", first);
  OwnRequests own;
  if (const auto* id = first.http.header("request-id")) own.add(*id);
  const auto page = view_of<PageView>(first.body).data;
  std::string newest = page.empty() ? "" : view_of<IdView>(page.front()).id;
  nlohmann::json oldest_first = nlohmann::json::array();
  for (auto it = page.rbegin(); it != page.rend(); ++it) oldest_first.push_back(*it);
  print_rows(common, oldest_first, true);
  while (options.follow) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    std::string path = "/v1/request_logs?limit=100" + filters;
    if (!newest.empty()) path += "&ending_before=" + url_encode(newest);
    auto next = api.call("GET", path);
    if (!next.ok()) return report_failure("logs", next);
    if (const auto* id = next.http.header("request-id")) own.add(*id);
    const auto fresh = view_of<PageView>(next.body).data;
    if (fresh.empty()) continue;
    newest = view_of<IdView>(fresh.front()).id;
    nlohmann::json rows = nlohmann::json::array();
    for (auto it = fresh.rbegin(); it != fresh.rend(); ++it)
      if (!own.contains(view_of<IdView>(*it).id)) rows.push_back(*it);
    print_rows(common, rows, false);
  }
  return kExitOk;
}

}  // namespace s2d::cli
