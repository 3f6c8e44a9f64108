#pragma once
// The free-space floor of the data directory (storage.min_free_mb). Below
// it the server takes no new work (507 insufficient_storage, /readyz 503)
// instead of letting RocksDB or an output write hit a full disk. One
// statvfs at most every second, so checking it on every request is cheap.

#include <atomic>
#include <cstdint>
#include <string>

namespace s2d::storage {

class FreeSpaceFloor {
 public:
  FreeSpaceFloor(std::string directory, std::uint64_t min_free_mb);

  // True when the filesystem of the directory has less free space than the
  // floor (or cannot be asked).
  bool below();
  std::uint64_t free_bytes();

 private:
  void refresh();
  void measure();

  std::string directory_;
  std::uint64_t min_free_bytes_;
  std::atomic<std::int64_t> checked_at_ms_{0};
  std::atomic<std::uint64_t> free_bytes_{0};
};

}  // namespace s2d::storage
