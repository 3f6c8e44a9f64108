// PostgreSQL connector (libpq).
//
// Every fetch: its own connection (hosts resolved and checked by the egress
// policy, then pinned with hostaddr), a read-only transaction with a
// statement timeout, each query prepared with $n parameters and run in
// single-row mode so that limits apply while rows arrive. Every wait on the
// socket is bounded by the fetch's deadline: a server that stops answering
// costs at most the timeout.

#include "datasources/connectors.hpp"
#include "datasources/parameters.hpp"
#include "datasources/values.hpp"

#include "net/egress.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>

namespace s2d::datasources {
namespace {

// Options a tenant may set. The rest would make libpq read files or
// credentials of the s2d server (service, passfile, sslkey, sslcert, ...).
const std::set<std::string>& allowed_options() {
  static const std::set<std::string> names = {
      "host", "hostaddr", "port", "dbname", "user", "password", "connect_timeout",
      "application_name", "fallback_application_name", "options", "sslmode", "sslcompression",
      "sslsni", "channel_binding", "ssl_min_protocol_version", "ssl_max_protocol_version",
      "target_session_attrs", "keepalives", "keepalives_idle", "keepalives_interval",
      "keepalives_count", "tcp_user_timeout", "client_encoding"};
  return names;
}

std::string join_list(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

// libpq's (possibly multi-line, tab-indented) message on one line.
std::string one_line(const std::string& text) {
  std::string line;
  for (char c : text) {
    bool blank = c == '\n' || c == '\t' || c == ' ';
    if (!blank) {
      line += c;
    } else if (!line.empty() && line.back() != ' ') {
      line += ' ';
    }
  }
  if (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

// Every host of the connection string, resolved and checked against the
// egress policy; the checked addresses go into hostaddr so that libpq
// connects to exactly those (a second DNS answer cannot redirect it).
std::optional<SourceError> pin_hosts(std::map<std::string, std::string>* options,
                                     const net::EgressPolicy& policy, std::chrono::milliseconds timeout) {
  std::string hostaddr = (*options)["hostaddr"];
  if (!hostaddr.empty()) {
    for (const auto& literal : split(hostaddr, ',')) {
      auto address = net::IpAddress::parse(literal);
      if (!address) return query_failed("connection_string: hostaddr '" + literal + "' is not an IP address");
      std::string reason = policy.refusal_reason(*address);
      if (!reason.empty()) {
        SourceError error = unreachable("egress to " + literal + " refused: " + reason +
                                        " address; only public addresses and S2D_EGRESS_ALLOW blocks may be reached");
        error.context["net_error"] = std::string(net::to_string(net::NetError::egress_refused));
        return error;
      }
    }
    return std::nullopt;
  }
  std::vector<std::string> pinned;
  for (const auto& host : split((*options)["host"], ',')) {
    net::EgressCheck check = net::resolve_for_egress(host, policy, timeout);
    if (!check.ok()) {
      SourceError error = unreachable(check.message.empty() ? "cannot resolve host " + host : check.message);
      error.context["net_error"] = std::string(net::to_string(check.error));
      return error;
    }
    pinned.push_back(check.addresses.front().to_string());
  }
  (*options)["hostaddr"] = join_list(pinned);
  return std::nullopt;
}

bool wait_for_socket(int socket, short events, Clock::time_point deadline) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd descriptor{socket, events, 0};
    int ready = ::poll(&descriptor, 1, static_cast<int>(std::min<long long>(left, 60'000)));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return true;  // let libpq report the socket's error
  }
}

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

struct Statement {
  std::string label;
  std::string sql;  // with $n
  bool prepared = false;  // on the current connection
};

class PostgresSession final : public SqlSession {
 public:
  PostgresSession(const ConnectorCall& call, ConnectionOptions options)
      : call_(call), options_(std::move(options)) {}
  ~PostgresSession() override { disconnect(); }

  std::optional<SourceError> prepare(const std::string& label, const std::string& sql,
                                     std::vector<std::string>* parameters, int* handle) override {
    RewrittenQuery rewritten = rewrite_named_parameters(sql);
    if (!rewritten.error.empty()) return query_failed(label + ": " + rewritten.error);
    *parameters = rewritten.parameters;
    *handle = static_cast<int>(statements_.size());
    statements_.push_back(Statement{label, std::move(rewritten.sql), false});
    return std::nullopt;
  }

  std::optional<SourceError> run(int handle, const std::vector<const nlohmann::json*>& values,
                                 const RowSink& sink) override {
    if (auto error = ensure_session()) return error;
    Statement& statement = statements_.at(handle);
    if (auto error = ensure_prepared(handle, statement)) return error;

    std::vector<std::optional<std::string>> texts;
    std::vector<const char*> pointers;
    for (const nlohmann::json* value : values) texts.push_back(value ? parameter_text(*value) : std::nullopt);
    for (const auto& text : texts) pointers.push_back(text ? text->c_str() : nullptr);
    std::string name = statement_name(handle);
    if (!PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(pointers.size()), pointers.data(),
                             nullptr, nullptr, 0))
      return connection_error();
    PQsetSingleRowMode(conn_);
    if (auto error = flush()) return error;
    return read_rows(statement, sink);
  }

 private:
  static std::string statement_name(int handle) { return "s2d_" + std::to_string(handle); }

  std::optional<SourceError> read_rows(const Statement& statement, const RowSink& sink) {
    std::optional<SourceError> failure;
    while (true) {
      std::optional<SourceError> wait_error;
      Result result = next_result(&wait_error);
      if (wait_error) return wait_error;
      if (!result) break;
      switch (PQresultStatus(result.get())) {
        case PGRES_SINGLE_TUPLE: {
          if (failure) break;
          std::size_t raw_bytes = 0;
          nlohmann::json row = row_of(result.get(), &raw_bytes);
          // Rows after a stop are not wanted: drop the connection rather
          // than read the rest of a possibly huge result.
          if (!sink(std::move(row), raw_bytes)) {
            disconnect();
            return std::nullopt;
          }
          break;
        }
        case PGRES_COPY_OUT:
        case PGRES_COPY_IN:
        case PGRES_COPY_BOTH:
          // libpq would stay in COPY mode: this connection is done.
          disconnect();
          return query_failed(statement.label + ": COPY is not supported; use SELECT");
        case PGRES_FATAL_ERROR:
        case PGRES_BAD_RESPONSE:
          if (!failure) failure = result_error(result.get(), statement.label);
          break;
        default:  // TUPLES_OK ends the rows; COMMAND_OK, EMPTY_QUERY: no rows
          break;
      }
    }
    if (failure) return failure;
    if (PQtransactionStatus(conn_) != PQTRANS_INTRANS) {
      disconnect();
      return query_failed(statement.label + ": the query ended the read-only transaction");
    }
    return std::nullopt;
  }

  static nlohmann::json row_of(const PGresult* result, std::size_t* raw_bytes) {
    nlohmann::json row = nlohmann::json::object();
    for (int column = 0; column < PQnfields(result); ++column) {
      std::string name = valid_utf8(PQfname(result, column));
      if (PQgetisnull(result, 0, column)) {
        row[name] = nullptr;
        continue;
      }
      int length = PQgetlength(result, 0, column);
      *raw_bytes += static_cast<std::size_t>(length);
      row[name] = postgres_value(PQftype(result, column),
                                 std::string_view(PQgetvalue(result, 0, column), length));
    }
    return row;
  }

  std::optional<SourceError> ensure_session() {
    if (conn_) return std::nullopt;
    if (auto error = connect()) return error;
    for (auto& statement : statements_) statement.prepared = false;
    auto timeout_ms = std::max<long long>(1, std::min<long long>(statement_timeout_ms(), call_.remaining().count()));
    // The closing SELECT takes the transaction's first snapshot: from then
    // on PostgreSQL refuses SET TRANSACTION READ WRITE, so a tenant's query
    // cannot turn the transaction writable.
    std::string setup =
        "SET SESSION default_transaction_read_only = on; BEGIN READ ONLY; "
        "SET LOCAL statement_timeout = " + std::to_string(timeout_ms) + "; "
        "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; "
        "SET LOCAL IntervalStyle = 'iso_8601'; SET LOCAL bytea_output = 'hex'; "
        "SET LOCAL extra_float_digits = 1; SELECT 1";
    if (!PQsendQuery(conn_, setup.c_str())) return connection_error();
    return finish_command("session setup");
  }

  long long statement_timeout_ms() const {
    auto configured = call_.config.find("statement_timeout_ms");
    long long limit = call_.limits.timeout.count();
    if (configured != call_.config.end() && configured->is_number_integer())
      limit = std::min(limit, configured->get<long long>());
    return limit;
  }

  std::optional<SourceError> ensure_prepared(int handle, Statement& statement) {
    if (statement.prepared) return std::nullopt;
    std::string name = statement_name(handle);
    if (!PQsendPrepare(conn_, name.c_str(), statement.sql.c_str(), 0, nullptr)) return connection_error();
    if (auto error = finish_command(statement.label)) return error;
    statement.prepared = true;
    return std::nullopt;
  }

  // Flushes a sent command and reads its results; the first error wins.
  std::optional<SourceError> finish_command(const std::string& label) {
    if (auto error = flush()) return error;
    std::optional<SourceError> failure;
    while (true) {
      std::optional<SourceError> wait_error;
      Result result = next_result(&wait_error);
      if (wait_error) return wait_error;
      if (!result) return failure;
      if (PQresultStatus(result.get()) == PGRES_FATAL_ERROR && !failure)
        failure = result_error(result.get(), label);
    }
  }

  std::optional<SourceError> connect() {
    std::vector<const char*> keywords, values;
    for (const auto& [keyword, value] : options_.values) {
      if (value.empty()) continue;
      keywords.push_back(keyword.c_str());
      values.push_back(value.c_str());
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    conn_ = PQconnectStartParams(keywords.data(), values.data(), 0);
    if (!conn_) return unreachable("cannot start a PostgreSQL connection (out of memory)");
    if (PQstatus(conn_) == CONNECTION_BAD) return connection_error();
    PostgresPollingStatusType state = PGRES_POLLING_WRITING;
    while (state != PGRES_POLLING_OK) {
      if (state == PGRES_POLLING_FAILED) return connection_error();
      short events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT;
      if (!wait_for_socket(PQsocket(conn_), events, call_.deadline)) return timed_out("connecting");
      state = PQconnectPoll(conn_);
    }
    PQsetnonblocking(conn_, 1);
    return std::nullopt;
  }

  std::optional<SourceError> flush() {
    while (true) {
      int pending = PQflush(conn_);
      if (pending == 0) return std::nullopt;
      if (pending < 0) return connection_error();
      if (!wait_for_socket(PQsocket(conn_), POLLOUT | POLLIN, call_.deadline)) return timed_out("sending");
      if (!PQconsumeInput(conn_)) return connection_error();
    }
  }

  Result next_result(std::optional<SourceError>* error) {
    while (true) {
      if (!PQconsumeInput(conn_)) {
        *error = connection_error();
        return nullptr;
      }
      if (!PQisBusy(conn_)) return Result(PQgetResult(conn_));
      if (!wait_for_socket(PQsocket(conn_), POLLIN, call_.deadline)) {
        *error = timed_out("waiting for rows");
        return nullptr;
      }
    }
  }

  SourceError result_error(const PGresult* result, const std::string& label) {
    const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    const char* hint = PQresultErrorField(result, PG_DIAG_MESSAGE_HINT);
    std::string code = sqlstate ? sqlstate : "";
    std::string message = scrub(one_line(primary ? primary : PQresultErrorMessage(result)), options_.secrets);
    bool connection_lost = PQstatus(conn_) == CONNECTION_BAD || code.rfind("08", 0) == 0 ||
                           code == "57P01" || code == "57P02" || code == "57P03";
    SourceError error = connection_lost ? unreachable("PostgreSQL connection lost: " + message)
                                        : query_failed(label + ": PostgreSQL: " + message);
    if (!code.empty()) error.context["sqlstate"] = code;
    if (hint) error.context["hint"] = scrub(one_line(hint), options_.secrets);
    return error;
  }

  SourceError connection_error() {
    std::string message = conn_ ? one_line(PQerrorMessage(conn_)) : "no connection";
    disconnect();
    return unreachable("PostgreSQL: " + scrub(message, options_.secrets));
  }

  SourceError timed_out(const char* while_doing) {
    disconnect();
    return unreachable(std::string("PostgreSQL did not answer within the timeout (") +
                       std::to_string(call_.limits.timeout.count()) + " ms) while " + while_doing);
  }

  void disconnect() {
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
  }

  const ConnectorCall& call_;
  ConnectionOptions options_;
  PGconn* conn_ = nullptr;
  std::vector<Statement> statements_;
};

// libpq fills every option a connection string leaves out from PG*
// environment variables: the s2d server's password or service would then
// be sent to whatever host a tenant names.
std::optional<SourceError> check_libpq_environment() {
  for (const char* name : {"PGPASSWORD", "PGSERVICE"}) {
    const char* value = std::getenv(name);
    if (value && *value)
      return unreachable(std::string("postgres data sources are disabled on this server: its environment sets ") +
                         name + ", which libpq would use for every data source");
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> parse_connection_string(const std::string& connection_string,
                                                   ConnectionOptions* out) {
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(connection_string.c_str(), &parse_error);
  // libpq's parse message may quote the string (and so a password): not shown.
  if (parse_error) PQfreemem(parse_error);
  if (!parsed)
    return std::string("not a valid libpq connection string (key=value pairs or a postgresql:// URI)");
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> guard(parsed, PQconninfoFree);
  ConnectionOptions options;
  for (PQconninfoOption* option = parsed; option->keyword; ++option) {
    if (!option->val || !*option->val) continue;
    if (!allowed_options().count(option->keyword))
      return "the option '" + std::string(option->keyword) +
             "' is not accepted (it would use files or credentials of the s2d server)";
    options.values[option->keyword] = option->val;
  }
  if (options.values["host"].empty() && options.values["hostaddr"].empty())
    return std::string("no host: name the server (host=... or postgresql://host/...)");
  for (const auto& host : split(options.values["host"], ',')) {
    if (!host.empty() && (host[0] == '/' || host[0] == '@'))
      return std::string("unix-domain sockets are not accepted; name a TCP host");
  }
  options.secrets = {options.values["password"], connection_string};
  *out = std::move(options);
  return std::nullopt;
}

FetchResult fetch_postgres(const ConnectorCall& call) {
  FetchResult result;
  if (auto error = check_libpq_environment()) {
    result.error = std::move(error);
    return result;
  }
  ConnectionOptions options;
  if (auto problem = parse_connection_string(call.config.at("connection_string").get<std::string>(), &options)) {
    result.error = query_failed("connection_string: " + *problem);
    return result;
  }
  if (auto error = pin_hosts(&options.values, call.environment.egress, call.remaining())) {
    error->message = scrub(error->message, options.secrets);
    result.error = std::move(error);
    return result;
  }
  // These replace the tenant's: the fetch's deadline bounds the connect,
  // values come back as UTF-8, and no password file of the s2d server is
  // read (a path that cannot exist: /dev/null is not a directory).
  long long connect_seconds = std::max<long long>(2, (call.remaining().count() + 999) / 1000);
  options.values["connect_timeout"] = std::to_string(connect_seconds);
  options.values["client_encoding"] = "UTF8";
  options.values["passfile"] = "/dev/null/no-passfile";
  options.values["gssencmode"] = "disable";
  options.values.emplace("application_name", "s2d");
  PostgresSession session(call, std::move(options));
  return run_sql_source(session, call);
}

}  // namespace s2d::datasources
