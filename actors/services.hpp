#pragma once
// What actors and handlers share: settings, storage, signing. Owned by the
// engine, outlives every actor. No CAF here.

#include "actors/io_pool.hpp"
#include "actors/key_registry.hpp"
#include "actors/request_log.hpp"
#include "core/settings.hpp"
#include "core/signed_url.hpp"
#include "datasources/datasources.hpp"
#include "storage/committer.hpp"
#include "storage/db.hpp"
#include "storage/file_store.hpp"

#include <memory>
#include <string>

namespace s2d {

struct Services {
  Settings settings;
  std::unique_ptr<storage::Db> db;
  std::unique_ptr<storage::Committer> committer;
  std::unique_ptr<storage::FileStore> files;
  std::unique_ptr<UrlSigner> url_signer;
  std::unique_ptr<IoPool> io;               // blocking work off the actor threads
  std::unique_ptr<RequestLog> request_log;
  KeyRegistry keys;
  datasources::Environment datasources;      // egress policy and sqlite directory, set at start
  datasources::FetchLimits datasource_limits;

  // Base of absolute URLs handed to clients (signed file URLs).
  std::string public_url() const;
  int render_threads() const;
  int default_workspace_concurrency() const;
};

}  // namespace s2d
