#include "cli/api.hpp"

#include "cli/views.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace s2d::cli {
namespace {

constexpr int kMaxAttempts = 10;
constexpr double kMaxPauseSeconds = 10;

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

bool worth_repeating(const HttpResponse& response, const nlohmann::json& body) {
  if (!response.reached()) return true;
  if (response.status == 429 || response.status == 502 || response.status == 503 || response.status == 504)
    return true;
  const auto envelope = view_of<EnvelopeView>(body);
  return response.status == 409 && envelope.error && envelope.error->code == "idempotency_key_in_use";
}

double pause_before(int attempt, const HttpResponse& response) {
  if (const std::string* after = response.header("retry-after")) {
    char* end = nullptr;
    const double seconds = std::strtod(after->c_str(), &end);
    if (end != after->c_str() && seconds >= 0) return std::min(seconds, kMaxPauseSeconds);
  }
  return std::min(0.25 * double(1 << std::min(attempt, 6)), kMaxPauseSeconds);
}

}  // namespace

void fill_from_environment(Connection* connection) {
  if (connection->base_url.empty()) connection->base_url = environment("S2D_BASE_URL");
  if (connection->base_url.empty()) connection->base_url = "http://127.0.0.1:8080";
  while (!connection->base_url.empty() && connection->base_url.back() == '/') connection->base_url.pop_back();
  if (connection->api_key.empty()) connection->api_key = environment("S2D_API_KEY");
  if (connection->workspace_id.empty()) connection->workspace_id = environment("S2D_WORKSPACE_ID");
  if (connection->operator_token.empty()) connection->operator_token = environment("S2D_OPERATOR_TOKEN");
}

std::string ApiReply::error_code() const {
  const auto envelope = view_of<EnvelopeView>(body);
  return envelope.error ? envelope.error->code : "";
}

Headers Api::auth_headers() const {
  return {{"Authorization", "Bearer " + connection_.api_key}, {"X-Workspace-Id", connection_.workspace_id}};
}

ApiReply Api::exchange(HttpRequest request, bool may_repeat) {
  ApiReply reply;
  for (int attempt = 1;; ++attempt) {
    reply.http = http_.send(request);
    reply.body = nlohmann::json::parse(reply.http.body, nullptr, false);
    if (reply.body.is_discarded()) reply.body = nullptr;
    if (!may_repeat || attempt == kMaxAttempts || !worth_repeating(reply.http, reply.body)) return reply;
    std::this_thread::sleep_for(std::chrono::duration<double>(pause_before(attempt, reply.http)));
  }
}

ApiReply Api::call(const std::string& method, const std::string& path, const nlohmann::json* body,
                   const std::string& idempotency_key) {
  return call_raw(method, path, "application/json", body ? body->dump() : std::string(), idempotency_key);
}

ApiReply Api::call_raw(const std::string& method, const std::string& path, const std::string& content_type,
                       const std::string& body, const std::string& idempotency_key) {
  HttpRequest request;
  request.method = method;
  request.url = connection_.base_url + path;
  request.headers = auth_headers();
  if (!body.empty()) request.headers.emplace_back("Content-Type", content_type);
  if (!idempotency_key.empty()) request.headers.emplace_back("Idempotency-Key", idempotency_key);
  request.body = body;
  return exchange(std::move(request), method == "GET" || !idempotency_key.empty());
}

ApiReply Api::call_operator(const std::string& path) {
  HttpRequest request;
  request.url = connection_.base_url + path;
  request.headers = {{"Authorization", "Bearer " + connection_.operator_token}};
  return exchange(std::move(request), true);
}

HttpResponse Api::stream(const std::string& path, const std::string& last_event_id,
                         const std::function<bool(std::string_view)>& on_chunk) {
  HttpRequest request;
  request.url = connection_.base_url + path;
  request.headers = auth_headers();
  request.headers.emplace_back("Accept", "text/event-stream");
  if (!last_event_id.empty()) request.headers.emplace_back("Last-Event-ID", last_event_id);
  request.timeout_ms = 0;
  request.idle_timeout_s = 45;  // three heartbeats missed: the connection is dead
  return http_.stream(request, on_chunk);
}

HttpResponse Api::download(const std::string& url, const std::string& path, std::string* sha256_hex) {
  HttpRequest request;
  request.url = url;
  request.timeout_ms = 600'000;
  HttpResponse response;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    response = http_.download(request, path, sha256_hex);
    if (response.status != 0 || response.network_error.rfind("cannot ", 0) == 0) return response;
  }
  return response;
}

int report_failure(std::string_view command, const HttpResponse& response) {
  if (!response.reached()) {
    std::cerr << "s2d " << command << ": " << response.network_error << "\n";
    return kExitNetwork;
  }
  std::cerr << "s2d " << command << ": the server answered " << response.status << ": " << response.body.substr(0, 2000)
            << "\n";
  return kExitApi;
}

int report_failure(std::string_view command, const ApiReply& reply) {
  const auto envelope = view_of<EnvelopeView>(reply.body);
  if (!reply.http.reached() || !envelope.error) return report_failure(command, reply.http);
  const auto& error = *envelope.error;
  std::cerr << "s2d " << command << ": " << reply.http.status << " " << (error.code.empty() ? "error" : error.code)
            << ": " << error.message;
  if (!error.param.empty()) std::cerr << " (" << error.param << ")";
  if (!error.request_id.empty()) std::cerr << " [" << error.request_id << "]";
  std::cerr << "\n";
  return kExitApi;
}

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(char(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

}  // namespace s2d::cli
