#pragma once
// API objects built from stored records (API.md "Resources").

#include "core/batch.hpp"
#include "core/generation.hpp"
#include "core/records.hpp"
#include "services/services.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace s2d {

// The generation with fresh signed URLs for its outputs.
nlohmann::json generation_view(const Generation& generation, const Services& services,
                               std::int64_t now_ms);

// The batch resource (docs/batches.md) with a fresh signed URL for its bundle.
nlohmann::json batch_view(const BatchRecord& batch, const Services& services, std::int64_t now_ms);

// "/v1/files/<id>/content?expires=..&sig=.." with the host, and its expiry.
struct SignedUrl {
  std::string url;
  std::int64_t expires = 0;  // Unix seconds
};
SignedUrl sign_file_url(const Services& services, const std::string& workspace_id,
                        const std::string& file_id, int ttl_seconds, std::int64_t now_ms);

nlohmann::json template_view(const TemplateRecord& record);
nlohmann::json template_version_view(const TemplateVersionRecord& version);

// A data source as the API shows it: write-only secrets replaced by "***".
nlohmann::json data_source_view(const DataSourceRecord& source);

}  // namespace s2d
