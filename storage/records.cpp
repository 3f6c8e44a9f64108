#include "storage/records.hpp"

#include "storage/schema.hpp"

#include "core/json_text.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace s2d::storage::records {
namespace {

// null gets a text no string can equal, so a null filter matches only null.
constexpr const char* kNullText = "\x01null";

std::uint64_t seq_of(std::string_view key) {
  auto slash = key.rfind('/');
  std::uint64_t seq = 0;
  std::from_chars(key.data() + slash + 1, key.data() + key.size(), seq);
  return seq;
}

// The sequence numbers of one filter's index entries, ascending.
std::vector<std::uint64_t> posting_list(const Db& db, const std::string& prefix, std::size_t* entries_read) {
  std::vector<std::uint64_t> seqs;
  db.scan(Table::record_index, prefix, {}, [&](std::string_view key, std::string_view) {
    seqs.push_back(seq_of(key));
    return true;
  });
  *entries_read += seqs.size();
  return seqs;
}


Found scan_all(const Db& db, const std::string& prefix, std::size_t max_records) {
  Found found;
  db.scan(Table::records, prefix, {}, [&](std::string_view, std::string_view value) {
    ++found.records_read;
    if (found.records.size() == max_records) {
      found.over_limit = true;
      return false;
    }
    // Stored records passed the depth bound when they were appended; one
    // that does not (the bound was lowered since) is left out rather than
    // handed to recursive code.
    nlohmann::json record;
    if (!parse_stored_json(value, &record)) found.records.push_back(std::move(record));
    return true;
  });
  return found;
}

}  // namespace

bool matches(const nlohmann::json& record, const nlohmann::json& filters) {
  for (const auto& [field, wanted] : filters.items()) {
    auto found = record.find(field);
    std::string have, want;
    if (found == record.end() || !comparable_text(*found, &have) || !comparable_text(wanted, &want) || have != want)
      return false;
  }
  return true;
}

bool comparable_text(const nlohmann::json& value, std::string* text) {
  switch (value.type()) {
    case nlohmann::json::value_t::string:
      *text = value.get<std::string>();
      return true;
    case nlohmann::json::value_t::null:
      *text = kNullText;
      return true;
    case nlohmann::json::value_t::boolean:
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      *text = value.dump();
      return true;
    default:
      return false;
  }
}

void append(Batch& batch, const std::string& workspace_id, const std::string& source_id, std::uint64_t first_seq,
            const nlohmann::json& records) {
  std::uint64_t seq = first_seq;
  for (const auto& record : records) {
    std::string record_key = keys::record(workspace_id, source_id, seq);
    const std::string seq_digits = record_key.substr(record_key.rfind('/') + 1);
    for (const auto& [field, value] : record.items()) {
      std::string text;
      if (comparable_text(value, &text))
        batch.put(Table::record_index, keys::record_index_prefix(workspace_id, source_id, field, text) + seq_digits,
                  "");
    }
    batch.put(Table::records, std::move(record_key), record.dump());
    ++seq;
  }
}

Found find(const Db& db, const std::string& workspace_id, const std::string& source_id,
           const nlohmann::json& filters, std::size_t max_records) {
  if (!filters.is_object() || filters.empty())
    return scan_all(db, keys::records_prefix(workspace_id, source_id), max_records);

  Found found;
  std::vector<std::uint64_t> candidates;
  bool first = true;
  for (const auto& [field, value] : filters.items()) {
    std::string text;
    if (!comparable_text(value, &text)) return found;  // arrays and objects match nothing
    auto seqs = posting_list(db, keys::record_index_prefix(workspace_id, source_id, field, text),
                             &found.index_entries_read);
    if (first) {
      candidates = std::move(seqs);
      first = false;
    } else {
      std::vector<std::uint64_t> both;
      std::set_intersection(candidates.begin(), candidates.end(), seqs.begin(), seqs.end(),
                            std::back_inserter(both));
      candidates = std::move(both);
    }
    if (candidates.empty()) return found;
  }
  for (auto seq : candidates) {
    auto stored = db.get(Table::records, keys::record(workspace_id, source_id, seq));
    if (!stored) continue;
    ++found.records_read;
    nlohmann::json record;
    if (parse_stored_json(*stored, &record) || !matches(record, filters)) continue;
    if (found.records.size() == max_records) {
      found.over_limit = true;
      return found;
    }
    found.records.push_back(std::move(record));
  }
  return found;
}

bool erase_source(Db& db, const std::string& workspace_id, const std::string& source_id, std::string* error) {
  const std::string begin = keys::records_prefix(workspace_id, source_id);
  std::string end = begin;
  end.back() = '/' + 1;  // just past every key of the prefix
  return db.erase_range(Table::records, begin, end, error) && db.erase_range(Table::record_index, begin, end, error);
}

}  // namespace s2d::storage::records
