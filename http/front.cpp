#include "http/front.hpp"

#include "policies/idempotency.hpp"
#include "core/utf8.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "core/json_text.hpp"
#include "core/utf8.hpp"
#include "http/multipart.hpp"
#include "http/openapi.hpp"
#include "http/range.hpp"
#include "services/metrics.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

namespace s2d::http {
namespace {

Outgoing from_reply(ApiReply reply, const std::string& request_id) {
  Outgoing out;
  out.status = reply.status;
  out.content_type = std::move(reply.content_type);
  out.error_code = std::move(reply.error_code);
  out.headers = std::move(reply.headers);
  out.headers.emplace_back("Request-Id", request_id);
  out.body = std::move(reply.body);
  out.stream = std::move(reply.stream);
  return out;
}

Outgoing error_out(const ApiError& error, const std::string& request_id) {
  return from_reply(error_reply(error, request_id), request_id);
}

std::int64_t unix_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t steady_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The operator token is compared in constant time; an empty token disables the routes.
AuthResult authenticate_operator(const std::string& authorization, const std::string& token) {
  AuthResult result;
  const std::string bearer = "Bearer ";
  if (authorization.empty()) {
    result.error = errors::authentication("api_key_missing", "Operator routes need 'Authorization: Bearer <operator token>'.");
  } else if (token.empty() || authorization.rfind(bearer, 0) != 0 ||
             !crypto::constant_time_equal(authorization.substr(bearer.size()), token)) {
    result.error = errors::authentication("api_key_invalid", "The operator token is not valid.");
  } else {
    result.ok = true;
    result.key_id = "operator";
    result.role = KeyRole::admin;
  }
  return result;
}

std::string quoted_filename(const std::string& name) {
  std::string safe;
  for (char c : name) safe += (c == '"' || c == '\\' || (unsigned char)c < 0x20) ? '_' : c;
  return "attachment; filename=\"" + safe + "\"";
}

// Routes that take multipart/form-data uploads besides JSON.
bool accepts_form_data(const std::string& route) {
  return route == "templates.create" || route == "templates.versions.create" ||
         route == "data_sources.records.append";
}

std::string file_basename(const std::string& filename) {
  auto slash = filename.find_last_of("/\\");
  return slash == std::string::npos ? filename : filename.substr(slash + 1);
}

// A multipart template upload as the JSON body it stands for: the `source`
// (or `file`) file becomes content_base64, every `assets` file an asset named by its
// filename, JSON-valued fields are parsed, the rest are strings.
std::optional<ApiError> template_from_form(const std::vector<FormPart>& parts, nlohmann::json* body) {
  *body = nlohmann::json::object();
  for (const auto& part : parts) {
    if (part.name == "assets" || part.name == "assets[]") {
      if (part.filename.empty())
        return errors::parameter_invalid("assets", "Each asset is a file part with a filename (the asset's name).");
      (*body)["assets"].push_back(
          {{"name", file_basename(part.filename)}, {"content_base64", crypto::base64_encode(part.body)}});
    } else if (body->contains(part.name)) {
      return errors::parameter_invalid(part.name, "The field '" + part.name + "' is given twice.");
    } else if ((part.name == "source" || part.name == "file") && !part.filename.empty()) {
      if (body->contains("content_base64"))
        return errors::parameter_invalid(part.name, "Give the template file once, as 'source' or 'file'.");
      (*body)["content_base64"] = crypto::base64_encode(part.body);
    } else if (part.name == "sample_data" || part.name == "required_fields" || part.name == "field_map") {
      nlohmann::json value;
      if (auto problem = parse_json(part.body, &value)) {
        auto error = invalid_json(*problem);
        error.param = part.name;
        error.message = "The field '" + part.name + "' is not valid JSON: " + problem->message + ".";
        return error;
      }
      (*body)[part.name] = std::move(value);
    } else if (!valid_utf8(part.body)) {
      return errors::parameter_invalid(part.name, "The field '" + part.name + "' is not UTF-8 text.");
    } else {
      (*body)[part.name] = part.body;
    }
  }
  return std::nullopt;
}

// A records upload in a form: the `file` part, JSON when it says so, else CSV.
std::optional<ApiError> records_from_form(const std::vector<FormPart>& parts, ApiCall* call) {
  auto file = std::find_if(parts.begin(), parts.end(), [](const FormPart& part) { return part.name == "file"; });
  if (file == parts.end()) {
    auto e = errors::parameter_missing("file");
    e.message = "Upload the records as a form part named 'file' (CSV or JSON).";
    return e;
  }
  const auto& name = file->filename;
  const bool json = file->content_type == "application/json" ||
                    (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0);
  if (!json) {
    call->raw_body = file->body;
    call->raw_content_type = "text/csv";
    return std::nullopt;
  }
  if (auto problem = parse_json(file->body, &call->body)) return invalid_json(*problem);
  return std::nullopt;
}

// The media types a route's body may have, for the 415 answer.
std::vector<std::string> accepted_media_types(const std::string& route) {
  std::vector<std::string> types = {"application/json"};
  if (accepts_form_data(route)) types.push_back("multipart/form-data");
  if (route == "data_sources.records.append") types.push_back("text/csv");
  return types;
}

// The body as the handler sees it: JSON checked against the route's
// schema; a multipart upload is first turned into that JSON, and a CSV
// upload of records is handed over as is.
std::optional<ApiError> read_body(const std::string& route, Incoming& request, ApiCall* call) {
  const auto* expected = request_body(route);
  if (!expected) return std::nullopt;
  const std::string content_type = request.header("Content-Type");
  const std::string type = media_type(content_type);
  if (type == "multipart/form-data" && accepts_form_data(route)) {
    std::string problem;
    auto parts = parse_form_data(content_type, request.body, &problem);
    if (!parts) return errors::parameter_invalid("body", "multipart/form-data: " + problem + ".");
    auto error = route == "data_sources.records.append" ? records_from_form(*parts, call)
                                                         : template_from_form(*parts, &call->body);
    if (error) return error;
    if (!call->raw_content_type.empty()) return std::nullopt;
  } else if (route == "data_sources.records.append" && type == "text/csv") {
    call->raw_body = std::move(request.body);
    call->raw_content_type = "text/csv";
    return std::nullopt;
  } else if (request.body.empty() && (type.empty() || type == "application/json")) {
    if (expected->required) {
      auto e = errors::parameter_missing("body");
      e.message = "This route needs a JSON body.";
      return e;
    }
    call->body = nlohmann::json::object();
  } else if (type != "application/json") {
    // Any charset parameter is fine; the body must be UTF-8 JSON either way.
    return errors::unsupported_media_type(content_type, accepted_media_types(route));
  } else if (auto problem = parse_json(request.body, &call->body)) {
    return invalid_json(*problem);
  }
  return validate_request_body(route, call->body);
}

// Bodies larger than this are logged by their head only, so the log never
// copies a huge upload on the request path.
constexpr std::size_t kLoggedBodyLimit = 1u << 20;

RequestLogEntry start_log(const Incoming& request, const std::string& request_id) {
  RequestLogEntry log;
  log.request_id = request_id;
  log.method = request.method;
  log.path = request.path;
  log.created_ms = clock::now_ms();
  log.duration_us = steady_us();
  log.idempotency_key = request.header("Idempotency-Key");
  log.request_body = request.body.size() <= kLoggedBodyLimit ? request.body : request.body.substr(0, RequestLog::kMaxBodyBytes);
  return log;
}

void finish_log(RequestLogEntry& log, const Outgoing& out) {
  log.duration_us = steady_us() - log.duration_us;
  log.status = out.status;
  for (const auto& [name, value] : out.headers)
    if (name == "Idempotent-Replayed") log.replayed = value == "true";
  if (out.file_path.empty()) log.response_body = out.body;
  log.error_code = out.error_code;
}

// The reply, counted and timed under the route's template when it runs.
std::function<void(Outgoing)> measured(Metrics& metrics, std::string route, std::function<void(Outgoing)> reply) {
  return [&metrics, route = std::move(route), reply = std::move(reply), started = steady_us()](Outgoing out) {
    metrics.count(Counter::http_requests, {route, status_class(out.status)});
    metrics.observe(Histogram::http_request_duration, {route}, double(steady_us() - started) / 1e6);
    reply(std::move(out));
  };
}

}  // namespace

Front::Front(Engine& engine)
    : engine_(engine),
      auth_failures_(engine.settings().auth_failures_per_minute),
      free_space_(engine.settings().data_dir, engine.settings().min_free_mb) {}

void Front::handle_unrouted(Incoming request, std::function<void(Outgoing)> reply) {
  reply = measured(engine_.request_metrics(), "unmatched", std::move(reply));
  const auto request_id = ids::make("req");
  const auto allowed = allowed_methods(request.path);
  auto error = allowed.empty() ? errors::route_not_found(request.method, request.path)
                               : errors::method_not_allowed(request.method, allowed);
  auto finish = [allowed, reply = std::move(reply)](Outgoing out) {
    if (!allowed.empty()) out.headers.emplace_back("Allow", allowed);
    reply(std::move(out));
  };
  const auto workspace_id = request.header("X-Workspace-Id");
  auto auth = request.header("Authorization").empty() || workspace_id.empty()
                  ? AuthResult{}
                  : engine_.authenticate(request.header("Authorization"), workspace_id);
  if (!auth.ok) return finish(error_out(error, request_id));
  ApiCall call;
  call.request_id = request_id;
  call.route = "unrouted";
  call.method = request.method;
  call.path = request.path;
  call.workspace_id = workspace_id;
  call.key_id = auth.key_id;
  call.role = auth.role;
  call.rejected = std::move(error);
  call.respond = [finish = std::move(finish), request_id](ApiReply api_reply) {
    finish(from_reply(std::move(api_reply), request_id));
  };
  engine_.handle(std::move(call));
}

void Front::handle(const Route& route, Incoming request, std::function<void(Outgoing)> reply) {
  reply = measured(engine_.request_metrics(), route.path, std::move(reply));
  const auto request_id = ids::make("req");
  if (route.access == Access::open) return handle_open(route, request_id, reply);
  auto log = std::make_shared<RequestLogEntry>(start_log(request, request_id));
  auto logged_reply = [this, log, reply = std::move(reply)](Outgoing out) {
    finish_log(*log, out);
    engine_.log_request(std::move(*log));
    reply(std::move(out));
  };
  if (route.access == Access::signed_url) return handle_file(request, request_id, *log, logged_reply);
  handle_api(route, request, request_id, *log, std::move(logged_reply));
}

void Front::handle_open(const Route& route, const std::string& request_id, std::function<void(Outgoing)>& reply) {
  const std::string name = route.name;
  Outgoing out;
  out.headers.emplace_back("Request-Id", request_id);
  if (name == "health") {
    out.body = R"({"status":"ok"})";
  } else if (name == "ready") {
    if (!engine_.ready()) return reply(error_out(errors::service_unavailable("Not ready yet.", 1), request_id));
    if (free_space_.below())
      return reply(error_out(errors::service_unavailable("Low on disk space (storage.min_free_mb).", 30), request_id));
    out.body = R"({"status":"ready"})";
  } else if (name == "metrics") {
    out.content_type = "text/plain; version=0.0.4";
    out.body = engine_.metrics();
  } else if (name == "openapi") {
    out.body = openapi_document().dump();
  }
  reply(std::move(out));
}

void Front::handle_file(Incoming& request, const std::string& request_id, RequestLogEntry& log,
                        const std::function<void(Outgoing)>& reply) {
  if (!request.query_valid)
    return reply(error_out(errors::parameter_invalid("query", "The query string is not valid percent-encoding."), request_id));
  if (auto unknown = unknown_query_parameter("files.content", request.query))
    return reply(error_out(errors::parameter_unknown(*unknown), request_id));
  auto query = [&](const char* key) { return request.query.count(key) ? request.query.at(key) : std::string(); };
  auto download = engine_.open_file(request.params["id"], query("expires"), query("sig"));
  log.workspace_id = download.workspace_id;  // empty when the URL is refused: nobody to show it to
  if (download.error) return reply(error_out(*download.error, request_id));

  Outgoing out;
  out.status = 200;
  out.content_type = download.content_type;
  out.file_path = download.path;
  out.file_length = std::uint64_t(download.size_bytes);
  out.headers = {{"Request-Id", request_id},
                 {"ETag", "\"" + download.sha256 + "\""},
                 {"Accept-Ranges", "bytes"},
                 {"Content-Disposition", quoted_filename(download.filename)},
                 {"Cache-Control", "private, max-age=0"}};
  if (request.header("If-None-Match") == "\"" + download.sha256 + "\"") {
    out.status = 304;
    out.file_path.clear();
    return reply(std::move(out));
  }
  const auto size = std::uint64_t(download.size_bytes);
  const auto range = parse_range(request.header("Range"), size);
  if (range.result == RangeResult::unsatisfiable) {
    auto refused = error_out(errors::range_not_satisfiable(size), request_id);
    refused.headers.emplace_back("Content-Range", "bytes */" + std::to_string(size));
    return reply(std::move(refused));
  }
  if (range.result == RangeResult::ok) {
    out.status = 206;
    out.file_offset = range.offset;
    out.file_length = range.length;
    out.headers.emplace_back("Content-Range", "bytes " + std::to_string(range.offset) + "-" +
                                                  std::to_string(range.offset + range.length - 1) + "/" +
                                                  std::to_string(size));
  }
  reply(std::move(out));
}

void Front::handle_api(const Route& route, Incoming& request, const std::string& request_id, RequestLogEntry& log,
                       std::function<void(Outgoing)> reply) {
  const bool operator_route = route.access == Access::operator_token;
  const auto now_us = unix_us();
  if (!auth_failures_.may_try(request.remote_address, now_us)) {
    auto decision = auth_failures_.state(request.remote_address, now_us);
    auto out = error_out(errors::auth_failures_exceeded(decision.retry_after_seconds), request_id);
    for (auto& header : decision.headers()) out.headers.push_back(std::move(header));
    return reply(std::move(out));
  }
  auto auth = operator_route ? authenticate_operator(request.header("Authorization"), engine_.settings().operator_token)
                             : engine_.authenticate(request.header("Authorization"), request.header("X-Workspace-Id"));
  log.workspace_id = operator_route ? kOperatorScope : request.header("X-Workspace-Id");
  log.authenticated = auth.ok;
  log.api_key_id = auth.key_id;
  if (!auth.ok) {
    engine_.request_metrics().count(Counter::auth_failures, {auth.error.code});
    auto out = error_out(auth.error, request_id);
    for (auto& header : auth_failures_.failed(request.remote_address, now_us).headers())
      out.headers.push_back(std::move(header));
    return reply(std::move(out));
  }

  ApiCall call;
  call.request_id = request_id;
  call.route = route.name;
  call.method = request.method;
  call.path = request.path;
  call.params = std::move(request.params);
  call.query = std::move(request.query);
  call.workspace_id = operator_route ? kOperatorScope : request.header("X-Workspace-Id");
  call.key_id = auth.key_id;
  call.role = auth.role;
  call.idempotency_key = request.header("Idempotency-Key");
  call.last_event_id = request.header("Last-Event-ID");

  // Refusals found here are answered by the workspace actor after its rate
  // limit, so invalid requests count against the limit like any other.
  const auto max_body = engine_.settings().max_body_bytes;
  if (!request.query_valid) {
    call.rejected = errors::parameter_invalid("query", "The query string is not valid percent-encoding.");
  } else if (auto unknown = unknown_query_parameter(call.route, call.query)) {
    call.rejected = errors::parameter_unknown(*unknown);
  } else if (request.method != "GET" && free_space_.below()) {
    call.rejected = errors::insufficient_storage(30);
  } else if (request.body.size() > max_body) {
    call.rejected = errors::body_too_large(max_body);
  } else if (!call.idempotency_key.empty() && !valid_idempotency_key(call.idempotency_key)) {
    call.rejected = errors::idempotency_key_invalid();
  } else if (auto error = read_body(call.route, request, &call)) {
    call.rejected = std::move(*error);
  }
  call.respond = [reply = std::move(reply), request_id](ApiReply api_reply) {
    reply(from_reply(std::move(api_reply), request_id));
  };
  engine_.handle(std::move(call));
}

}  // namespace s2d::http
