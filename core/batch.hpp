#pragma once
// The batch record (docs/batches.md): what POST /v1/batches asked for, how
// far its expansion into generations and the hand-over of those to
// rendering have come (both durable cursors), and the counts of items in
// each state. The batch's driver (actors/batch_actor.cpp) is its only
// writer once it is created, so its counts are exact without scanning items.
//
//   pending  -> running (the first item handed to rendering)
//   running  -> completed (expansion done and every item terminal)
//   pending | running -> canceled (items not handed over are canceled; the rest finish)
//   completed -> running (retry of its failed items)

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace s2d {

// One failed item, shown in the batch's failed_items sample.
struct BatchFailedItem {
  std::int64_t batch_index = 0;
  nlohmann::json batch_item_key;  // null when none
  std::string generation_id;
  nlohmann::json error;
};
void to_json(nlohmann::json& stored, const BatchFailedItem& item);
void from_json(const nlohmann::json& stored, BatchFailedItem& item);

// The finished batch's ZIP of every output.
struct BatchBundleFile {
  std::string file_id;
  std::string sha256;
  std::int64_t size_bytes = 0;
  std::int64_t created_ms = 0;
};
void to_json(nlohmann::json& stored, const BatchBundleFile& file);
void from_json(const nlohmann::json& stored, BatchBundleFile& file);

struct BatchCounts {
  std::int64_t total = 0;      // items made by the expansion so far (all of them once it is done)
  std::int64_t handed = 0;     // items handed to rendering (in the resume queue, or terminal)
  std::int64_t completed = 0;
  std::int64_t failed = 0;
  std::int64_t canceled = 0;

  std::int64_t terminal() const { return completed + failed + canceled; }
  std::int64_t running() const;  // handed over and not terminal
  std::int64_t pending() const;  // not handed over yet
};

constexpr std::size_t kBatchFailedSample = 10;

struct BatchRecord {
  std::string id;
  std::string workspace_id;
  std::string template_id;
  int template_version = 0;
  std::vector<std::string> formats;
  nlohmann::json options = nlohmann::json::object();
  nlohmann::json metadata = nlohmann::json::object();
  bool bundle_zip = false;
  bool item_events = false;
  std::string data_source_id;       // empty when none
  nlohmann::json filters;           // data-source form: null when none
  bool from_items = true;           // items form (stored inputs) or data-source form (one item per record)
  std::string status = "pending";
  std::int64_t created_ms = 0, started_ms = 0, completed_ms = 0;
  std::string idempotency_key;

  // Expansion: the last key read (a stored input, or a record of the
  // source); empty before the first chunk.
  std::string expansion_cursor;
  bool expanded = false;
  // Hand-over: the last batch_items key whose generation was queued for rendering.
  std::string handover_cursor;
  bool retry_requested = false;     // failed items wait to be made again

  BatchCounts counts;
  std::vector<BatchFailedItem> failed_items;  // at most kBatchFailedSample
  std::optional<BatchBundleFile> bundle_file;
};
void to_json(nlohmann::json& stored, const BatchRecord& record);
void from_json(const nlohmann::json& stored, BatchRecord& record);

// Most items one POST /v1/batches may list; larger batches come from a data source.
constexpr std::size_t kBatchMaxListedItems = 10'000;

// Checks the `items` of a batch request: an array of 1..kBatchMaxListedItems
// objects, each with exactly one of `data` (an object) or `filters` (an
// object of scalars, needing `has_source`), an optional `key` (1-200
// characters, unique in the batch) and `metadata` (string values).
// Returns the first problem as (param, message), param like "items[3].key".
std::optional<std::pair<std::string, std::string>> check_batch_items(const nlohmann::json& items, bool has_source);

// Every item made and terminal: the batch is finished (completed, or canceled with nothing left running).
bool batch_items_finished(const BatchRecord& record);

}  // namespace s2d
