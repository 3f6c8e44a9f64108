#pragma once
// What the connectors share (internal to datasources/): the call they get,
// error constructors and the record budget.

#include "datasources/datasources.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::datasources {

using Clock = std::chrono::steady_clock;

// One fetch as a connector sees it. Limits are already lowered by the
// source's own settings; the config has passed validate_config.
struct ConnectorCall {
  const nlohmann::json& config;
  const nlohmann::json& filters;
  const Environment& environment;
  FetchLimits limits;
  Clock::time_point deadline;
  bool sample = false;  // first record only; a parameter without value binds NULL

  std::chrono::milliseconds remaining() const;
};

// The connectors return source records before field_map; fetch() applies it.
FetchResult fetch_http(const ConnectorCall& call);
FetchResult fetch_postgres(const ConnectorCall& call);
FetchResult fetch_sqlite(const ConnectorCall& call);

SourceError unreachable(std::string message);
SourceError query_failed(std::string message);
SourceError too_large(std::string message);

// Counts records and raw bytes against the limits as they arrive.
class RecordBudget {
 public:
  explicit RecordBudget(const FetchLimits& limits) : limits_(limits) {}
  // Accounts for one more record; the error once a limit is passed.
  std::optional<SourceError> add(std::size_t raw_bytes);

 private:
  FetchLimits limits_;
  std::size_t records_ = 0;
  std::size_t bytes_ = 0;
};

// `text` with every occurrence of each secret replaced by "***", for
// messages that quote a server's or library's words.
std::string scrub(std::string text, const std::vector<std::string>& secrets);

// A PostgreSQL connection string read into libpq options, refusing the
// options that would make libpq use files or credentials of the s2d server
// and unix-domain sockets. The error never quotes the string.
struct ConnectionOptions {
  std::map<std::string, std::string> values;
  std::vector<std::string> secrets;  // the password and the whole string, for scrub()
};
std::optional<std::string> parse_connection_string(const std::string& connection_string,
                                                   ConnectionOptions* out);

bool equals_ignoring_case(std::string_view a, std::string_view b);  // ASCII
// Locale-independent: bytes of UTF-8 text are never letters here.
bool is_ascii_alnum(char c);

// "a,b,,c" split at ',' -> {"a", "b", "", "c"}; empty parts are kept.
std::vector<std::string> split(const std::string& text, char separator);

// A too_large error naming the limit ("max_records" or "max_bytes").
SourceError limit_exceeded(const char* limit, std::size_t max, std::string message);

// --- The SQL connectors share one flow (sql_source.cpp) over this seam. ---

// Receives rows one at a time (with their size in raw bytes); returns
// false to stop reading the rest.
using RowSink = std::function<bool(nlohmann::json row, std::size_t raw_bytes)>;

class SqlSession {
 public:
  virtual ~SqlSession() = default;
  // Reads a query; `parameters` gets its parameter names in binding order.
  // `label` names the query in messages ("query", "children.items").
  virtual std::optional<SourceError> prepare(const std::string& label, const std::string& sql,
                                             std::vector<std::string>* parameters, int* handle) = 0;
  // Runs a prepared query with values[i] bound to its i-th parameter
  // (nullptr: NULL) and feeds the rows to `sink`.
  virtual std::optional<SourceError> run(int handle, const std::vector<const nlohmann::json*>& values,
                                         const RowSink& sink) = 0;
};

// The main query, then each child query once per main row.
FetchResult run_sql_source(SqlSession& session, const ConnectorCall& call);

}  // namespace s2d::datasources
