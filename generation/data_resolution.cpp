#include "generation/data_resolution.hpp"

#include "generation/render_job.hpp"

#include "datasources/datasources.hpp"
#include "datasources/field_map.hpp"
#include "datasources/source_gate.hpp"
#include "services/source_secrets.hpp"
#include "storage/records.hpp"
#include "storage/schema.hpp"

namespace s2d {
namespace {

nlohmann::json source_error(const datasources::SourceError& error) {
  nlohmann::json j = generation_error("data_source_error", error.code, error.message);
  j["context"] = error.context;
  return j;
}

// `records` sources: read from storage through the equality index. A sample
// reads the first match; a fetch fails rather than return a truncated list.
datasources::FetchResult read_stored_records(const Services& services, const DataSourceRecord& source,
                                             const nlohmann::json& filters, std::size_t max_records, bool sample,
                                             std::int64_t record_seq) {
  const std::string& id = source.id;
  auto permit = datasources::SourceGate::process_wide().acquire(id, services.datasources.max_concurrent_per_source);
  datasources::FetchResult result;
  const std::string& workspace_id = source.workspace_id;
  storage::records::Found found;
  if (record_seq >= 0) {  // a batch item made from one record: that record, or none once deleted
    if (auto record = storage::get_json(*services.db, storage::Table::records,
                                        storage::keys::record(workspace_id, id, std::uint64_t(record_seq))))
      found.records.push_back(std::move(*record));
  } else {
    found = storage::records::find(*services.db, workspace_id, id, filters, max_records);
  }
  if (found.over_limit && !sample) {
    result.error = datasources::SourceError{datasources::kTooLarge,
                                            "more than " + std::to_string(max_records) + " records match",
                                            {{"limit", "max_records"}, {"max", max_records}}};
    return result;
  }
  const nlohmann::json field_map = source.config.value("field_map", nlohmann::json());  // free-form config
  for (std::size_t i = 0; i < found.records.size() && !field_map.is_null(); ++i)
    if (auto problem = datasources::apply_field_map(field_map, &found.records[i])) {
      result.error = datasources::SourceError{datasources::kQueryFailed,
                                              "record " + std::to_string(i) + ": " + *problem, {}};
      return result;
    }
  result.records = std::move(found.records);
  return result;
}

datasources::FetchResult fetch(const Services& services, const DataSourceRecord& source, const nlohmann::json& filters,
                               bool sample, std::int64_t record_seq = -1) {
  const std::string &id = source.id, &kind = source.kind;
  const auto config = source_config(services, source);
  datasources::FetchResult result;
  if (kind == "records") {
    result = read_stored_records(services, source, filters, sample ? 1 : services.datasource_limits.max_records, sample,
                                 record_seq);
  } else if (sample) {
    auto tested = datasources::test_source(id, kind, config, filters, services.datasources, services.datasource_limits);
    result.error = std::move(tested.error);
    if (!tested.sample.is_null()) result.records.push_back(std::move(tested.sample));
  } else {
    result = datasources::fetch(id, kind, config, filters, services.datasources, services.datasource_limits);
  }
  if (result.error) {
    result.error->context["data_source_id"] = id;
    result.error->context["kind"] = kind;
  }
  return result;
}

bool has_path(const nlohmann::json& data, const std::string& path) {
  const nlohmann::json* at = &data;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = std::min(path.find('.', start), path.size());
    if (!at->is_object()) return false;
    auto found = at->find(path.substr(start, dot - start));
    if (found == at->end()) return false;
    at = &*found;
    start = dot + 1;
  }
  return !at->is_null();
}

}  // namespace


SourceRecords fetch_source_records(const Services& services, const DataSourceRecord& source,
                                   const nlohmann::json& filters, const nlohmann::json& template_field_map,
                                   std::int64_t record_seq) {
  SourceRecords out;
  auto fetched = fetch(services, source, filters, /*sample=*/false, record_seq);
  if (fetched.error) {
    out.error = source_error(*fetched.error);
    return out;
  }
  for (std::size_t i = 0; i < fetched.records.size() && !template_field_map.is_null(); ++i)
    if (auto problem = datasources::apply_field_map(template_field_map, &fetched.records[i])) {
      out.error = generation_error("data_source_error", datasources::kQueryFailed,
                                   "the template's field_map, record " + std::to_string(i) + ": " + *problem);
      out.error["context"] = {{"data_source_id", source.id}, {"kind", source.kind}};
      return out;
    }
  out.records = std::move(fetched.records);
  return out;
}

SourceRecords sample_source_record(const Services& services, const DataSourceRecord& source,
                                   const nlohmann::json& filters) {
  SourceRecords out;
  auto fetched = fetch(services, source, filters, /*sample=*/true);
  if (fetched.error) {
    out.error = source_error(*fetched.error);
    return out;
  }
  out.records = fetched.records.empty() ? nlohmann::json(nullptr) : std::move(fetched.records[0]);
  return out;
}

DocumentsData documents_from_records(nlohmann::json records, bool per_record) {
  DocumentsData out;
  if (records.empty()) {
    out.error = generation_error("data_source_error", "no_records_matched", "No record matched the filters.");
    return out;
  }
  if (records.size() == 1) {
    out.documents.push_back(std::move(records[0]));
  } else if (per_record) {
    out.per_record = true;
    for (auto& record : records) out.documents.push_back(std::move(record));
  } else {
    out.wrapped_records = records.size();
    out.documents.push_back({{"records", std::move(records)}});
  }
  return out;
}

DocumentsData documents_from_inline(nlohmann::json data, bool per_record) {
  if (!data.is_array()) {
    DocumentsData out;
    out.documents.push_back(std::move(data));
    return out;
  }
  DocumentsData out = documents_from_records(std::move(data), per_record);
  if (!out.error.is_null()) out.error["message"] = "The inline data is an empty list of records.";
  return out;
}

nlohmann::json check_required_fields(const nlohmann::json& required_fields, const nlohmann::json& data) {
  for (const auto& field : required_fields) {
    const std::string path = field.get<std::string>();
    if (has_path(data, path)) continue;
    auto error = generation_error("template_error", "missing_required_field",
                                  "The required field '" + path + "' is missing or null.");
    error["placeholder"] = path;
    error["field"] = path;
    return error;
  }
  return nullptr;
}

}  // namespace s2d
