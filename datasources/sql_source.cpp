// The flow both SQL connectors follow: read the main query and the children
// queries, check the filters against their parameters, run the main query,
// then each child query once per main row with that row's fields bound.

#include "datasources/connectors.hpp"
#include "datasources/parameters.hpp"

#include <set>

namespace s2d::datasources {
namespace {

struct Query {
  std::string label;  // "query" or "children.<field>"
  std::string field;  // children: the field the rows are attached under
  int handle = 0;
  std::vector<std::string> parameters;
};

FetchResult failure(SourceError error) {
  FetchResult result;
  result.error = std::move(error);
  return result;
}

// The values for a query's parameters, or the error naming the first one
// that has none (in sample mode it is bound to NULL instead).
std::optional<SourceError> bind_values(const Query& query, const nlohmann::json* parent_row,
                                       const ConnectorCall& call,
                                       std::vector<const nlohmann::json*>* values) {
  values->clear();
  for (const auto& name : query.parameters) {
    const nlohmann::json* value = find_parameter_value(name, parent_row, call.filters);
    if (!value && !call.sample) {
      return query_failed(parent_row ? query.label + ": parameter :" + name +
                                           " is neither a field of the parent row nor a filter"
                                     : "query parameter :" + name + " has no filter");
    }
    values->push_back(value);
  }
  return std::nullopt;
}

std::optional<SourceError> prepare_all(SqlSession& session, const nlohmann::json& config, Query* main,
                                       std::vector<Query>* children) {
  main->label = "query";
  if (auto error = session.prepare(main->label, config.at("query").get<std::string>(),
                                   &main->parameters, &main->handle))
    return error;
  auto found = config.find("children");
  if (found == config.end() || found->is_null()) return std::nullopt;
  for (const auto& [field, sql] : found->items()) {
    Query child;
    child.label = "children." + field;
    child.field = field;
    if (auto error = session.prepare(child.label, sql.get<std::string>(), &child.parameters, &child.handle))
      return error;
    children->push_back(std::move(child));
  }
  return std::nullopt;
}

std::set<std::string> all_parameters(const Query& main, const std::vector<Query>& children) {
  std::set<std::string> names(main.parameters.begin(), main.parameters.end());
  for (const auto& child : children) names.insert(child.parameters.begin(), child.parameters.end());
  return names;
}

}  // namespace

FetchResult run_sql_source(SqlSession& session, const ConnectorCall& call) {
  Query main;
  std::vector<Query> children;
  if (auto error = prepare_all(session, call.config, &main, &children)) return failure(std::move(*error));
  std::set<std::string> parameters = all_parameters(main, children);
  if (auto problem = check_filters(call.filters, &parameters)) return failure(query_failed(*problem));

  RecordBudget budget(call.limits);
  std::optional<SourceError> over_budget;
  std::vector<const nlohmann::json*> values;
  nlohmann::json rows = nlohmann::json::array();
  auto collect_into = [&](nlohmann::json* target, bool first_only) {
    return [&budget, &over_budget, target, first_only](nlohmann::json row, std::size_t raw_bytes) {
      over_budget = budget.add(raw_bytes);
      if (over_budget) return false;
      target->push_back(std::move(row));
      return !first_only;
    };
  };

  if (auto error = bind_values(main, nullptr, call, &values)) return failure(std::move(*error));
  if (auto error = session.run(main.handle, values, collect_into(&rows, call.sample)))
    return failure(std::move(*error));
  if (over_budget) return failure(std::move(*over_budget));

  for (const auto& child : children) {
    for (auto& row : rows) {
      if (row.contains(child.field))
        return failure(query_failed(child.label + ": the main query already returns a field '" +
                                    child.field + "'; rename one of them"));
      if (auto error = bind_values(child, &row, call, &values)) return failure(std::move(*error));
      nlohmann::json child_rows = nlohmann::json::array();
      if (auto error = session.run(child.handle, values, collect_into(&child_rows, false)))
        return failure(std::move(*error));
      if (over_budget) return failure(std::move(*over_budget));
      row[child.field] = std::move(child_rows);
    }
  }
  FetchResult result;
  result.records = std::move(rows);
  return result;
}

}  // namespace s2d::datasources
