// API keys and the workspace's own settings (admin keys only, except reading
// the workspace). Key changes are published to the in-memory registry only
// after they are durable, so a revoked key fails on the very next request.
#include "resources/handlers.hpp"
#include "resources/handlers_common.hpp"
#include "resources/pagination.hpp"
#include "services/bootstrap.hpp"
#include "storage/schema.hpp"

namespace s2d {
namespace {

KeyRole role_from(const nlohmann::json& body) {
  return body.value("role", "standard") == "admin" ? KeyRole::admin : KeyRole::standard;
}

void put_key(storage::Batch& batch, const ApiKeyRecord& key) {
  storage::put_json(batch, storage::Table::api_keys, storage::keys::api_key_by_hash(key.hash), key.to_storage());
}

bool active(const ApiKeyRecord& key, std::int64_t now_ms) {
  return !key.revoked_ms && (!key.expires_ms || key.expires_ms > now_ms);
}

ApiError last_admin_key() {
  ApiError e = errors::parameter_invalid(
      "id", "This is the workspace's last active admin key; create another admin key before revoking it.");
  e.status = 409;
  e.code = "last_admin_key";
  return e;
}

// Rolling hands out a working key in place of the old one; a key that no
// longer works must not be turned back into one that does.
ApiError key_inactive(const ApiKeyRecord& key) {
  ApiError e = errors::parameter_invalid(
      "id", std::string("This API key is ") + (key.revoked_ms ? "revoked" : "expired") +
                "; only an active key can be rolled. Create a new key instead.");
  e.status = 409;
  e.code = "api_key_inactive";
  return e;
}

Outcome key_created(const ApiKeyRecord& key, const std::string& secret, int status, Outcome outcome) {
  auto view = key.to_api();
  view["secret"] = secret;
  outcome.keys.push_back(key);
  outcome.reply = json_reply(status, view);
  return outcome;
}

}  // namespace

Outcome create_api_key(HandlerContext& ctx) {
  Outcome outcome;
  std::string secret;
  auto key = make_api_key(ctx.call.workspace_id, ctx.call.body.value("name", ""), role_from(ctx.call.body), ctx.now_ms,
                          &secret, outcome.batch);
  if (ctx.call.body.contains("expires_in_seconds")) {
    key.expires_ms = ctx.now_ms + ctx.call.body["expires_in_seconds"].get<std::int64_t>() * 1000;
    put_key(outcome.batch, key);
  }
  return key_created(key, secret, 201, std::move(outcome));
}

Outcome list_api_keys(HandlerContext& ctx) {
  const auto prefix = storage::keys::api_key_by_workspace(ctx.call.workspace_id, "");
  auto view = [&](std::string_view, std::string_view hash) -> std::optional<nlohmann::json> {
    auto stored = storage::get_json(*ctx.services.db, storage::Table::api_keys,
                                    storage::keys::api_key_by_hash(std::string(hash)));
    if (!stored) return std::nullopt;
    // The registry holds the freshest last-use time; storage catches up lazily.
    auto key = ApiKeyRecord::from_storage(*stored);
    if (auto live = ctx.services.keys.find(ctx.call.workspace_id, key.id)) key.last_used_ms = live->last_used_ms;
    return key.to_api();
  };
  return list_outcome(ctx, storage::Table::api_keys, prefix, "/v1/api_keys", view);
}

Outcome roll_api_key(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto old_key = ctx.services.keys.find(ctx.call.workspace_id, id);
  if (!old_key) return error_outcome(errors::resource_missing("api_key", id), ctx.call.request_id);
  if (!active(*old_key, ctx.now_ms)) return error_outcome(key_inactive(*old_key), ctx.call.request_id);
  const auto delay_s = ctx.call.body.is_object() ? ctx.call.body.value("expires_in_seconds", std::int64_t{0}) : 0;

  Outcome outcome;
  std::string secret;
  auto key = make_api_key(ctx.call.workspace_id, old_key->name, old_key->role, ctx.now_ms, &secret, outcome.batch);
  const auto old_expiry = ctx.now_ms + delay_s * 1000;
  if (!old_key->expires_ms || old_expiry < old_key->expires_ms) old_key->expires_ms = old_expiry;
  put_key(outcome.batch, *old_key);
  outcome.keys.push_back(*old_key);
  auto result = key_created(key, secret, 201, std::move(outcome));
  auto body = nlohmann::json::parse(result.reply.body);
  body["rolled_from"] = old_key->to_api();
  result.reply.body = body.dump();
  return result;
}

Outcome revoke_api_key(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto key = ctx.services.keys.find(ctx.call.workspace_id, id);
  if (!key) return error_outcome(errors::resource_missing("api_key", id), ctx.call.request_id);
  if (key->role == KeyRole::admin && active(*key, ctx.now_ms)) {
    int admins = 0;
    for (const auto& other : ctx.services.keys.list(ctx.call.workspace_id))
      admins += other.role == KeyRole::admin && active(other, ctx.now_ms);
    if (admins <= 1) return error_outcome(last_admin_key(), ctx.call.request_id);
  }
  if (!key->revoked_ms) key->revoked_ms = ctx.now_ms;
  Outcome outcome;
  put_key(outcome.batch, *key);
  outcome.keys.push_back(*key);
  outcome.reply = json_reply(200, key->to_api());
  return outcome;
}

Outcome get_workspace(HandlerContext& ctx) {
  return reply_outcome(json_reply(200, workspace_view(ctx.workspace.get<WorkspaceRecord>(), ctx.services.settings)));
}

Outcome update_workspace(HandlerContext& ctx) {
  auto record = ctx.workspace.get<WorkspaceRecord>();
  const auto& body = ctx.call.body;
  if (body.contains("retention_days")) record.retention_days = body["retention_days"].get<int>();
  if (body.contains("default_locale")) record.default_locale = body["default_locale"].get<std::string>();
  if (body.contains("default_timezone")) record.default_timezone = body["default_timezone"].get<std::string>();
  Outcome outcome;
  storage::put_json(outcome.batch, storage::Table::workspaces, ctx.call.workspace_id, record);
  outcome.workspace_changed = true;
  outcome.workspace = record;
  outcome.reply = json_reply(200, workspace_view(record, ctx.services.settings));
  return outcome;
}

}  // namespace s2d
