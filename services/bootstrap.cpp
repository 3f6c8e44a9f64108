#include "services/bootstrap.hpp"

#include "core/api_key.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/file_io.hpp"
#include "core/ids.hpp"
#include "storage/schema.hpp"


namespace s2d {

ApiKeyRecord make_api_key(const std::string& workspace_id, const std::string& name, KeyRole role,
                          std::int64_t now_ms, std::string* secret, storage::Batch& batch) {
  *secret = api_key::generate();
  ApiKeyRecord key;
  key.id = ids::make("key");
  key.workspace_id = workspace_id;
  key.name = name;
  key.role = role;
  key.hash = api_key::hash(*secret);
  key.last4 = api_key::last4(*secret);
  key.created_ms = now_ms;
  storage::put_json(batch, storage::Table::api_keys, storage::keys::api_key_by_hash(key.hash), key.to_storage());
  batch.put(storage::Table::api_keys, storage::keys::api_key_by_workspace(workspace_id, key.id), key.hash);
  return key;
}

NewWorkspace make_workspace(const std::string& name, std::int64_t now_ms, storage::Batch& batch) {
  NewWorkspace created;
  auto id = ids::make("ws");
  created.record.id = id;
  created.record.name = name;
  created.record.created_ms = now_ms;
  storage::put_json(batch, storage::Table::workspaces, id, created.record);
  created.key = make_api_key(id, "admin", KeyRole::admin, now_ms, &created.secret, batch);
  return created;
}

bool bootstrap_first_workspace(Services& services, std::optional<BootstrapCredentials>* created,
                               std::string* error) {
  if (services.db->get(storage::Table::meta, "bootstrap")) return true;
  storage::Batch batch;
  auto workspace = make_workspace("default", clock::now_ms(), batch);
  BootstrapCredentials credentials{workspace.record.id, workspace.secret};
  // The file first: a crash before the commit makes the next start redo both.
  nlohmann::json file = {{"workspace_id", credentials.workspace_id}, {"api_key", credentials.api_key}};
  if (!write_file_atomically(services.settings.data_dir + "/bootstrap.json", file.dump(2) + "\n", error)) return false;
  storage::put_json(batch, storage::Table::meta, "bootstrap",
                    {{"workspace_id", credentials.workspace_id}, {"created_ms", clock::now_ms()}});
  if (!services.committer->commit_now(batch, error)) return false;
  *created = credentials;
  return true;
}

bool load_url_signer(Services& services, std::string* error) {
  auto stored = storage::get_json(*services.db, storage::Table::meta, "url_signing_keys");
  if (!stored) {
    std::string secret = crypto::random_bytes(32);
    stored = nlohmann::json::array({{{"id", "k1"}, {"secret", crypto::base64_encode(secret)}}});
    storage::Batch batch;
    storage::put_json(batch, storage::Table::meta, "url_signing_keys", *stored);
    if (!services.committer->commit_now(batch, error)) return false;
  }
  std::vector<UrlSigningKey> keys;
  for (const auto& entry : *stored) {
    UrlSigningKey key;
    key.id = entry.value("id", "");
    if (!crypto::base64_decode(entry.value("secret", ""), &key.secret) || key.id.empty()) {
      if (error) *error = "meta/url_signing_keys holds a malformed key";
      return false;
    }
    keys.push_back(std::move(key));
  }
  services.url_signer = std::make_unique<UrlSigner>(std::move(keys));
  return true;
}

}  // namespace s2d
