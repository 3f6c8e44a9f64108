#pragma once
// Output retention (API.md "Retention"): files older than their workspace's
// retention_days are deleted from disk; their records and the generation's
// outputs stay, marked `expired: true`, and their URLs answer 410 file_expired.

#include "services/services.hpp"

#include <cstddef>
#include <cstdint>

namespace s2d {

// One sweep; returns how many files it expired. Run from a housekeeping
// thread (it does blocking I/O).
std::size_t expire_old_outputs(Services& services, std::int64_t now_ms);

}  // namespace s2d
