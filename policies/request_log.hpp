#pragma once
// Request logs (GET /v1/request_logs): one entry per /v1 request, written
// by a background thread in unsynced batches so logging never sits on a
// request's critical path. Bodies are redacted and cut to 16 KiB on that
// thread. Keys: request_logs "<ws>/<req id>" (time-ordered, newest last).

#include "storage/db.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace s2d {

struct RequestLogEntry {
  std::string workspace_id;   // the authenticated workspace, or the one a refused request named
  std::string request_id;
  std::string method, path;
  int status = 0;
  std::int64_t created_ms = 0;
  std::int64_t duration_us = 0;
  std::string api_key_id;
  std::string idempotency_key;
  bool replayed = false;
  std::string error_code;
  std::string request_body;   // raw; redacted and cut by the writer
  std::string response_body;
  bool authenticated = true;  // false: logged only if the named workspace exists
};

class RequestLog {
 public:
  static constexpr std::size_t kMaxBodyBytes = 16 * 1024;
  static constexpr std::size_t kMaxQueued = 100'000;

  explicit RequestLog(storage::Db& db);
  ~RequestLog();  // writes what is queued, then stops
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  // Never blocks on storage; drops (and counts) entries when the writer is far behind.
  void record(RequestLogEntry entry);
  std::uint64_t dropped() const { return dropped_; }

 private:
  void run();

  storage::Db& db_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<RequestLogEntry> queue_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> dropped_{0};
  std::thread thread_;
};

// Deletes every log entry older than `cutoff_ms`, workspace by workspace.
void prune_request_logs(storage::Db& db, std::int64_t cutoff_ms);

}  // namespace s2d
