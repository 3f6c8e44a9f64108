#pragma once
// RocksDB behind a narrow interface: named tables (column families), atomic
// batches across tables, prefix scans. No RocksDB header leaks from here, so
// only storage/*.cpp pays for it.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::storage {

// One column family per kind of record. Keys are documented in schema.hpp.
enum class Table : int {
  meta,
  workspaces,
  api_keys,
  templates,
  template_versions,
  generations,
  generation_data,
  queue,
  idempotency,
  files,
  outbox,
  events,
  deliveries,
  webhook_endpoints,
  data_sources,
  records,
  record_index,
  request_logs,
  batches,
  batch_items,
  batch_inputs,
  batch_marks,
  batch_failed,
  active_batches,
  count_  // not a table
};

const char* table_name(Table table);

// A set of writes applied atomically (one RocksDB WriteBatch).
class Batch {
 public:
  void put(Table table, std::string key, std::string value);
  void erase(Table table, std::string key);
  void append(Batch&& other);
  bool empty() const { return ops_.empty(); }
  std::size_t size() const { return ops_.size(); }

 private:
  friend class Db;
  struct Op {
    Table table;
    bool erase;
    std::string key;
    std::string value;
  };
  std::vector<Op> ops_;
};

struct ScanOptions {
  bool reverse = false;       // newest first for time-ordered keys
  std::string start_after;    // full key; the scan starts just past it (in scan direction)
};

struct DbOptions {
  // One memory budget for the whole database: the block cache of every
  // table, with all memtables charged to it (a WriteBufferManager), so the
  // 24 tables share it instead of each keeping its own write buffers.
  std::size_t memory_mb = 256;
};

class Db {
 public:
  // Creates missing tables. nullptr and *error when the directory can't be opened
  // (for example another process holds its lock).
  static std::unique_ptr<Db> open(const std::string& directory, const DbOptions& options, std::string* error);
  static std::unique_ptr<Db> open(const std::string& directory, std::string* error);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  std::optional<std::string> get(Table table, std::string_view key) const;

  // The last background error RocksDB reported (a flush or compaction that
  // failed, e.g. on a full disk) and has not recovered from; empty when none.
  std::string background_error() const;
  // Asks RocksDB to recover from a background error (DB::Resume); true when
  // the database takes writes again.
  bool resume(std::string* error);

  // Bytes held against the memory budget: cached blocks plus memtables.
  std::size_t memory_bytes() const;
  // Bytes in the memtables of every table.
  std::size_t memtable_bytes() const;
  // The memory budget the database was opened with (DbOptions::memory_mb).
  std::size_t memory_budget_bytes() const;
  // RocksDB's estimate of the live data on disk, summed over every table.
  std::size_t live_data_bytes() const;

  // sync = true: on disk (fsync) before returning.
  bool write(const Batch& batch, bool sync, std::string* error);

  // Visits keys starting with `prefix` in key order (or reverse); stops when
  // `visit` returns false.
  void scan(Table table, std::string_view prefix, const ScanOptions& options,
            const std::function<bool(std::string_view key, std::string_view value)>& visit) const;

  // Flushes a table and rewrites its files, so overwritten values leave the disk
  // (sealing credentials an earlier version kept in plain text).
  bool compact(Table table, std::string* error);

  // Deletes every key in [begin, end) of a table (retention pruning).
  bool erase_range(Table table, const std::string& begin, const std::string& end, std::string* error);

 private:
  struct Impl;
  explicit Db(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace s2d::storage
