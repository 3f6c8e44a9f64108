#include "policies/idempotency.hpp"

#include "core/crypto.hpp"
#include "core/records.hpp"
#include "core/redact.hpp"
#include "storage/schema.hpp"

#include <limits>

namespace s2d {

bool valid_idempotency_key(const std::string& key) {
  if (key.empty() || key.size() > 255) return false;
  for (unsigned char c : key)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

std::string request_fingerprint(const ApiCall& call) {
  // nlohmann::json keeps object keys sorted, so dump() is canonical.
  // A body that is not JSON (a CSV upload) counts by its bytes.
  return crypto::sha256_hex(call.method + "\n" + call.route + "\n" + call.path + "\n" +
                            (call.body.is_null() ? std::string() : call.body.dump()) +
                            (call.raw_content_type.empty() ? std::string() : "\n" + call.raw_content_type + "\n" + call.raw_body));
}

void to_json(nlohmann::json& j, const StoredResponse& r) {
  j = {{"fingerprint", r.fingerprint}, {"status", r.status}, {"body", r.body}, {"expires_ms", r.expires_ms}};
}

void from_json(const nlohmann::json& j, StoredResponse& r) {
  r.status = 200;  // what a record without a status replays
  read_field(j, "fingerprint", r.fingerprint);
  read_field(j, "status", r.status);
  read_field(j, "body", r.body);
  read_field(j, "expires_ms", r.expires_ms);
}

std::optional<StoredResponse> find_stored_response(const storage::Db& db, const std::string& workspace_id,
                                                   const std::string& key, std::int64_t now_ms) {
  auto stored = storage::get_json(db, storage::Table::idempotency, storage::keys::scoped(workspace_id, key));
  if (!stored) return std::nullopt;
  auto response = stored->get<StoredResponse>();
  if (response.expires_ms <= now_ms) return std::nullopt;  // pruning may lag behind
  return response;
}

void store_response(storage::Batch& batch, const std::string& workspace_id, const std::string& key,
                    const StoredResponse& response) {
  StoredResponse stored = response;
  // Secrets (a new API key, a webhook secret) are shown once and
  // never stored: a replay carries "[REDACTED]" in their place.
  stored.body = redact_body(response.body, std::numeric_limits<std::size_t>::max());
  storage::put_json(batch, storage::Table::idempotency, storage::keys::scoped(workspace_id, key), stored);
}

std::size_t prune_idempotency(storage::Db& db, std::int64_t now_ms) {
  storage::Batch batch;
  db.scan(storage::Table::idempotency, "", {}, [&](std::string_view key, std::string_view value) {
    auto record = nlohmann::json::parse(value, nullptr, false);
    if (record.is_discarded() || record.get<StoredResponse>().expires_ms <= now_ms)
      batch.erase(storage::Table::idempotency, std::string(key));
    return true;
  });
  auto count = batch.size();
  if (count) db.write(batch, /*sync=*/false, nullptr);
  return count;
}

}  // namespace s2d
