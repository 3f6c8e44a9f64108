#pragma once
// Data-source connectors: fetch a generation's records from where the
// customer keeps them (an HTTP JSON endpoint, PostgreSQL, SQLite).
//
// One entry point for every kind: `fetch` (all matching records) and
// `test_source` (reachability and one sample record). Both block: call them
// from a blocking-I/O thread, never from an event-based actor. They never
// throw for bad input or a failing source: the outcome is in the result.
// Semantics (named parameters, children, field_map, limits, errors) are
// documented in docs/data-sources.md.
//
// `validate_config` and `redact_config` serve the API layer: the first
// answers create/PATCH bodies with the field to blame, the second removes
// write-only secrets from anything that is shown or logged.
//
// The `records` kind (records kept in s2d's own storage) is served by the
// storage layer; here it is only validated and redacted.

#include "net/egress.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace s2d::datasources {

// Error codes of the API's "data_source_error" type.
inline constexpr const char* kUnreachable = "data_source_unreachable";
inline constexpr const char* kQueryFailed = "data_source_query_failed";
inline constexpr const char* kTooLarge = "data_source_too_large";

// The API error object of a failed fetch: {"type":"data_source_error",
// "code", "message", "context"}. `context` always holds "data_source_id"
// and "kind"; database errors add "sqlstate" (PostgreSQL) and HTTP errors
// "status". Messages never contain credentials.
struct SourceError {
  std::string code;
  std::string message;
  nlohmann::json context = nlohmann::json::object();

  nlohmann::json to_json() const;  // with "type":"data_source_error"
};

// Operator bounds for one fetch. A source's own settings (http `timeout_ms`
// and `max_bytes`, postgres `statement_timeout_ms`) can only lower them.
struct FetchLimits {
  std::size_t max_records = 10000;      // rows of the main query plus children rows
  std::size_t max_bytes = 10u << 20;    // response body / sum of raw values
  std::chrono::milliseconds timeout{10000};  // whole fetch, connect included
};

// Process-level settings that come from the operator's configuration.
struct Environment {
  net::EgressPolicy egress;             // which addresses http sources may reach
  std::string sqlite_dir;               // S2D_SQLITE_DIR; empty: sqlite sources refused
  int max_concurrent_per_source = 4;    // fetches of one source id at once; others wait
};

struct FetchResult {
  nlohmann::json records = nlohmann::json::array();  // objects, field_map applied
  std::optional<SourceError> error;                  // set: records is empty
};

struct SampleResult {
  nlohmann::json sample = nullptr;      // the first record (field_map applied), null when none
  std::optional<SourceError> error;
};

// A create/PATCH body problem: `code` is "parameter_missing",
// "parameter_invalid" or "parameter_unknown"; `param` names the field
// ("query", "children.items", "headers.Authorization", ...).
struct ConfigError {
  std::string code;
  std::string param;
  std::string message;
};

// The kinds this library knows: records, http, postgres, sqlite.
const std::vector<std::string>& kinds();

// Checks a data source body (the create body, or the stored config with a
// PATCH merged in). Besides the kind's fields it accepts `name`, `kind`,
// `description`, `metadata` (not checked here) and `field_map` (checked);
// any other field is parameter_unknown. A write-only field holding the
// redaction marker "***" is refused, so a redacted config read back and
// sent again cannot overwrite the real secret with the marker.
std::optional<ConfigError> validate_config(const std::string& kind, const nlohmann::json& config);

// The config as the API may show it: write-only values are replaced by the
// marker "***" (postgres `connection_string`, every http header value) and
// a password in an http `url` is masked the same way. Everything else is
// returned as is.
nlohmann::json redact_config(const std::string& kind, const nlohmann::json& config);
inline constexpr const char* kRedacted = "***";

// All records matching `filters` (a JSON object of scalars, may be null or
// empty). Blocks while `max_concurrent_per_source` fetches of the same
// `source_id` are running.
FetchResult fetch(const std::string& source_id, const std::string& kind,
                  const nlohmann::json& config, const nlohmann::json& filters,
                  const Environment& environment, const FetchLimits& limits);

// Reachability and the first record. Unlike `fetch`, a query parameter
// with no filter is bound to NULL, so a query can be tried without filters.
SampleResult test_source(const std::string& source_id, const std::string& kind,
                         const nlohmann::json& config, const nlohmann::json& filters,
                         const Environment& environment, const FetchLimits& limits);

}  // namespace s2d::datasources
