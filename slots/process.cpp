#include "slots/process.hpp"

#include "slots/frame.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

extern char** environ;

namespace s2d::slots {
namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// A slot that dies while we write its job must not kill the server.
void ignore_sigpipe() {
  static std::once_flag once;
  std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

}  // namespace

std::string Exit::describe() const {
  if (signaled) return std::string("killed by signal ") + std::to_string(signal) + " (" + strsignal(signal) + ")";
  return "exited with code " + std::to_string(code);
}

std::unique_ptr<Process> Process::spawn(const Launch& launch, std::string* error) {
  ignore_sigpipe();
  int jobs[2], results[2];
  if (::pipe2(jobs, O_CLOEXEC) != 0) {
    *error = std::string("pipe: ") + std::strerror(errno);
    return nullptr;
  }
  if (::pipe2(results, O_CLOEXEC) != 0) {
    *error = std::string("pipe: ") + std::strerror(errno);
    ::close(jobs[0]);
    ::close(jobs[1]);
    return nullptr;
  }
  // The slot reads jobs on fd 3 and writes results on fd 4; its stdout goes
  // to stderr so a library printing to stdout can't corrupt the protocol.
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_adddup2(&files, jobs[0], 3);
  posix_spawn_file_actions_adddup2(&files, results[1], 4);
  posix_spawn_file_actions_adddup2(&files, 2, 1);
  posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);

  // The server blocks SIGTERM/SIGINT in every thread and ignores SIGPIPE:
  // the slot starts with nothing blocked and default handlers, in its own
  // process group (a terminal's Ctrl-C is for the server, which then stops
  // its slots in order).
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigfillset(&defaults);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  const std::string parent = std::to_string(::getpid());
  const std::string memory = std::to_string(launch.max_memory_mb);
  std::vector<std::string> args = {"s2d", "render-slot", "--parent", parent, "--max-memory-mb", memory};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, launch.executable.c_str(), &files, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attributes);
  ::close(jobs[0]);
  ::close(results[1]);
  if (rc != 0) {
    *error = "cannot start a render slot (" + launch.executable + "): " + std::strerror(rc);
    ::close(jobs[1]);
    ::close(results[0]);
    return nullptr;
  }
  std::unique_ptr<Process> process(new Process());
  process->pid_ = pid;
  process->jobs_fd_ = jobs[1];
  process->results_fd_ = results[0];
  process->max_result_bytes_ = launch.max_result_bytes;
  return process;
}

Process::~Process() {
  close_fd(jobs_fd_);
  close_fd(results_fd_);
  bool reaped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    reaped = reaped_;
  }
  if (!reaped) {
    kill();
    reap();
  }
}

std::optional<render::Result> Process::run(const Job& job, std::string* error) {
  if (!write_frame(jobs_fd_, encode_job(job))) {
    *error = "the slot stopped reading";
    return std::nullopt;
  }
  std::string payload;
  switch (read_frame(results_fd_, max_result_bytes_, &payload)) {
    case FrameStatus::ok:
      break;
    case FrameStatus::too_large:
      *error = "the slot's result is larger than " + std::to_string(max_result_bytes_) + " bytes";
      return std::nullopt;
    default:
      *error = "the slot ended without a result";
      return std::nullopt;
  }
  auto result = decode_result(payload, error);
  return result;
}

void Process::kill() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!reaped_ && pid_ > 0) ::kill(pid_, SIGKILL);
}

Exit Process::reap() {
  close_fd(jobs_fd_);  // a slot still waiting for a job sees end of file and exits
  Exit exit;
  // Wait without reaping first: until the flag is set under the lock, kill()
  // may still signal this pid, which stays ours while it is a zombie.
  siginfo_t info{};
  while (::waitid(P_PID, id_t(pid_), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    reaped_ = true;
  }
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  close_fd(results_fd_);
  exit.signaled = WIFSIGNALED(status);
  exit.signal = exit.signaled ? WTERMSIG(status) : 0;
  exit.code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
  return exit;
}

}  // namespace s2d::slots
