// SQLite connector.
//
// The database file lies under the operator's directory (S2D_SQLITE_DIR);
// the config names it relative to that directory and the resolved file
// (symlinks followed) must still be inside it. The connection is read-only
// three times over: opened SQLITE_OPEN_READONLY, `PRAGMA query_only`, and
// an authorizer that lets a tenant's query read and nothing else: SELECT,
// reading columns, recursive CTEs and an allow-list of pure functions.
// Everything else (ATTACH, which could open any other file, PRAGMA, writes,
// fts3_tokenizer, load_extension, any function not listed) fails to prepare
// with SQLite's "not authorized". The two-argument fts3_tokenizer (which
// registers a raw pointer) and extension loading are also switched off on
// the connection, and the schema is untrusted, so views and triggers in the
// file cannot call unsafe functions either. A progress handler stops a
// query at the fetch's deadline.

#include "datasources/connectors.hpp"
#include "datasources/values.hpp"

#include "core/crypto.hpp"
#include "core/json_text.hpp"

#include <sqlite3.h>
#include <stdlib.h>

#include <cctype>
#include <cmath>
#include <memory>
#include <set>
#include <string_view>

namespace s2d::datasources {
namespace {

std::string canonical_path(const std::string& path) {
  std::unique_ptr<char, decltype(&free)> resolved(realpath(path.c_str(), nullptr), free);
  return resolved ? std::string(resolved.get()) : std::string();
}

bool lies_inside(const std::string& path, const std::string& directory) {
  std::string prefix = directory.back() == '/' ? directory : directory + "/";
  return path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0;
}

// The database file for `relative`, or the error saying why not.
std::optional<SourceError> locate_database(const std::string& sqlite_dir, const std::string& relative,
                                           std::string* path) {
  if (sqlite_dir.empty())
    return unreachable("sqlite data sources are not enabled on this server (S2D_SQLITE_DIR is not set)");
  std::string directory = canonical_path(sqlite_dir);
  if (directory.empty()) return unreachable("the sqlite directory of this server does not exist");
  *path = canonical_path(directory + "/" + relative);
  if (path->empty()) return unreachable("no database file '" + relative + "' in the sqlite directory");
  if (!lies_inside(*path, directory))
    return unreachable("the path '" + relative + "' leads outside the sqlite directory");
  return std::nullopt;
}

// A column value as JSON. SQLite has no boolean or JSON storage class, so
// the declared column type decides: BOOLEAN/BOOL integers become booleans
// and JSON text is parsed.
nlohmann::json column_value(sqlite3_stmt* statement, int column, std::size_t* raw_bytes) {
  const char* declared_type = sqlite3_column_decltype(statement, column);
  std::string_view declared = declared_type ? declared_type : "";
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_INTEGER: {
      *raw_bytes += 8;
      sqlite3_int64 value = sqlite3_column_int64(statement, column);
      bool is_bool = equals_ignoring_case(declared, "BOOLEAN") || equals_ignoring_case(declared, "BOOL");
      if (is_bool && (value == 0 || value == 1)) return value == 1;
      return value;
    }
    case SQLITE_FLOAT: {
      *raw_bytes += 8;
      double value = sqlite3_column_double(statement, column);
      if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
      return value;
    }
    case SQLITE_TEXT: {
      const char* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      std::string_view view(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
      *raw_bytes += view.size();
      if (equals_ignoring_case(declared, "JSON")) {
        // Too deep for api.max_json_depth (or not JSON): the text itself.
        nlohmann::json parsed;
        if (!parse_json(view, &parsed)) return parsed;
      }
      return valid_utf8(view);
    }
    case SQLITE_BLOB: {
      const char* bytes = static_cast<const char*>(sqlite3_column_blob(statement, column));
      std::string_view view(bytes ? bytes : "", static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
      *raw_bytes += view.size();
      return crypto::base64_encode(view);
    }
    default:
      return nullptr;
  }
}

int bind_value(sqlite3_stmt* statement, int index, const nlohmann::json* value) {
  if (!value || value->is_null()) return sqlite3_bind_null(statement, index);
  if (value->is_boolean()) return sqlite3_bind_int(statement, index, value->get<bool>() ? 1 : 0);
  if (value->is_number_integer()) return sqlite3_bind_int64(statement, index, value->get<sqlite3_int64>());
  if (value->is_number()) return sqlite3_bind_double(statement, index, value->get<double>());
  std::string text = value->is_string() ? value->get<std::string>() : value->dump();
  return sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

// Functions a query may call: SQLite's core scalar, aggregate, window,
// date and JSON functions, all pure computations on their arguments.
bool allowed_function(std::string_view name) {
  static const std::set<std::string, std::less<>> allowed = {
      "abs", "avg", "char", "coalesce", "concat", "concat_ws", "count", "cume_dist", "date", "datetime",
      "dense_rank", "first_value", "format", "glob", "group_concat", "hex", "ifnull", "iif", "instr", "json",
      "json_array", "json_array_length", "json_extract", "json_group_array", "json_group_object", "json_insert",
      "json_object", "json_patch", "json_quote", "json_remove", "json_replace", "json_set", "json_type",
      "json_valid", "julianday", "lag", "last_value", "lead", "length", "like", "likelihood", "likely", "lower",
      "ltrim", "max", "min", "nth_value", "ntile", "nullif", "octet_length", "percent_rank", "printf", "quote",
      "random", "rank", "replace", "round", "row_number", "rtrim", "sign", "string_agg", "strftime", "substr",
      "substring", "sum", "time", "timediff", "total", "trim", "typeof", "unhex", "unicode", "unixepoch",
      "unlikely", "upper", "->", "->>"};
  std::string lowered(name);
  for (auto& c : lowered) c = char(std::tolower(static_cast<unsigned char>(c)));
  return allowed.count(lowered) > 0;
}

// Reads only: the statement, its column reads, recursive CTEs and allowed
// functions (for SQLITE_FUNCTION the function name is the second argument).
int authorize(void*, int action, const char*, const char* second, const char*, const char*) {
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    case SQLITE_FUNCTION:
      return second && allowed_function(second) ? SQLITE_OK : SQLITE_DENY;
    default:
      return SQLITE_DENY;
  }
}

int past_deadline(void* deadline) {
  return Clock::now() >= *static_cast<const Clock::time_point*>(deadline) ? 1 : 0;
}

bool only_blanks_and_comments(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (std::string_view(" \t\r\n\f\v;").find(text[i]) != std::string_view::npos) {
      ++i;
    } else if (text.compare(i, 2, "--") == 0) {
      std::size_t end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end;
    } else if (text.compare(i, 2, "/*") == 0) {
      std::size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else {
      return false;
    }
  }
  return true;
}

struct StatementDeleter {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

class SqliteSession final : public SqlSession {
 public:
  explicit SqliteSession(const ConnectorCall& call) : call_(call) {}
  ~SqliteSession() override {
    statements_.clear();  // finalized before the connection closes
    if (db_) sqlite3_close(db_);
  }

  std::optional<SourceError> open(const std::string& path) {
    int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK)
      return unreachable("cannot open the sqlite database: " + std::string(db_ ? sqlite3_errmsg(db_) : "out of memory"));
    sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_busy_timeout(db_, static_cast<int>(std::min<long long>(call_.remaining().count(), 1 << 30)));
    sqlite3_extended_result_codes(db_, 1);
    char* message = nullptr;
    if (sqlite3_exec(db_, "PRAGMA query_only = 1", nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      return query_failed("cannot make the sqlite connection read-only: " + text);
    }
    sqlite3_set_authorizer(db_, authorize, nullptr);
    sqlite3_progress_handler(db_, 1000, past_deadline, &deadline_);
    return std::nullopt;
  }

  std::optional<SourceError> prepare(const std::string& label, const std::string& sql,
                                     std::vector<std::string>* parameters, int* handle) override {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int code = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    std::unique_ptr<sqlite3_stmt, StatementDeleter> statement(raw);
    if (code != SQLITE_OK) return error_of(label);
    if (!statement) return query_failed(label + ": the query is empty");
    if (!only_blanks_and_comments(std::string_view(tail, sql.data() + sql.size() - tail)))
      return query_failed(label + ": only one SQL statement is accepted");
    if (!sqlite3_stmt_readonly(statement.get()))
      return query_failed(label + ": the query would write to the database, which is read-only here");
    for (int index = 1; index <= sqlite3_bind_parameter_count(statement.get()); ++index) {
      const char* name = sqlite3_bind_parameter_name(statement.get(), index);
      if (!name || name[0] == '?')
        return query_failed(label + ": positional parameter ?" +
                            (name ? std::string(name + 1) : std::to_string(index)) +
                            ": name the parameter instead (:name)");
      parameters->push_back(name + 1);  // without its :, @ or $
    }
    *handle = static_cast<int>(statements_.size());
    statements_.push_back(std::move(statement));
    labels_.push_back(label);
    return std::nullopt;
  }

  std::optional<SourceError> run(int handle, const std::vector<const nlohmann::json*>& values,
                                 const RowSink& sink) override {
    sqlite3_stmt* statement = statements_.at(handle).get();
    const std::string& label = labels_.at(handle);
    sqlite3_reset(statement);
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (bind_value(statement, static_cast<int>(i + 1), values[i]) != SQLITE_OK) return error_of(label);
    }
    while (true) {
      int code = sqlite3_step(statement);
      if (code == SQLITE_DONE) return std::nullopt;
      if (code != SQLITE_ROW) return error_of(label);
      std::size_t raw_bytes = 0;
      nlohmann::json row = nlohmann::json::object();
      for (int column = 0; column < sqlite3_column_count(statement); ++column)
        row[valid_utf8(sqlite3_column_name(statement, column))] = column_value(statement, column, &raw_bytes);
      if (!sink(std::move(row), raw_bytes)) return std::nullopt;
    }
  }

 private:
  SourceError error_of(const std::string& label) {
    int code = sqlite3_extended_errcode(db_);
    if ((code & 0xff) == SQLITE_INTERRUPT)
      return query_failed(label + ": the query ran past the timeout (" +
                          std::to_string(call_.limits.timeout.count()) + " ms)");
    SourceError error = query_failed(label + ": SQLite: " + valid_utf8(sqlite3_errmsg(db_)));
    error.context["sqlite_code"] = sqlite3_errstr(code);
    return error;
  }

  const ConnectorCall& call_;
  Clock::time_point deadline_ = call_.deadline;
  sqlite3* db_ = nullptr;
  std::vector<std::unique_ptr<sqlite3_stmt, StatementDeleter>> statements_;
  std::vector<std::string> labels_;
};

}  // namespace

FetchResult fetch_sqlite(const ConnectorCall& call) {
  FetchResult result;
  std::string path;
  if (auto error = locate_database(call.environment.sqlite_dir, call.config.at("path").get<std::string>(), &path)) {
    result.error = std::move(error);
    return result;
  }
  SqliteSession session(call);
  if (auto error = session.open(path)) {
    result.error = std::move(error);
    return result;
  }
  return run_sql_source(session, call);
}

}  // namespace s2d::datasources
