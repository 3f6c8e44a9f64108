// validate_config and redact_config: the per-kind field rules.

#include "datasources/connectors.hpp"
#include "datasources/datasources.hpp"
#include "datasources/field_map.hpp"
#include "datasources/parameters.hpp"
#include "net/http_client.hpp"

#include <algorithm>
#include <functional>
#include <limits>

namespace s2d::datasources {
namespace {

using Check = std::function<std::optional<ConfigError>(const std::string& param, const nlohmann::json& value)>;

struct FieldRule {
  const char* name;
  bool required;
  Check check;
};

ConfigError invalid(const std::string& param, const std::string& message) {
  return ConfigError{"parameter_invalid", param, message};
}

// Fields every data source body may carry beside its kind's own.
const std::vector<std::string>& common_fields() {
  static const std::vector<std::string> names = {"name", "kind", "description", "metadata", "field_map"};
  return names;
}

Check non_empty_string() {
  return [](const std::string& param, const nlohmann::json& value) -> std::optional<ConfigError> {
    if (!value.is_string() || value.get<std::string>().empty())
      return invalid(param, param + " must be a non-empty string");
    return std::nullopt;
  };
}

Check integer_between(long long low, long long high) {
  return [low, high](const std::string& param, const nlohmann::json& value) -> std::optional<ConfigError> {
    bool in_range = false;
    if (value.is_number_unsigned()) {
      auto number = value.get<unsigned long long>();
      in_range = number >= static_cast<unsigned long long>(low) && number <= static_cast<unsigned long long>(high);
    } else if (value.is_number_integer()) {
      auto number = value.get<long long>();
      in_range = number >= low && number <= high;
    }
    if (!in_range)
      return invalid(param, param + " must be an integer from " + std::to_string(low) + " to " + std::to_string(high));
    return std::nullopt;
  };
}

// A write-only secret: a real value, never the marker that redact_config shows.
Check secret(Check inner) {
  return [inner](const std::string& param, const nlohmann::json& value) -> std::optional<ConfigError> {
    if (value.is_string() && value.get<std::string>() == kRedacted)
      return invalid(param, param + " is write-only and reads back as \"***\": send the real value, or leave the field out to keep it");
    return inner(param, value);
  };
}

Check postgres_query() {
  return [](const std::string& param, const nlohmann::json& value) -> std::optional<ConfigError> {
    if (auto error = non_empty_string()(param, value)) return error;
    RewrittenQuery rewritten = rewrite_named_parameters(value.get<std::string>());
    if (!rewritten.error.empty()) return invalid(param, rewritten.error);
    return std::nullopt;
  };
}

Check children_of(Check query_check) {
  return [query_check](const std::string& param, const nlohmann::json& value) -> std::optional<ConfigError> {
    if (!value.is_object()) return invalid(param, "children must be an object of field name -> SQL query");
    for (const auto& [field, query] : value.items()) {
      if (field.empty()) return invalid(param, "a child field name is empty");
      if (auto error = query_check(param + "." + field, query)) return error;
    }
    return std::nullopt;
  };
}

Check connection_string() {
  return [](const std::string& param, const nlohmann::json& value) -> std::optional<ConfigError> {
    if (auto error = non_empty_string()(param, value)) return error;
    ConnectionOptions options;
    if (auto problem = parse_connection_string(value.get<std::string>(), &options))
      return invalid(param, param + ": " + *problem);
    return std::nullopt;
  };
}

Check relative_path() {
  return [](const std::string& param, const nlohmann::json& value) -> std::optional<ConfigError> {
    if (auto error = non_empty_string()(param, value)) return error;
    const std::string& path = value.get_ref<const std::string&>();
    if (path[0] == '/') return invalid(param, "path must be relative to the server's sqlite directory");
    if (path.find('\0') != std::string::npos) return invalid(param, "path contains a NUL byte");
    std::size_t start = 0;
    while (start <= path.size()) {
      std::size_t slash = std::min(path.find('/', start), path.size());
      if (path.compare(start, slash - start, "..") == 0)
        return invalid(param, "path may not contain '..': it must stay inside the sqlite directory");
      start = slash + 1;
    }
    return std::nullopt;
  };
}

bool is_token_char(char c) {
  return is_ascii_alnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

Check http_url() {
  return [](const std::string& param, const nlohmann::json& value) -> std::optional<ConfigError> {
    if (auto error = non_empty_string()(param, value)) return error;
    // What the HTTP client would refuse before connecting; addresses are
    // checked against the egress policy at each fetch, after DNS.
    auto problem = net::check_url(value.get_ref<const std::string&>(), nullptr);
    if (!problem.empty()) return invalid(param, "url: " + problem);
    return std::nullopt;
  };
}

Check http_headers() {
  return [](const std::string& param, const nlohmann::json& value) -> std::optional<ConfigError> {
    if (!value.is_object()) return invalid(param, "headers must be an object of header name -> value");
    for (const auto& [name, header_value] : value.items()) {
      std::string header_param = param + "." + name;
      if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char))
        return invalid(header_param, "not a valid HTTP header name");
      for (const char* reserved : {"host", "content-length", "transfer-encoding"})
        if (equals_ignoring_case(name, reserved)) return invalid(header_param, "this header is set by s2d");
      auto check_value = [](const std::string& p, const nlohmann::json& v) -> std::optional<ConfigError> {
        if (!v.is_string()) return invalid(p, "a header value must be a string");
        if (v.get<std::string>().find_first_of("\r\n", 0) != std::string::npos ||
            v.get<std::string>().find('\0') != std::string::npos)
          return invalid(p, "a header value may not contain CR, LF or NUL");
        return std::nullopt;
      };
      if (auto error = secret(check_value)(header_param, header_value)) return error;
    }
    return std::nullopt;
  };
}

// http `filter_mode`: where filters apply (datasources/http.cpp).
Check filter_mode() {
  return [](const std::string& param, const nlohmann::json& value) -> std::optional<ConfigError> {
    if (value == "query" || value == "records" || value == "both") return std::nullopt;
    return invalid(param, "filter_mode must be \"query\" (sent as URL parameters), \"records\" (applied to the "
                          "records received) or \"both\" (the default)");
  };
}

Check json_pointer() {
  return [](const std::string& param, const nlohmann::json& value) -> std::optional<ConfigError> {
    if (!value.is_string()) return invalid(param, "records_pointer must be a JSON pointer string such as \"/data/items\"");
    try {
      nlohmann::json::json_pointer pointer(value.get<std::string>());
    } catch (const nlohmann::json::exception&) {
      return invalid(param, "records_pointer must be empty (the whole body) or a JSON pointer such as \"/data/items\"");
    }
    return std::nullopt;
  };
}

constexpr long long kMaxTimeoutMs = 3'600'000;

const std::vector<FieldRule>& rules_for(const std::string& kind) {
  static const std::vector<FieldRule> none;
  static const std::vector<FieldRule> http = {
      {"url", true, http_url()},
      {"headers", false, http_headers()},
      {"records_pointer", false, json_pointer()},
      {"filter_mode", false, filter_mode()},
      {"timeout_ms", false, integer_between(1, kMaxTimeoutMs)},
      {"max_bytes", false, integer_between(1, std::numeric_limits<std::int32_t>::max())},
  };
  static const std::vector<FieldRule> postgres = {
      {"connection_string", true, secret(connection_string())},
      {"query", true, postgres_query()},
      {"children", false, children_of(postgres_query())},
      {"statement_timeout_ms", false, integer_between(1, kMaxTimeoutMs)},
  };
  static const std::vector<FieldRule> sqlite = {
      {"path", true, relative_path()},
      {"query", true, non_empty_string()},
      {"children", false, children_of(non_empty_string())},
  };
  if (kind == "http") return http;
  if (kind == "postgres") return postgres;
  if (kind == "sqlite") return sqlite;
  return none;
}

}  // namespace

