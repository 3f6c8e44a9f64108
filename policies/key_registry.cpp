#include "policies/key_registry.hpp"

#include "core/api_key.hpp"
#include "core/clock.hpp"
#include "core/records.hpp"

namespace s2d {
namespace {

AuthResult refuse(const std::string& code, const std::string& message) {
  AuthResult result;
  result.error = errors::authentication(code, message);
  return result;
}

}  // namespace

const char* to_string(KeyRole role) { return role == KeyRole::admin ? "admin" : "standard"; }

nlohmann::json ApiKeyRecord::to_storage() const {
  return {{"id", id},           {"workspace_id", workspace_id}, {"name", name},
          {"role", to_string(role)}, {"hash", hash},           {"last4", last4},
          {"created_ms", created_ms}, {"last_used_ms", last_used_ms},
          {"expires_ms", expires_ms}, {"revoked_ms", revoked_ms}};
}

ApiKeyRecord ApiKeyRecord::from_storage(const nlohmann::json& j) {
  ApiKeyRecord r;
  read_field(j, "id", r.id);
  read_field(j, "workspace_id", r.workspace_id);
  read_field(j, "name", r.name);
  std::string role = "standard";
  read_field(j, "role", role);
  r.role = role == "admin" ? KeyRole::admin : KeyRole::standard;
  read_field(j, "hash", r.hash);
  read_field(j, "last4", r.last4);
  read_field(j, "created_ms", r.created_ms);
  read_field(j, "last_used_ms", r.last_used_ms);
  read_field(j, "expires_ms", r.expires_ms);
  read_field(j, "revoked_ms", r.revoked_ms);
  return r;
}

nlohmann::json ApiKeyRecord::to_api() const {
  return {{"id", id},
          {"object", "api_key"},
          {"name", name},
          {"role", to_string(role)},
          {"last4", last4},
          {"created_at", clock::rfc3339(created_ms)},
          {"last_used_at", time_or_null(last_used_ms)},
          {"expires_at", time_or_null(expires_ms)},
          {"revoked_at", time_or_null(revoked_ms)},
          {"status", revoked_ms ? "revoked" : "active"}};
}

void KeyRegistry::load(const storage::Db& db) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  by_hash_.clear();
  db.scan(storage::Table::api_keys, "h/", {}, [&](std::string_view, std::string_view value) {
    auto j = nlohmann::json::parse(value, nullptr, false);
    if (!j.is_discarded()) {
      auto record = ApiKeyRecord::from_storage(j);
      by_hash_[record.hash] = record;
    }
    return true;
  });
}

AuthResult KeyRegistry::authenticate(std::string_view authorization, std::string_view workspace_id,
                                     std::int64_t now_ms) {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.empty())
    return refuse("api_key_missing",
                  "No API key: send 'Authorization: Bearer <key>' and 'X-Workspace-Id'.");
  if (authorization.size() <= kBearer.size() || authorization.substr(0, kBearer.size()) != kBearer)
    return refuse("api_key_invalid", "The Authorization header must be 'Bearer <api key>'.");
  auto key = authorization.substr(kBearer.size());
  if (!api_key::well_formed(key))
    return refuse("api_key_invalid", "The API key is malformed (wrong format or checksum).");
  if (workspace_id.empty())
    return refuse("workspace_missing", "Send the workspace id in the 'X-Workspace-Id' header.");

  auto hash = api_key::hash(key);
  std::shared_lock<std::shared_mutex> lock(mutex_);
  auto it = by_hash_.find(hash);
  // A key of another workspace is reported exactly like an unknown key.
  if (it == by_hash_.end() || it->second.workspace_id != workspace_id)
    return refuse("api_key_invalid", "The API key is not valid for this workspace.");
  const auto& record = it->second;
  if (record.revoked_ms) return refuse("api_key_revoked", "The API key has been revoked.");
  if (record.expires_ms && record.expires_ms <= now_ms)
    return refuse("api_key_expired", "The API key has expired.");
  AuthResult result;
  result.ok = true;
  result.key_id = record.id;
  result.role = record.role;
  lock.unlock();
  std::lock_guard<std::mutex> used(used_mutex_);
  recently_used_[hash] = now_ms;
  return result;
}

void KeyRegistry::upsert(const ApiKeyRecord& record) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  by_hash_[record.hash] = record;
}

ApiKeyRecord KeyRegistry::with_recent_use(ApiKeyRecord record) const {
  std::lock_guard<std::mutex> lock(used_mutex_);
  if (auto it = recently_used_.find(record.hash); it != recently_used_.end())
    record.last_used_ms = std::max(record.last_used_ms, it->second);
  return record;
}

std::vector<ApiKeyRecord> KeyRegistry::list(const std::string& workspace_id) const {
  std::vector<ApiKeyRecord> out;
  {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    for (const auto& [hash, record] : by_hash_)
      if (record.workspace_id == workspace_id) out.push_back(record);
  }
  for (auto& record : out) record = with_recent_use(std::move(record));
  return out;
}

std::optional<ApiKeyRecord> KeyRegistry::find(const std::string& workspace_id,
                                              const std::string& key_id) const {
  std::optional<ApiKeyRecord> found;
  {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    for (const auto& [hash, record] : by_hash_)
      if (record.id == key_id && record.workspace_id == workspace_id) found = record;
  }
  if (found) found = with_recent_use(std::move(*found));
  return found;
}

std::vector<ApiKeyRecord> KeyRegistry::take_recently_used() {
  std::unordered_map<std::string, std::int64_t> used;
  {
    std::lock_guard<std::mutex> lock(used_mutex_);
    used.swap(recently_used_);
  }
  std::vector<ApiKeyRecord> out;
  std::unique_lock<std::shared_mutex> lock(mutex_);
  for (const auto& [hash, when] : used) {
    auto it = by_hash_.find(hash);
    if (it == by_hash_.end()) continue;
    it->second.last_used_ms = std::max(it->second.last_used_ms, when);
    out.push_back(it->second);
  }
  return out;
}

}  // namespace s2d
