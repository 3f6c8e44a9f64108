#pragma once
// Key layout of every table, and the JSON value codec.
//
// Keys that belong to a workspace start with "<ws_id>/", so a workspace's
// rows are one prefix scan and a lookup with another workspace's id finds
// nothing. Ids are time-ordered, so "<ws>/<id>" keys list oldest to newest
// and a reverse scan lists newest first (API pagination).
//
//   workspaces         <ws>                         workspace record
//   api_keys           h/<sha256 hex>               key record
//                      w/<ws>/<key id>              sha256 hex (listing)
//   templates          <ws>/<tpl>                   template record
//   template_versions  <tpl>/<version, 10 digits>   version record (source, asset list)
//                      asset/<tpl>/<sha256 hex>     bytes of an asset, shared by the
//                                                   versions that list it
//   generations        <ws>/<gen>                   generation record (core/generation.hpp)
//   generation_data    <gen>                        inline data of a generation
//   queue              <gen>                        <ws>: not yet terminal (resumed on start)
//   idempotency        <ws>/<idempotency key>       fingerprint, response, expiry
//   files              <file>                       output file record
//   data_sources       <ws>/<src>                   data source record (config with secrets)
//   records            <ws>/<src>/<seq, 16 digits>  one record of a `records` source
//   record_index       <ws>/<src>/<h>/<seq>         "" : record <seq> has field = value, where
//                                                   <h> = hex of the first 16 bytes of
//                                                   sha256(field NUL value text) (records.hpp)
//   webhook_endpoints  <ws>/<whe>                   endpoint: url, events, sealed secrets, enabled
//                      health/<ws>/<whe>            failing since / disabled by delivery outcomes
//   events             <ws>/<evt>                   webhook event with its generation snapshot
//   outbox             <obx>                        pending webhook delivery (webhooks/outbox.hpp)
//   deliveries         <ws>/<whe>/<dlv>             one webhook delivery attempt
//   batches            <ws>/<bat>                   batch record (core/batch.hpp): cursors and counts
//   batch_items        <ws>/<bat>/<gen>             batch_index: the current generation of each item
//   batch_inputs       <bat>/<index, 10 digits>     one item of an `items` batch, until the batch is finished
//   batch_marks        <bat>/<gen>                  terminal status of an item, not yet in the counts
//   batch_failed       <bat>/<gen>                  "": a failed item (what retry makes again)
//   active_batches     <ws>/<bat>                   "": not finished (its driver resumes on start)
//   meta               bootstrap, url_signing_keys  node-wide settings
//                      webhook_secret_key           fingerprint of <data-dir>/webhook-secrets.key

#include "storage/db.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace s2d::storage {

namespace keys {
std::string scoped(const std::string& workspace_id, const std::string& id);
std::string workspace_prefix(const std::string& workspace_id);
std::string api_key_by_hash(const std::string& hash);
std::string api_key_by_workspace(const std::string& workspace_id, const std::string& key_id);
std::string template_version(const std::string& template_id, int version);
std::string template_versions_prefix(const std::string& template_id);
std::string template_asset(const std::string& template_id, const std::string& sha256_hex);
std::string records_prefix(const std::string& workspace_id, const std::string& source_id);
std::string record(const std::string& workspace_id, const std::string& source_id, std::uint64_t seq);
std::string batch_input(const std::string& batch_id, std::int64_t index);
std::string record_index_prefix(const std::string& workspace_id, const std::string& source_id,
                                const std::string& field, const std::string& value_text);
}  // namespace keys

// Values are compact JSON text: readable with `ldb`, tolerant of added fields.
std::optional<nlohmann::json> get_json(const Db& db, Table table, const std::string& key);
void put_json(Batch& batch, Table table, std::string key, const nlohmann::json& value);

}  // namespace s2d::storage