const std::vector<std::string>& kinds() {
  static const std::vector<std::string> names = {"records", "http", "postgres", "sqlite"};
  return names;
}

std::optional<ConfigError> validate_config(const std::string& kind, const nlohmann::json& config) {
  if (std::find(kinds().begin(), kinds().end(), kind) == kinds().end())
    return invalid("kind", "kind must be one of records, http, postgres, sqlite");
  if (!config.is_object()) return invalid("", "a data source must be a JSON object");
  const std::vector<FieldRule>& rules = rules_for(kind);
  for (const auto& [name, value] : config.items()) {
    bool common = std::find(common_fields().begin(), common_fields().end(), name) != common_fields().end();
    bool known = std::any_of(rules.begin(), rules.end(), [&](const FieldRule& rule) { return name == rule.name; });
    if (!common && !known)
      return ConfigError{"parameter_unknown", name, "unknown field '" + name + "' for a " + kind + " data source"};
  }
  for (const auto& rule : rules) {
    auto found = config.find(rule.name);
    if (found == config.end() || (found->is_null() && !rule.required)) {
      if (rule.required) return ConfigError{"parameter_missing", rule.name, std::string(rule.name) + " is required"};
      continue;
    }
    if (auto error = rule.check(rule.name, *found)) return error;
  }
  if (auto field_map = config.find("field_map"); field_map != config.end() && !field_map->is_null()) {
    if (auto problem = check_field_map(*field_map)) return invalid(problem->param, problem->message);
  }
  return std::nullopt;
}

nlohmann::json redact_config(const std::string& kind, const nlohmann::json& config) {
  nlohmann::json shown = config;
  if (!shown.is_object()) return shown;
  // By field name whatever the kind: a secret is hidden even in a config
  // that does not match its kind.
  if (shown.contains("connection_string")) shown["connection_string"] = kRedacted;
  if (shown.contains("headers") && shown["headers"].is_object()) {
    for (auto& [name, value] : shown["headers"].items()) value = kRedacted;
  }
  return shown;
}

}  // namespace s2d::datasources
