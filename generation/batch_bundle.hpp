#pragma once
// The ZIP of a completed batch (docs/batches.md, "Bundle"): every output of
// every completed item, named "<batch_item_key or batch_index>.<ext>",
// streamed from the output files into the file store (ZIP64 when it needs
// it), fsynced and renamed into place before its record is written.
// Blocking: runs on the I/O pool.

#include "core/batch.hpp"
#include "core/generation.hpp"
#include "core/records.hpp"
#include "services/services.hpp"

#include <string>

namespace s2d {

struct BatchBundle {
  bool ok = false;
  std::string error;
  BatchBundleFile file;
  FileRecord record;  // for the files table, so signed URLs and retention treat it like any output
};

BatchBundle write_batch_bundle(const Services& services, const BatchRecord& batch, std::int64_t now_ms);

// The entry name of one output: key (or index), "-<n>" for a per-record document, the extension.
std::string bundle_entry_name(const Generation& item, const OutputFile& output);

}  // namespace s2d
