// HTTP connector: GET a JSON document and take its records.
//
// The filters become query parameters appended to the configured URL and
// are applied to the records received (`filter_mode`: query, records or
// both, the default); the request goes through net::HttpClient, which checks every address of the
// host against the egress policy, pins the connection to the checked
// address, never follows redirects and caps the body it keeps.

#include "datasources/connectors.hpp"
#include "datasources/parameters.hpp"
#include "core/json_text.hpp"

#include "net/http_client.hpp"

#include <algorithm>

namespace s2d::datasources {
namespace {

std::string percent_encode(const std::string& text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    bool unreserved = is_ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 15];
    }
  }
  return out;
}

// The URL with each filter appended as name=value (a null filter as an
// empty value), before any #fragment, after any query it already has.
std::string url_with_filters(const std::string& url, const nlohmann::json& filters) {
  std::string base = url.substr(0, url.find('#'));
  if (!filters.is_object() || filters.empty()) return base;
  std::string query;
  for (const auto& [name, value] : filters.items()) {
    query += (query.empty() ? "" : "&") + percent_encode(name) + "=" +
             percent_encode(parameter_text(value).value_or(""));
  }
  if (base.find('?') == std::string::npos) {
    base += '?';
  } else if (base.back() != '?' && base.back() != '&') {
    base += '&';
  }
  return base + query;
}

std::vector<std::string> header_values(const nlohmann::json& config) {
  std::vector<std::string> values;
  auto headers = config.find("headers");
  if (headers == config.end() || !headers->is_object()) return values;
  for (const auto& [name, value] : headers->items()) values.push_back(value.get<std::string>());
  return values;
}

net::HttpRequest request_for(const ConnectorCall& call) {
  net::HttpRequest request;
  const bool in_query = call.config.value("filter_mode", "both") != "records";
  request.url = url_with_filters(call.config.at("url").get<std::string>(), in_query ? call.filters : nlohmann::json());
  bool has_accept = false;
  if (auto headers = call.config.find("headers"); headers != call.config.end() && headers->is_object()) {
    for (const auto& [name, value] : headers->items()) {
      request.headers.emplace_back(name, value.get<std::string>());
      has_accept = has_accept || equals_ignoring_case(name, "accept");
    }
  }
  if (!has_accept) request.headers.emplace_back("Accept", "application/json");
  request.timeout = std::max(call.remaining(), std::chrono::milliseconds(1));
  request.connect_timeout = std::min(request.timeout, std::chrono::milliseconds(5000));
  // One byte over the limit tells "exactly at the limit" from "too large".
  request.max_response_bytes = call.limits.max_bytes + 1;
  request.user_agent = net::user_agent("s2d-datasources");
  return request;
}

// A response that is not a usable 2xx JSON body, as the error to report.
std::optional<SourceError> check_response(const net::HttpResponse& response, const ConnectorCall& call) {
  if (!response.ok()) {
    std::string code(response.error_code());
    bool bad_request = response.error == net::NetError::invalid_url || response.error == net::NetError::invalid_request;
    SourceError error = bad_request ? query_failed(response.error_message) : unreachable(response.error_message);
    error.context["net_error"] = code;
    return error;
  }
  SourceError error;
  if (response.status >= 500) {
    error = unreachable("the source answered HTTP " + std::to_string(response.status));
  } else if (response.status >= 300 && response.status < 400) {
    const std::string* location = response.header("location");
    error = query_failed("the source answered HTTP " + std::to_string(response.status) +
                         " (redirects are not followed" + (location ? "; Location: " + *location : "") + ")");
  } else if (response.status < 200 || response.status >= 300) {
    error = query_failed("the source answered HTTP " + std::to_string(response.status));
  } else if (response.truncated || response.body.size() > call.limits.max_bytes) {
    error = limit_exceeded("max_bytes", call.limits.max_bytes,
                           "the response is larger than " + std::to_string(call.limits.max_bytes) + " bytes (the limit)");
  } else {
    return std::nullopt;
  }
  error.context["status"] = response.status;
  return error;
}

// The records the pointer selects: an array as it is, an object as one record.
std::optional<SourceError> select_records(nlohmann::json body, const std::string& pointer_text,
                                          nlohmann::json* records) {
  nlohmann::json::json_pointer pointer(pointer_text);  // validate_config checked its syntax
  if (!body.contains(pointer))
    return query_failed("records_pointer '" + pointer_text + "' selects nothing in the response");
  nlohmann::json& selected = body[pointer];
  if (selected.is_object()) {
    records->push_back(std::move(selected));
  } else if (selected.is_array()) {
    *records = std::move(selected);
  } else {
    return query_failed("records_pointer '" + pointer_text + "' selects a JSON " +
                        std::string(selected.type_name()) + ", not an array or object of records");
  }
  return std::nullopt;
}

// A record passes when each filter whose field the record carries equals it
// (by the text a filter is sent as): an endpoint that ignores the query
// still yields the right record, and a filter the records do not carry (a
// parameter only the endpoint knows) excludes nothing.
bool matches_carried_fields(const nlohmann::json& record, const nlohmann::json& filters) {
  if (!record.is_object()) return true;
  for (const auto& [field, wanted] : filters.items()) {
    auto found = record.find(field);
    if (found == record.end()) continue;
    if (found->is_object() || found->is_array()) return false;
    if (found->is_null() != wanted.is_null() || parameter_text(*found) != parameter_text(wanted)) return false;
  }
  return true;
}

void keep_matching(nlohmann::json& records, const nlohmann::json& filters) {
  if (!filters.is_object() || filters.empty()) return;
  nlohmann::json kept = nlohmann::json::array();
  for (auto& record : records)
    if (matches_carried_fields(record, filters)) kept.push_back(std::move(record));
  records = std::move(kept);
}

}  // namespace

FetchResult fetch_http(const ConnectorCall& call) {
  FetchResult result;
  if (auto problem = check_filters(call.filters, nullptr)) {
    result.error = query_failed(*problem);
    return result;
  }
  net::HttpClient client(call.environment.egress);
  net::HttpResponse response = client.send(request_for(call));
  std::vector<std::string> secrets = header_values(call.config);
  if (auto error = check_response(response, call)) {
    error->message = scrub(error->message, secrets);
    result.error = std::move(error);
    return result;
  }
  nlohmann::json body;
  if (auto problem = parse_json(response.body, &body)) {
    result.error = query_failed("the response is not valid JSON: " + problem->message +
                                (problem->position ? " (at byte " + std::to_string(*problem->position) + ")" : ""));
    return result;
  }
  nlohmann::json records = nlohmann::json::array();
  if (auto error = select_records(std::move(body), call.config.value("records_pointer", ""), &records)) {
    result.error = std::move(error);
    return result;
  }
  if (call.config.value("filter_mode", "both") != "query") keep_matching(records, call.filters);
  if (call.sample && records.size() > 1) records.erase(records.begin() + 1, records.end());
  if (records.size() > call.limits.max_records) {
    result.error = limit_exceeded("max_records", call.limits.max_records,
                                  "the response holds " + std::to_string(records.size()) + " records, more than " +
                                      std::to_string(call.limits.max_records) + " (the limit)");
    return result;
  }
  result.records = std::move(records);
  return result;
}

}  // namespace s2d::datasources
