#include "storage/db.hpp"

#include <algorithm>
#include <mutex>

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/listener.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>

namespace s2d::storage {
namespace {

constexpr const char* kTableNames[] = {
    "meta",       "workspaces",  "api_keys",         "templates",         "template_versions",
    "generations", "generation_data", "queue",       "idempotency",       "files",
    "outbox",     "events",      "deliveries",       "webhook_endpoints", "data_sources",
    "records",    "record_index", "request_logs",
    "batches",    "batch_items",  "batch_inputs", "batch_marks",   "batch_failed", "active_batches",
};
static_assert(sizeof(kTableNames) / sizeof(kTableNames[0]) == std::size_t(Table::count_));

rocksdb::Slice slice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
std::string_view view(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

bool has_prefix(const rocksdb::Slice& key, std::string_view prefix) {
  return key.size() >= prefix.size() && std::string_view(key.data(), prefix.size()) == prefix;
}

// The smallest key greater than every key starting with `prefix` (empty: none).
std::string prefix_end(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(end.back());
    if (last != 0xff) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return end;
}

// Keeps the background error RocksDB reports, until it recovers (on its
// own, or through Db::resume) from it.
class BackgroundErrors final : public rocksdb::EventListener {
 public:
  void OnBackgroundError(rocksdb::BackgroundErrorReason, rocksdb::Status* error) override {
    std::lock_guard<std::mutex> lock(mutex_);
    last_ = error->ToString();
  }
  void OnErrorRecoveryEnd(const rocksdb::BackgroundErrorRecoveryInfo& info) override {
    if (info.new_bg_error.ok()) clear();
  }
  std::string last() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_;
  }
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    last_.clear();
  }

 private:
  mutable std::mutex mutex_;
  std::string last_;
};

}  // namespace

const char* table_name(Table table) { return kTableNames[int(table)]; }

void Batch::put(Table table, std::string key, std::string value) {
  ops_.push_back({table, false, std::move(key), std::move(value)});
}

void Batch::erase(Table table, std::string key) {
  ops_.push_back({table, true, std::move(key), {}});
}

void Batch::append(Batch&& other) {
  ops_.reserve(ops_.size() + other.ops_.size());
  for (auto& op : other.ops_) ops_.push_back(std::move(op));
  other.ops_.clear();
}

struct Db::Impl {
  std::shared_ptr<rocksdb::Cache> cache;
  std::shared_ptr<BackgroundErrors> errors = std::make_shared<BackgroundErrors>();
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> tables;

  ~Impl() {
    for (auto* handle : tables) db->DestroyColumnFamilyHandle(handle);
    if (db) db->Close();
  }
};

Db::Db(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Db::~Db() = default;

std::unique_ptr<Db> Db::open(const std::string& directory, std::string* error) {
  return open(directory, DbOptions{}, error);
}

std::unique_ptr<Db> Db::open(const std::string& directory, const DbOptions& db_options, std::string* error) {
  const std::size_t budget = std::max<std::size_t>(db_options.memory_mb, 8) << 20;
  auto cache = rocksdb::NewLRUCache(budget);
  rocksdb::Options options;
  // Memtables of all tables together are charged to the cache, so blocks
  // and write buffers share one limit; past a quarter of the budget the
  // largest memtable is flushed. (Stalling writes at the limit deadlocked
  // against the cache charge in RocksDB 7.8, so flushes alone bound it.)
  options.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(budget / 4, cache);
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.IncreaseParallelism(2);
  options.max_background_jobs = 2;
  // Accepted work is synced in batches (storage::Committer); the WAL is the
  // durability point, so concurrent synced writers share one fsync.
  options.enable_pipelined_write = true;

  rocksdb::ColumnFamilyOptions table_options(options);
  table_options.write_buffer_size = std::min<std::size_t>(budget / 16, 16u << 20);
  rocksdb::BlockBasedTableOptions block;
  block.block_cache = cache;
  block.cache_index_and_filter_blocks = true;
  block.pin_l0_filter_and_index_blocks_in_cache = true;
  block.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(block));

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, table_options);
  for (const char* name : kTableNames) descriptors.emplace_back(name, table_options);

  auto impl = std::make_unique<Impl>();
  impl->cache = cache;
  options.listeners.push_back(impl->errors);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  auto status = rocksdb::DB::Open(rocksdb::DBOptions(options), directory, descriptors, &handles, &raw);
  if (!status.ok()) {
    if (error) *error = status.ToString();
    return nullptr;
  }
  impl->db.reset(raw);
  raw->DestroyColumnFamilyHandle(handles.front());  // the default family is unused
  impl->tables.assign(handles.begin() + 1, handles.end());
  return std::unique_ptr<Db>(new Db(std::move(impl)));
}

