#include "slots/slot.hpp"

#include "slots/frame.hpp"
#include "slots/office_pdf.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <new>

namespace s2d::slots {
namespace {

constexpr int kJobsFd = 3;
constexpr int kResultsFd = 4;
constexpr std::size_t kMaxJobBytes = std::size_t(1) << 32;

render::Failure failure(const std::string& code, const std::string& message) {
  render::Failure f;
  f.type = "render_error";
  f.code = code;
  f.message = message;
  return f;
}

// A failed allocation inside a C library (cairo, pango, cmark) does not
// throw std::bad_alloc: it ends in abort() or a null dereference. A slot
// that gets such a signal with most of its address space in use answers
// limit_exceeded with a result encoded in advance (a signal handler may only
// write), then exits; any other fatal signal is a crash, as it would be.
struct MemoryDeath {
  std::string frame;           // header + encoded result, built before any job
  std::size_t near_bytes = 0;  // "most of the address space"
  long page_bytes = 4096;
};
MemoryDeath memory_death;
alignas(16) char signal_stack[64 * 1024];

std::size_t address_space_bytes() {
  int fd = ::open("/proc/self/statm", O_RDONLY);
  if (fd < 0) return 0;
  char text[64];
  auto n = ::read(fd, text, sizeof text);
  ::close(fd);
  std::size_t pages = 0;
  for (ssize_t i = 0; i < n && text[i] >= '0' && text[i] <= '9'; ++i) pages = pages * 10 + std::size_t(text[i] - '0');
  return pages * std::size_t(memory_death.page_bytes);
}

void on_fatal_signal(int signal_number) {
  if (memory_death.near_bytes && address_space_bytes() >= memory_death.near_bytes) {
    const char* data = memory_death.frame.data();
    std::size_t left = memory_death.frame.size();
    while (left > 0) {
      auto n = ::write(kResultsFd, data, left);
      if (n <= 0) break;
      data += n;
      left -= std::size_t(n);
    }
    ::_exit(0);
  }
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

void install_fatal_handlers() {
  stack_t stack{};
  stack.ss_sp = signal_stack;
  stack.ss_size = sizeof signal_stack;
  ::sigaltstack(&stack, nullptr);
  struct sigaction action {};
  action.sa_handler = on_fatal_signal;
  action.sa_flags = SA_ONSTACK | SA_RESETHAND;
  for (int signal_number : {SIGABRT, SIGSEGV, SIGBUS}) ::sigaction(signal_number, &action, nullptr);
}

void prepare_memory_death(std::size_t max_memory_mb) {
  render::Result result;
  result.error = failure("limit_exceeded", "The render needed more memory than render.max_memory_mb allows (" +
                                               std::to_string(max_memory_mb) + " MB).");
  result.error->context = {{"limit", kMemoryLimit}};
  auto payload = encode_result(result);
  std::string frame(8, '\0');
  for (int i = 0; i < 8; ++i) frame[std::size_t(i)] = char((std::uint64_t(payload.size()) >> (8 * i)) & 0xff);
  memory_death.frame = frame + payload;
  memory_death.near_bytes = (max_memory_mb << 20) / 10 * 6;
  memory_death.page_bytes = ::sysconf(_SC_PAGESIZE);
  install_fatal_handlers();
}

// LibreOffice installs fatal-signal handlers of its own when it starts; a
// slot with a memory limit puts its own back so a failed allocation inside
// LibreOffice is still limit_exceeded.
void restore_fatal_handlers() {
  if (memory_death.near_bytes) install_fatal_handlers();
}

void crash_if_switched_on(const Job& job) {
  const char* marker = std::getenv(kCrashSwitch);
  if (marker && *marker && job.data_json.find(marker) != std::string::npos) ::raise(SIGSEGV);
}

}  // namespace

render::Result render_job(const Job& job, render::OfficePdfConverter* office_pdf) {
  render::Result result;
  try {
    render::Request input;
    input.template_kind = job.template_kind;
    input.source = job.source;
    input.formats = job.formats;
    input.locale = job.locale;
    if (!job.default_locale.empty()) input.default_locale = job.default_locale;
    input.timezone = job.timezone.empty() ? "UTC" : job.timezone;
    input.deterministic = job.deterministic;
    if (job.max_output_bytes) input.limits.max_output_bytes = job.max_output_bytes;
    if (job.max_iterations) input.limits.max_iterations = job.max_iterations;
    if (job.max_depth) input.limits.max_depth = job.max_depth;
    input.assets = job.assets;
    input.office_pdf = office_pdf;
    auto data = nlohmann::json::parse(job.data_json, nullptr, false);
    if (data.is_discarded()) {
      result.error = failure("render_failed", "The data is not valid JSON.");
      return result;
    }
    input.data = std::move(data);
    result = render::render(input);
  } catch (const std::bad_alloc&) {
    result = {};
    result.error = failure("limit_exceeded", "The render needed more memory than render.max_memory_mb allows.");
    result.error->context = {{"limit", kMemoryLimit}};
  } catch (const std::exception& e) {
    result = {};
    result.error = failure("render_failed", std::string("The renderer failed: ") + e.what());
  }
  return result;
}

int run_slot(const SlotOptions& options) {
  // Die with the node, even when it is killed: no orphan keeps rendering.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (options.parent > 0 && ::getppid() != options.parent) return 1;
  if (options.max_memory_mb > 0) {
    rlimit limit{};
    limit.rlim_cur = limit.rlim_max = rlim_t(options.max_memory_mb) << 20;
    if (::setrlimit(RLIMIT_AS, &limit) != 0) {
      std::cerr << "s2d render-slot: cannot limit the address space to " << options.max_memory_mb << " MB\n";
      return 1;
    }
    prepare_memory_death(options.max_memory_mb);
  }
  OfficePdf office_pdf(restore_fatal_handlers);
  std::string payload;
  while (true) {
    auto status = read_frame(kJobsFd, kMaxJobBytes, &payload);
    if (status == FrameStatus::closed) return 0;
    if (status != FrameStatus::ok) return 1;
    std::string error;
    auto job = decode_job(payload, &error);
    payload = {};
    render::Result result;
    if (!job) {
      std::cerr << "s2d render-slot: " << error << "\n";
      result.error = failure("render_failed", "The render slot could not read its job: " + error);
    } else {
      crash_if_switched_on(*job);
      result = render_job(*job, &office_pdf);
    }
    job.reset();
    std::string encoded;
    try {
      encoded = encode_result(result);
    } catch (const std::bad_alloc&) {
      render::Result too_big;
      too_big.error = failure("limit_exceeded", "The rendered output needed more memory than render.max_memory_mb allows.");
      too_big.error->context = {{"limit", kMemoryLimit}};
      encoded = encode_result(too_big);
    }
    result = {};
    if (!write_frame(kResultsFd, encoded)) return 1;
  }
}

}  // namespace s2d::slots
