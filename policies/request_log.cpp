#include "policies/request_log.hpp"

#include "core/api_call.hpp"
#include "core/ids.hpp"
#include "core/redact.hpp"
#include "storage/schema.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace s2d {
namespace {

nlohmann::json to_storage(const RequestLogEntry& e) {
  auto or_null = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  return {{"id", e.request_id},
          {"created_ms", e.created_ms},
          {"method", e.method},
          {"path", e.path},
          {"status", e.status},
          {"duration_ms", double(e.duration_us) / 1000.0},
          {"api_key_id", or_null(e.api_key_id)},
          {"idempotency_key", or_null(e.idempotency_key)},
          {"replayed", e.replayed},
          {"error_code", or_null(e.error_code)},
          {"request_body", or_null(redact_body(e.request_body, RequestLog::kMaxBodyBytes))},
          {"response_body", or_null(redact_body(e.response_body, RequestLog::kMaxBodyBytes))}};
}

}  // namespace

RequestLog::RequestLog(storage::Db& db) : db_(db), thread_([this] { run(); }) {}

RequestLog::~RequestLog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void RequestLog::record(RequestLogEntry entry) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.size() >= kMaxQueued) {
      ++dropped_;
      return;
    }
    queue_.push_back(std::move(entry));
  }
  wake_.notify_one();
}

void RequestLog::run() {
  for (;;) {
    std::deque<RequestLogEntry> taken;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      taken.swap(queue_);
    }
    storage::Batch batch;
    for (const auto& entry : taken) {
      if (entry.workspace_id.empty()) continue;
      if (!entry.authenticated && entry.workspace_id != kOperatorScope &&
          !db_.get(storage::Table::workspaces, entry.workspace_id))
        continue;  // a refused request naming no real workspace has nobody to show it to
      try {
        storage::put_json(batch, storage::Table::request_logs,
                          storage::keys::scoped(entry.workspace_id, entry.request_id), to_storage(entry));
      } catch (const std::exception& e) {  // a log entry must never take the server down
        spdlog::error("request log entry {} dropped: {}", entry.request_id, e.what());
      }
    }
    if (!batch.empty()) db_.write(batch, /*sync=*/false, nullptr);
  }
}

void prune_request_logs(storage::Db& db, std::int64_t cutoff_ms) {
  std::vector<std::string> scopes = {kOperatorScope};
  db.scan(storage::Table::workspaces, "", {}, [&](std::string_view key, std::string_view) {
    scopes.emplace_back(key);
    return true;
  });
  for (const auto& ws : scopes)
    db.erase_range(storage::Table::request_logs, storage::keys::workspace_prefix(ws),
                   storage::keys::scoped(ws, ids::lowest_at("req", cutoff_ms)), nullptr);
}

}  // namespace s2d
