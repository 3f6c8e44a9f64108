#pragma once
// Node-wide records made once: the first workspace with its admin key, and
// the URL signing key. No CAF here.

#include "core/api_key.hpp"
#include "core/records.hpp"
#include "services/services.hpp"

#include <optional>
#include <string>

namespace s2d {

// Creates the first workspace and admin key when the data dir is new, writes
// them to <data-dir>/bootstrap.json (mode 0600) and returns them; nullopt on
// later starts. false + *error when storage fails.
bool bootstrap_first_workspace(Services& services, std::optional<BootstrapCredentials>* created,
                               std::string* error);


// Loads the URL signing keys, creating the first one on a new data dir.
bool load_url_signer(Services& services, std::string* error);

// A new workspace record and its first admin key, added to `batch`.
struct NewWorkspace {
  WorkspaceRecord record;
  ApiKeyRecord key;
  std::string secret;
};
NewWorkspace make_workspace(const std::string& name, std::int64_t now_ms, storage::Batch& batch);
ApiKeyRecord make_api_key(const std::string& workspace_id, const std::string& name, KeyRole role,
                          std::int64_t now_ms, std::string* secret, storage::Batch& batch);

}  // namespace s2d
