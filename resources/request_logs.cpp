// GET /v1/request_logs: the workspace's requests, newest first, filtered.
#include "core/clock.hpp"
#include "resources/handlers.hpp"
#include "resources/handlers_common.hpp"
#include "resources/pagination.hpp"
#include "services/views.hpp"
#include "storage/schema.hpp"

namespace s2d {
namespace {

struct LogFilter {
  std::string status, method, path_prefix, api_key_id, idempotency_key, request_id;

  bool matches(const nlohmann::json& e) const {
    auto text = [&](const char* field) { return e[field].is_string() ? e[field].get<std::string>() : std::string(); };
    if (!status.empty()) {
      const auto code = std::to_string(e.value("status", 0));
      const bool status_class = status.size() == 3 && status.substr(1) == "xx";  // 4xx
      if (code != status && !(status_class && code[0] == status[0])) return false;
    }
    if (!method.empty() && text("method") != method) return false;
    if (!path_prefix.empty() && text("path").rfind(path_prefix, 0) != 0) return false;
    if (!api_key_id.empty() && text("api_key_id") != api_key_id) return false;
    if (!idempotency_key.empty() && text("idempotency_key") != idempotency_key) return false;
    if (!request_id.empty() && text("id") != request_id) return false;
    return true;
  }
};

nlohmann::json log_view(const nlohmann::json& e) {
  auto view = e;
  view["object"] = "request_log";
  view["created_at"] = clock::rfc3339(e.value("created_ms", std::int64_t{0}));
  view.erase("created_ms");
  return view;
}

}  // namespace

Outcome list_request_logs(HandlerContext& ctx) {
  const auto& query = ctx.call.query;
  auto get = [&](const char* name) { return query.count(name) ? query.at(name) : std::string(); };
  LogFilter filter{get("status"), get("method"), get("path"), get("api_key_id"), get("idempotency_key"), get("request_id")};
  const auto prefix = storage::keys::workspace_prefix(ctx.call.workspace_id);
  KeyRange range;
  if (auto e = parse_created_range(query, prefix, "req", &range)) return error_outcome(*e, ctx.call.request_id);
  auto view = [&](std::string_view, std::string_view value) -> std::optional<nlohmann::json> {
    auto entry = nlohmann::json::parse(value);
    if (!filter.matches(entry)) return std::nullopt;
    return log_view(entry);
  };
  return list_outcome(ctx, storage::Table::request_logs, prefix, "/v1/request_logs", view, range);
}

}  // namespace s2d
