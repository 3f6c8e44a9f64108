#pragma once
// The parent's side of one render slot process: the same executable started
// with posix_spawn + exec as the hidden `render-slot` subcommand (never a
// fork of the multithreaded server), two pipes (jobs in, results out), and
// SIGKILL + waitpid to end it. Every process started here is reaped.

#include "slots/codec.hpp"

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace s2d::slots {

struct Launch {
  std::string executable = "/proc/self/exe";  // this binary, even if replaced on disk since
  std::size_t max_memory_mb = 0;              // the slot's RLIMIT_AS; 0: none
  std::size_t max_result_bytes = std::size_t(1) << 32;
};

// How a slot process ended.
struct Exit {
  bool signaled = false;
  int signal = 0;
  int code = 0;
  std::string describe() const;
};

class Process {
 public:
  static std::unique_ptr<Process> spawn(const Launch& launch, std::string* error);
  ~Process();  // kills and reaps the process if it still runs
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Sends the job and waits for its result. Empty: the slot died or broke
  // the protocol (`error` says which); reap() it.
  std::optional<render::Result> run(const Job& job, std::string* error);

  // SIGKILL, from any thread; does nothing once the process is reaped, so
  // it never hits a reused pid.
  void kill();
  // Waits for the process to end and reaps it. Call once.
  Exit reap();

  pid_t pid() const { return pid_; }

 private:
  Process() = default;
  pid_t pid_ = -1;
  int jobs_fd_ = -1;     // write end: jobs to the slot
  int results_fd_ = -1;  // read end: results from the slot
  std::size_t max_result_bytes_ = 0;
  std::mutex mutex_;
  bool reaped_ = false;
};

}  // namespace s2d::slots
