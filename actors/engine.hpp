#pragma once
// The engine: storage, the actor system and its actors behind a narrow,
// CAF-free interface for the HTTP front end and the command line.

#include "core/api_call.hpp"
#include "core/api_key.hpp"
#include "core/settings.hpp"
#include "policies/key_registry.hpp"
#include "policies/request_log.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace s2d {

class Metrics;

struct FileDownload {
  std::optional<ApiError> error;
  std::string workspace_id;
  std::string path;
  std::string content_type;
  std::string sha256;
  std::string filename;
  std::int64_t size_bytes = 0;
};

class Engine {
 public:
  explicit Engine(Settings settings);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Opens storage, creates the first workspace and key on an empty data dir,
  // starts the actors and resumes unfinished generations.
  bool start(std::string* error);
  // Stops the actors (unfinished work stays queued on disk) and closes storage.
  void stop();

  // Set only on the start that created them; never again.
  const std::optional<BootstrapCredentials>& first_start_credentials() const;

  AuthResult authenticate(std::string_view authorization, std::string_view workspace_id);

  // Hands an authenticated call to its workspace actor; `call.respond` runs exactly once.
  void handle(ApiCall call);

  // Checks a signed file URL and finds the file.
  FileDownload open_file(const std::string& file_id, const std::string& expires, const std::string& signature);

  // Queues an entry for the request log (never blocks on storage).
  void log_request(RequestLogEntry entry);

  bool ready() const;
  std::string metrics() const;  // Prometheus text format
  // Where the HTTP front counts requests; lives as long as the engine.
  Metrics& request_metrics();
  const Settings& settings() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s2d
