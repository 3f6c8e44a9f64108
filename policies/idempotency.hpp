#pragma once
// Idempotency records (API.md "Idempotency"), apart from the actor that
// applies them so the rules are testable on their own.
//
// Scope: workspace + Idempotency-Key. A record holds the fingerprint of the
// request (method, route, canonical JSON body) and the response that was
// sent, with secrets redacted (a key or webhook secret is shown once, and
// only hashes or sealed copies are ever stored). Only executed requests that
// succeeded (2xx) with a JSON answer are stored: a request refused by
// validation can be corrected and retried under the same key.

#include "core/api_call.hpp"
#include "storage/db.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace s2d {

bool valid_idempotency_key(const std::string& key);

// Hex SHA-256 of method, route and the canonical body (sorted keys, no spaces).
std::string request_fingerprint(const ApiCall& call);

// idempotency: <ws>/<key>. The stored record.
struct StoredResponse {
  std::string fingerprint;
  int status = 0;
  std::string body;
  std::int64_t expires_ms = 0;
};
void to_json(nlohmann::json& stored, const StoredResponse& response);
void from_json(const nlohmann::json& stored, StoredResponse& response);

std::optional<StoredResponse> find_stored_response(const storage::Db& db, const std::string& workspace_id,
                                                   const std::string& key, std::int64_t now_ms);
void store_response(storage::Batch& batch, const std::string& workspace_id, const std::string& key,
                    const StoredResponse& response);

// Deletes records past their expiry; returns how many.
std::size_t prune_idempotency(storage::Db& db, std::int64_t now_ms);

}  // namespace s2d
