// fetch and test_source: the steps every kind shares around its connector
// (config check, the per-source gate, limits, field_map, error context).

#include "datasources/datasources.hpp"

#include "datasources/connectors.hpp"
#include "datasources/field_map.hpp"
#include "datasources/source_gate.hpp"

#include <algorithm>

namespace s2d::datasources {
namespace {

// The operator's limits, lowered by the source's own http settings.
FetchLimits effective_limits(const std::string& kind, const nlohmann::json& config, FetchLimits limits) {
  if (kind != "http") return limits;
  if (auto timeout = config.find("timeout_ms"); timeout != config.end() && timeout->is_number_integer())
    limits.timeout = std::min(limits.timeout, std::chrono::milliseconds(timeout->get<long long>()));
  if (auto max_bytes = config.find("max_bytes"); max_bytes != config.end() && max_bytes->is_number_integer())
    limits.max_bytes = std::min(limits.max_bytes, max_bytes->get<std::size_t>());
  return limits;
}

FetchResult dispatch(const std::string& kind, const ConnectorCall& call) {
  if (kind == "http") return fetch_http(call);
  if (kind == "postgres") return fetch_postgres(call);
  if (kind == "sqlite") return fetch_sqlite(call);
  FetchResult result;
  result.error = query_failed("records data sources are read from s2d's storage, not through a connector");
  return result;
}

std::optional<SourceError> apply_field_map_to_all(const nlohmann::json& config, nlohmann::json* records) {
  auto field_map = config.find("field_map");
  static const nlohmann::json no_map = nlohmann::json::object();
  const nlohmann::json& map = field_map == config.end() || field_map->is_null() ? no_map : *field_map;
  for (std::size_t i = 0; i < records->size(); ++i) {
    if (auto problem = apply_field_map(map, &(*records)[i]))
      return query_failed("record " + std::to_string(i) + ": " + *problem);
  }
  return std::nullopt;
}

FetchResult run(const std::string& source_id, const std::string& kind, const nlohmann::json& config,
                const nlohmann::json& filters, const Environment& environment, const FetchLimits& limits,
                bool sample) {
  FetchResult result;
  static const nlohmann::json no_filters = nlohmann::json::object();
  if (auto problem = validate_config(kind, config)) {
    result.error = query_failed("the data source's configuration is invalid: " +
                                (problem->param.empty() ? "" : problem->param + ": ") + problem->message);
  } else {
    SourceGate::Permit permit = SourceGate::process_wide().acquire(source_id, environment.max_concurrent_per_source);
    FetchLimits bounded = effective_limits(kind, config, limits);
    ConnectorCall call{config, filters.is_null() ? no_filters : filters, environment, bounded,
                       Clock::now() + bounded.timeout, sample};
    try {
      result = dispatch(kind, call);
      if (!result.error) result.error = apply_field_map_to_all(config, &result.records);
    } catch (const std::exception& error) {
      // Connectors report failures as values; this is the backstop that
      // keeps an unforeseen one (out of memory, say) from taking the worker down.
      result.error = query_failed(std::string("unexpected failure: ") + error.what());
    }
  }
  if (result.error) {
    result.records = nlohmann::json::array();
    result.error->context["data_source_id"] = source_id;
    result.error->context["kind"] = kind;
  }
  return result;
}

}  // namespace

nlohmann::json SourceError::to_json() const {
  return {{"type", "data_source_error"}, {"code", code}, {"message", message}, {"context", context}};
}

FetchResult fetch(const std::string& source_id, const std::string& kind, const nlohmann::json& config,
                  const nlohmann::json& filters, const Environment& environment, const FetchLimits& limits) {
  return run(source_id, kind, config, filters, environment, limits, /*sample=*/false);
}

SampleResult test_source(const std::string& source_id, const std::string& kind, const nlohmann::json& config,
                         const nlohmann::json& filters, const Environment& environment,
                         const FetchLimits& limits) {
  FetchResult fetched = run(source_id, kind, config, filters, environment, limits, /*sample=*/true);
  SampleResult result;
  result.error = std::move(fetched.error);
  if (!fetched.records.empty()) result.sample = std::move(fetched.records[0]);
  return result;
}

}  // namespace s2d::datasources
