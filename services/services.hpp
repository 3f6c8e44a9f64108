#pragma once
// services/: what the engine owns and every part above shares, node bootstrap, retention, the API views of records.
//
// What actors and handlers share: settings, storage, signing. Owned by the
// engine, outlives every actor. No CAF here.

#include "core/settings.hpp"
#include "core/signed_url.hpp"
#include "datasources/datasources.hpp"
#include "net/egress.hpp"
#include "policies/key_registry.hpp"
#include "policies/request_log.hpp"
#include "services/io_pool.hpp"
#include "services/metrics.hpp"
#include "services/stream_slots.hpp"
#include "services/webhook_secrets.hpp"
#include "storage/committer.hpp"
#include "storage/db.hpp"
#include "storage/file_store.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace s2d {

// Tells the webhook dispatcher about outbox entries that have just become
// durable. The engine connects it at start and disconnects it before the
// actors stop; while unconnected the news is dropped, which loses nothing:
// the dispatcher loads every outbox entry when it starts.
class OutboxSignal {
 public:
  using Receiver = std::function<void(std::vector<std::string> outbox_keys)>;
  void connect(Receiver receiver);
  void disconnect();
  void notify(std::vector<std::string> outbox_keys);

 private:
  std::mutex mutex_;
  Receiver receiver_;
};

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
  std::unique_ptr<SecretSealer> secret_sealer;  // webhook endpoint secrets at rest
  net::EgressPolicy egress;                     // where webhooks may go (egress.allow, as datasources)
  OutboxSignal outbox_signal;                   // new webhook deliveries -> the dispatcher
  Metrics metrics;                              // counters and histograms of /metrics
  StreamSlots streams;                          // open event streams per workspace (events.max_streams_per_workspace)

  // Base of absolute URLs handed to clients (signed file URLs).
  std::string public_url() const;
  int render_slots() const;
  int default_workspace_concurrency() const;
};

}  // namespace s2d
