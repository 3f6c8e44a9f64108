#pragma once
// The generation record and its state machine.
//
//   pending -> running -> completed | failed
//   pending | running -> canceled
//   running -> pending   (a render lost to a crash or a dead worker is re-queued)
//
// Terminal states never change again. The record is what RocksDB stores
// (storage codec below); the API view with signed URLs is built elsewhere.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace s2d {

enum class GenerationStatus { pending, running, completed, failed, canceled };

const char* to_string(GenerationStatus status);
std::optional<GenerationStatus> parse_generation_status(const std::string& text);
bool is_terminal(GenerationStatus status);
bool can_transition(GenerationStatus from, GenerationStatus to);

struct OutputFile {
  std::string format;
  std::string file_id;
  std::string content_type;
  std::int64_t size_bytes = 0;
  std::string sha256;  // hex
  int pages = 0;
  bool expired = false;  // deleted by retention; metadata stays
  int record_index = -1; // one-document-per-record generations: the record (0-based) the file is made from
};

struct Generation {
  std::string id;
  std::string workspace_id;
  std::string template_id;
  int template_version = 0;
  std::string data_source_id;
  nlohmann::json filters;                                 // null when none
  std::vector<std::string> formats;                       // requested outputs
  nlohmann::json metadata = nlohmann::json::object();     // string map, echoed in events
  nlohmann::json options = nlohmann::json::object();      // locale, timezone, filename, url_ttl_seconds
  GenerationStatus status = GenerationStatus::pending;
  std::int64_t created_ms = 0, started_ms = 0, completed_ms = 0;
  std::vector<OutputFile> outputs;
  nlohmann::json error;                                   // null, or API.md's error object
  std::vector<std::string> warnings;
  std::string idempotency_key;
  int attempts = 0;                                       // render attempts started
  // Items of a batch (docs/batches.md); a generation of no batch has an empty batch_id.
  std::string batch_id;
  std::int64_t batch_index = -1;                          // 0-based place in the batch
  nlohmann::json batch_item_key;                          // the item's key, null when none
  bool batch_item_events = false;                         // the batch sends this item's generation.* events
  std::int64_t batch_record_seq = -1;                     // the `records` record it renders, -1 for none
};

// Moves `generation` to `to`, stamping started/completed times. False (and
// no change) when the state machine forbids the move.
bool transition(Generation& generation, GenerationStatus to, std::int64_t now_ms);

// Storage codec: every field, stable names; unknown fields are ignored on
// read so older binaries can read records written by newer ones.
nlohmann::json to_storage(const Generation& generation);
Generation generation_from_storage(const nlohmann::json& stored);

}  // namespace s2d