std::optional<std::string> Db::get(Table table, std::string_view key) const {
  std::string value;
  auto status = impl_->db->Get(rocksdb::ReadOptions(), impl_->tables[int(table)], slice(key), &value);
  if (!status.ok()) return std::nullopt;
  return value;
}

std::string Db::background_error() const { return impl_->errors->last(); }

bool Db::resume(std::string* error) {
  auto status = impl_->db->Resume();
  if (status.ok()) impl_->errors->clear();
  else if (error) *error = status.ToString();
  return status.ok();
}

std::size_t Db::memory_bytes() const { return impl_->cache->GetUsage(); }

std::size_t Db::memtable_bytes() const {
  std::uint64_t total = 0;
  for (auto* handle : impl_->tables) {
    std::uint64_t bytes = 0;
    if (impl_->db->GetIntProperty(handle, rocksdb::DB::Properties::kCurSizeAllMemTables, &bytes)) total += bytes;
  }
  return std::size_t(total);
}

std::size_t Db::memory_budget_bytes() const { return impl_->cache->GetCapacity(); }

std::size_t Db::live_data_bytes() const {
  std::uint64_t total = 0;
  for (auto* handle : impl_->tables) {
    std::uint64_t bytes = 0;
    if (impl_->db->GetIntProperty(handle, rocksdb::DB::Properties::kEstimateLiveDataSize, &bytes)) total += bytes;
  }
  return std::size_t(total);
}

bool Db::write(const Batch& batch, bool sync, std::string* error) {
  rocksdb::WriteBatch write_batch;
  for (const auto& op : batch.ops_) {
    auto* handle = impl_->tables[int(op.table)];
    auto status = op.erase ? write_batch.Delete(handle, slice(op.key))
                           : write_batch.Put(handle, slice(op.key), slice(op.value));
    if (!status.ok()) {
      if (error) *error = status.ToString();
      return false;
    }
  }
  rocksdb::WriteOptions options;
  options.sync = sync;
  auto status = impl_->db->Write(options, &write_batch);
  if (!status.ok() && error) *error = status.ToString();
  return status.ok();
}

void Db::scan(Table table, std::string_view prefix, const ScanOptions& options,
              const std::function<bool(std::string_view, std::string_view)>& visit) const {
  rocksdb::ReadOptions read_options;
  std::string upper = prefix_end(prefix);
  rocksdb::Slice upper_slice(upper);
  if (!options.reverse && !upper.empty()) read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(read_options, impl_->tables[int(table)]));

  if (!options.reverse) {
    if (options.start_after.empty()) {
      it->Seek(slice(prefix));
    } else {
      it->Seek(options.start_after);
      if (it->Valid() && view(it->key()) == options.start_after) it->Next();
    }
    for (; it->Valid() && has_prefix(it->key(), prefix); it->Next())
      if (!visit(view(it->key()), view(it->value()))) return;
    return;
  }

  if (!options.start_after.empty()) {
    it->SeekForPrev(options.start_after);
    if (it->Valid() && view(it->key()) == options.start_after) it->Prev();
  } else if (upper.empty()) {
    it->SeekToLast();
  } else {
    it->SeekForPrev(upper);
    if (it->Valid() && view(it->key()) == upper) it->Prev();
  }
  for (; it->Valid() && has_prefix(it->key(), prefix); it->Prev())
    if (!visit(view(it->key()), view(it->value()))) return;
}

bool Db::erase_range(Table table, const std::string& begin, const std::string& end,
                     std::string* error) {
  auto status = impl_->db->DeleteRange(rocksdb::WriteOptions(), impl_->tables[int(table)], begin, end);
  if (!status.ok() && error) *error = status.ToString();
  return status.ok();
}

bool Db::compact(Table table, std::string* error) {
  auto* family = impl_->tables[int(table)];
  auto status = impl_->db->Flush(rocksdb::FlushOptions(), family);
  if (status.ok()) {
    rocksdb::CompactRangeOptions options;
    options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    status = impl_->db->CompactRange(options, family, nullptr, nullptr);
  }
  if (!status.ok() && error) *error = status.ToString();
  return status.ok();
}

}  // namespace s2d::storage
