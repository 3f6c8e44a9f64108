#pragma once
// Data-source credentials at rest: a postgres `connection_string`, every
// http header value and a password in an http `url`. The stored record
// keeps its `config` with those values redacted (exactly as the API shows
// it) and the whole config sealed beside it in `sealed_config`, with the
// node key of webhook secrets (services/webhook_secrets.hpp) and the source
// id as associated data. A copy of the database alone reveals no
// credential; the fetch opens the config when it needs it.

#include "core/records.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace s2d {

struct Services;

// Turns a record holding its full `config` into its stored form. A config
// without credentials (records, sqlite, an http source without headers) is
// stored as it is.
void seal_source_config(const Services& services, DataSourceRecord& record);

// The record's full config: opened from `sealed_config`, else `config`
// (a record without credentials). A sealed config this key cannot open
// (a damaged record) gives the redacted one, whose "***" fails the fetch.
nlohmann::json source_config(const Services& services, const DataSourceRecord& record);

// Seals the records an earlier version stored in plain text, then compacts
// the table so their old text leaves the files. Returns how many it sealed;
// false and *error when writing failed.
bool seal_plaintext_sources(Services& services, std::size_t* sealed, std::string* error);

}  // namespace s2d
