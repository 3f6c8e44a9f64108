#pragma once
// The slot's side: the hidden `s2d render-slot` subcommand. It limits its
// own address space first, then renders one job at a time from fd 3 and
// answers on fd 4 until the node closes the pipe (or dies: the slot dies
// with it).

#include "slots/codec.hpp"

#include <sys/types.h>

#include <cstddef>

namespace s2d::slots {

struct SlotOptions {
  pid_t parent = 0;               // the node that started it
  std::size_t max_memory_mb = 0;  // RLIMIT_AS; 0: none
};

// Returns the process exit code.
int run_slot(const SlotOptions& options);

// Renders one job in this process; an Office template's pdf goes through
// `office_pdf` (the slot's warm LibreOffice). An allocation that fails under
// the memory limit is the limit_exceeded failure, not a crash.
render::Result render_job(const Job& job, render::OfficePdfConverter* office_pdf = nullptr);

// render_job's failure context {"limit": "memory"}: an allocation failed.
inline constexpr const char* kMemoryLimit = "memory";

// The test-only fault switch: a slot whose environment has
// S2D_TEST_SLOT_CRASH_ON set dies of SIGSEGV on a job whose data contains
// that text (read only here, in the slot).
inline constexpr const char* kCrashSwitch = "S2D_TEST_SLOT_CRASH_ON";

}  // namespace s2d::slots
