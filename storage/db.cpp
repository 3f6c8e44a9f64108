#include "storage/db.hpp"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/write_batch.h>

namespace s2d::storage {
namespace {

constexpr const char* kTableNames[] = {
    "meta",       "workspaces",  "api_keys",         "templates",         "template_versions",
    "generations", "generation_data", "queue",       "idempotency",       "files",
    "outbox",     "events",      "deliveries",       "webhook_endpoints", "data_sources",
    "records",    "record_index", "request_logs",
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
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.IncreaseParallelism(2);
  options.max_background_jobs = 2;
  // Accepted work is synced in batches (storage::Committer); the WAL is the
  // durability point, so concurrent synced writers share one fsync.
  options.enable_pipelined_write = true;

  rocksdb::ColumnFamilyOptions table_options(options);
  rocksdb::BlockBasedTableOptions block;
  block.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(block));

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, table_options);
  for (const char* name : kTableNames) descriptors.emplace_back(name, table_options);

  auto impl = std::make_unique<Impl>();
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

}  // namespace s2d::storage
