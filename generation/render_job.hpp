#pragma once
// generation/: the blocking steps of a generation: data resolution, template versions, render input, outputs.
//
// The blocking steps of a generation, run on the I/O pool: gathering what a
// render needs, and writing the rendered files durably. No CAF here.

#include "core/generation.hpp"
#include "renderers/render.hpp"
#include "services/services.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace s2d {

// API.md's error object of a failed generation.
nlohmann::json generation_error(const std::string& type, const std::string& code, const std::string& message);
nlohmann::json failure_json(const render::Failure& failure);

struct RenderInput {
  std::string template_kind;
  std::string source;
  std::vector<render::Asset> assets;
  std::vector<std::string> documents;  // the data (JSON text) of each document to render
  bool per_record = false;             // one document per record: documents[i] is record i
  std::size_t wrapped_records = 0;     // several records matched and went in as {"records": [...]}
  std::string locale;          // the generation's options.locale, or empty
  std::string default_locale;  // the workspace default, else en-US
  std::string timezone;
  nlohmann::json error;  // set when the input can't be gathered (API.md error object)
};

// A missing field in a document made of several records is most likely
// a template written for one: the error says how many records matched and
// what the template received instead.
void explain_missing_field(nlohmann::json& error, const RenderInput& input);

// Template version and its assets + the documents' data (inline, or the
// records of the data source; docs/data-sources.md "Generations") + locale
// defaults. Blocks on the data source: run it on the I/O pool.
RenderInput gather_render_input(const Services& services, const Generation& generation,
                                const nlohmann::json& workspace_record);

struct RenderedFile {
  std::string format, content_type, bytes;
  int pages = 0;
  int record_index = -1;  // per-record documents: the record the file is made from
};

// Writes each file under a new file id (fsynced), and returns the records
// to persist; `error` is set when a write failed.
std::vector<OutputFile> store_outputs(const Services& services, const Generation& generation,
                                      const std::vector<RenderedFile>& files, std::string* error);

// The batch that makes a generation terminal: its record, its file records,
// the removal from the resume queue, and its webhook event with one outbox
// entry per subscribed endpoint (their keys go to *outbox_keys: tell the
// dispatcher once the batch is durable). A batch item instead leaves its
// mark for the batch's counts, and has an event only when the batch asks
// for item events.
storage::Batch terminal_batch(const Services& services, const Generation& generation,
                              std::vector<std::string>* outbox_keys);

// The name a download gets: options.filename, else "<generation id>"; a
// per-record document adds "-<record number>" (from 1).
std::string download_filename(const Generation& generation, const OutputFile& file);

}  // namespace s2d
