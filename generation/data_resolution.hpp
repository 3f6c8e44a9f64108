#pragma once
// Where a generation's data comes from and how it becomes documents
// (docs/data-sources.md, "Generations"):
//
//   one record        -> one document, the record is the template's data
//   several records   -> one document with {"records": [...]}, or, when the
//                        template's front matter says `documents: per_record`,
//                        one document per record
//   no record         -> the generation fails with no_records_matched
//
// An inline `data` array follows the same rules; an inline object is one
// document. No CAF here; fetching blocks, so it runs on the I/O pool.

#include "core/records.hpp"
#include "services/services.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace s2d {

struct SourceRecords {
  nlohmann::json records = nlohmann::json::array();
  nlohmann::json error;  // null, or the error object (type data_source_error)
};

// The records of a stored data source that match `filters`, with the
// source's field_map applied and then `template_field_map` (a template's
// wiring to its default source; null for none). `records` sources are read
// from s2d's storage, the other kinds through their connector; either way
// at most Environment::max_concurrent_per_source run at once per source.
// `record_seq` >= 0 (a batch item of a `records` source) reads that one
// record instead of filtering.
SourceRecords fetch_source_records(const Services& services, const DataSourceRecord& source,
                                   const nlohmann::json& filters, const nlohmann::json& template_field_map,
                                   std::int64_t record_seq = -1);

// The first matching record (null when none), for POST /v1/data_sources/{id}/test.
SourceRecords sample_source_record(const Services& services, const DataSourceRecord& source,
                                   const nlohmann::json& filters);

struct DocumentsData {
  std::vector<nlohmann::json> documents;  // the data of each document
  bool per_record = false;                // documents[i] is record i
  // Several records in one document, as {"records": [...]}: how many.
  std::size_t wrapped_records = 0;
  nlohmann::json error;
};

DocumentsData documents_from_records(nlohmann::json records, bool per_record);
DocumentsData documents_from_inline(nlohmann::json data, bool per_record);

// Checks a template version's `required_fields` (dotted paths) against one
// document's data: the first one missing or null is a missing_required_field error.
nlohmann::json check_required_fields(const nlohmann::json& required_fields, const nlohmann::json& data);

}  // namespace s2d
