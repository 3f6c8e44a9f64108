#pragma once
// policies/: what every request passes on its way in: API keys, idempotency, the GCRA rate limit, the request log.
//
// API keys in memory for authentication on the request path.
//
// Every key record is loaded at start and kept current by the code that
// writes keys (create, roll, revoke), so authentication is a hash lookup
// under a shared lock and a revoked key fails on the very next request.

#include "core/api_call.hpp"
#include "storage/db.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace s2d {

struct ApiKeyRecord {
  std::string id;
  std::string workspace_id;
  std::string name;
  KeyRole role = KeyRole::standard;
  std::string hash;
  std::string last4;
  std::int64_t created_ms = 0;
  std::int64_t last_used_ms = 0;
  std::int64_t expires_ms = 0;  // 0: never
  std::int64_t revoked_ms = 0;  // 0: active

  nlohmann::json to_storage() const;
  static ApiKeyRecord from_storage(const nlohmann::json& j);
  nlohmann::json to_api() const;  // never the secret or its hash
};

const char* to_string(KeyRole role);

struct AuthResult {
  bool ok = false;
  ApiError error;
  std::string key_id;
  KeyRole role = KeyRole::standard;
};

class KeyRegistry {
 public:
  void load(const storage::Db& db);

  // `authorization` is the whole header value ("Bearer s2d_live_...").
  AuthResult authenticate(std::string_view authorization, std::string_view workspace_id,
                          std::int64_t now_ms);

  void upsert(const ApiKeyRecord& record);
  std::vector<ApiKeyRecord> list(const std::string& workspace_id) const;
  std::optional<ApiKeyRecord> find(const std::string& workspace_id, const std::string& key_id) const;

  // Keys used since the last call, with their last-use time, to persist lazily.
  std::vector<ApiKeyRecord> take_recently_used();

 private:
  // Adds a use not yet folded into the record.
  ApiKeyRecord with_recent_use(ApiKeyRecord record) const;

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, ApiKeyRecord> by_hash_;
  mutable std::mutex used_mutex_;
  std::unordered_map<std::string, std::int64_t> recently_used_;  // hash -> time
};

}  // namespace s2d
