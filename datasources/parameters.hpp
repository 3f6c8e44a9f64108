#pragma once
// Query parameters and filters: named SQL parameters (`:account_id`) and
// the filter values bound to them (or sent as HTTP query parameters).
//
// PostgreSQL's protocol only knows positional parameters ($1, $2, ...), so
// `rewrite_named_parameters` turns each `:name` into `$n` (one number per
// distinct name) while leaving alone everything that merely contains a
// colon: `::` casts, string literals ('...', E'...'), quoted identifiers,
// -- and /* */ comments (nested), and dollar-quoted strings ($tag$...$tag$).
// The values then travel separately from the SQL text (PQexecParams), so a
// filter can never change the statement. SQLite parses `:name` itself.
//
// Binding rules shared by both connectors: a parameter takes the parent
// row's field of that name (children queries only), else the filter of
// that name; every filter must be used by the main query or a child query.

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::datasources {

struct RewrittenQuery {
  std::string sql;                      // with $1..$n
  std::vector<std::string> parameters;  // parameters[i] is the name behind $(i+1)
  std::string error;                    // non-empty: the query could not be read
};

RewrittenQuery rewrite_named_parameters(std::string_view sql);

// The value bound to parameter `name`: the parent row's field, else the
// filter; nullptr when neither has it.
const nlohmann::json* find_parameter_value(const std::string& name, const nlohmann::json* parent_row,
                                           const nlohmann::json& filters);

// A message naming the first filter whose value is not a scalar (string,
// number, boolean, null) or, when `used_parameters` is given, that names
// none of them; nullopt when all are fine. Filters may be null (none).
std::optional<std::string> check_filters(const nlohmann::json& filters,
                                         const std::set<std::string>* used_parameters);

// The text form a scalar is sent in (numbers as JSON writes them, booleans
// as true/false); nullopt for null (sent as SQL NULL). Objects and arrays
// (only possible from a parent row's json column) are sent as JSON text.
std::optional<std::string> parameter_text(const nlohmann::json& value);

}  // namespace s2d::datasources
