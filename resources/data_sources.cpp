// Data sources: create, list, read, PATCH, delete, test, and the records of `records` sources.
// Credentials are sealed at rest (services/source_secrets.hpp); every view goes through redact_config.
#include "core/clock.hpp"
#include "core/csv_records.hpp"
#include "core/ids.hpp"
#include "datasources/datasources.hpp"
#include "generation/data_resolution.hpp"
#include "generation/render_job.hpp"
#include "resources/handlers.hpp"
#include "resources/handlers_common.hpp"
#include "resources/pagination.hpp"
#include "services/source_secrets.hpp"
#include "services/views.hpp"
#include "storage/records.hpp"
#include "storage/schema.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace s2d {
namespace {

// Most records one append may carry (a 10 MiB body holds far fewer anyway).
constexpr std::size_t kMaxAppendRecords = 100'000;

std::optional<DataSourceRecord> load_source(HandlerContext& ctx, const std::string& id) {
  auto stored = storage::get_json(*ctx.services.db, storage::Table::data_sources,
                                  storage::keys::scoped(ctx.call.workspace_id, id));
  if (!stored) return std::nullopt;
  return stored->get<DataSourceRecord>();
}

Outcome source_missing(HandlerContext& ctx, const std::string& id) {
  return error_outcome(errors::resource_missing("data source", id), ctx.call.request_id);
}

ApiError config_error(const datasources::ConfigError& problem) {
  ApiError e = problem.code == "parameter_missing"   ? errors::parameter_missing(problem.param)
               : problem.code == "parameter_unknown" ? errors::parameter_unknown(problem.param)
                                                     : errors::parameter_invalid(problem.param, problem.message);
  e.message = problem.message;
  return e;
}

std::optional<ApiError> check_config(const Settings& settings, const std::string& kind, const nlohmann::json& config) {
  if (kind == "sqlite" && settings.sqlite_dir.empty())
    return errors::parameter_invalid("kind",
                                     "sqlite data sources are disabled on this server (the operator has not set "
                                     "S2D_SQLITE_DIR).");
  if (auto problem = datasources::validate_config(kind, config)) return config_error(*problem);
  return std::nullopt;
}

// `record` holds the full config; what is stored has its credentials sealed.
Outcome store_source(HandlerContext& ctx, DataSourceRecord record, int status) {
  Outcome outcome;
  seal_source_config(ctx.services, record);
  storage::put_json(outcome.batch, storage::Table::data_sources, storage::keys::scoped(ctx.call.workspace_id, record.id),
                    record);
  outcome.reply = json_reply(status, data_source_view(record));
  return outcome;
}

// The records of an append: a JSON array of objects, or a CSV upload.
std::optional<ApiError> appended_records(const ApiCall& call, nlohmann::json* records) {
  if (call.raw_content_type == "text/csv") {
    auto parsed = parse_csv_records(call.raw_body, kMaxAppendRecords);
    if (!parsed.error.empty()) return errors::parameter_invalid("body", "CSV: " + parsed.error + ".");
    *records = std::move(parsed.records);
  } else {
    *records = call.body;
  }
  if (records->empty()) return errors::parameter_invalid("body", "There are no records to append.");
  if (records->size() > kMaxAppendRecords)
    return errors::parameter_invalid("body", "One append takes at most " + std::to_string(kMaxAppendRecords) +
                                                 " records; split the upload.");
  return std::nullopt;
}

}  // namespace

Outcome create_data_source(HandlerContext& ctx) {
  const auto& body = ctx.call.body;
  const std::string kind = body.value("kind", "");
  if (auto e = check_config(ctx.services.settings, kind, body)) return error_outcome(*e, ctx.call.request_id);
  DataSourceRecord record;
  record.id = ids::make("src");
  record.workspace_id = ctx.call.workspace_id;
  record.kind = kind;
  record.config = body;
  record.created_ms = record.updated_ms = ctx.now_ms;
  if (kind == "records") record.record_count = 0;
  return store_source(ctx, std::move(record), 201);
}

Outcome get_data_source(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto record = load_source(ctx, id);
  if (!record) return source_missing(ctx, id);
  return reply_outcome(json_reply(200, data_source_view(*record)));
}

Outcome list_data_sources(HandlerContext& ctx) {
  const auto kind = ctx.call.query.count("kind") ? ctx.call.query.at("kind") : std::string();
  auto view = [&](std::string_view, std::string_view value) -> std::optional<nlohmann::json> {
    auto record = nlohmann::json::parse(value).get<DataSourceRecord>();
    if (!kind.empty() && record.kind != kind) return std::nullopt;
    return data_source_view(record);
  };
  return list_outcome(ctx, storage::Table::data_sources, storage::keys::workspace_prefix(ctx.call.workspace_id),
                      "/v1/data_sources", view);
}

// A JSON merge patch (RFC 7386) onto the stored config: null removes a
// field (or one header); secrets left out keep their stored value.
Outcome update_data_source(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  const auto& body = ctx.call.body;
  auto record = load_source(ctx, id);
  if (!record) return source_missing(ctx, id);
  const std::string kind = record->kind;
  if (body.contains("kind") && body["kind"] != kind)
    return error_outcome(errors::parameter_invalid("kind", "The kind of a data source cannot change; create a new one."),
                         ctx.call.request_id);
  nlohmann::json config = source_config(ctx.services, *record);
  config.merge_patch(body);
  if (auto e = check_config(ctx.services.settings, kind, config)) return error_outcome(*e, ctx.call.request_id);
  record->config = std::move(config);
  record->updated_ms = ctx.now_ms;
  return store_source(ctx, std::move(*record), 200);
}

// The source record goes in the batch; its records (possibly many) are
// deleted on the I/O pool once that is durable.
Outcome delete_data_source(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto record = load_source(ctx, id);
  if (!record) return source_missing(ctx, id);
  Outcome outcome;
  outcome.batch.erase(storage::Table::data_sources, storage::keys::scoped(ctx.call.workspace_id, id));
  const bool has_records = record->kind == "records";
  outcome.after_commit = [services = &ctx.services, ws = ctx.call.workspace_id, id, has_records] {
    std::string error;
    if (has_records && !storage::records::erase_source(*services->db, ws, id, &error))
      spdlog::error("data source {}: deleting its records failed: {}", id, error);
    return json_reply(200, {{"id", id}, {"object", "data_source"}, {"deleted", true}});
  };
  return outcome;
}

// Connects and reads the first matching record on the I/O pool. A failing
// source is an answer too: 200 with ok=false and the error a generation would get.
Outcome test_data_source(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto record = load_source(ctx, id);
  if (!record) return source_missing(ctx, id);
  nlohmann::json filters = ctx.call.body.is_object() ? ctx.call.body.value("filters", nlohmann::json()) : nullptr;
  Outcome outcome;
  outcome.after_commit = [services = &ctx.services, source = std::move(*record), filters = std::move(filters)] {
    const auto started = std::chrono::steady_clock::now();
    auto sample = sample_source_record(*services, source, filters);
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    return json_reply(200, {{"object", "data_source_test"},
                            {"data_source_id", source.id},
                            {"ok", sample.error.is_null()},
                            {"sample", sample.error.is_null() ? sample.records : nlohmann::json(nullptr)},
                            {"error", sample.error},
                            {"duration_ms", elapsed.count()}});
  };
  return outcome;
}

Outcome append_records(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto record = load_source(ctx, id);
  if (!record) return source_missing(ctx, id);
  const std::string& kind = record->kind;
  if (kind != "records")
    return error_outcome(errors::parameter_invalid("id", "Records can only be appended to a 'records' data source; "
                                                         "this one is '" + kind + "'."),
                         ctx.call.request_id);
  nlohmann::json records;
  if (auto e = appended_records(ctx.call, &records)) return error_outcome(*e, ctx.call.request_id);

  const auto first = record->record_count.value_or(0);
  const auto total = first + records.size();
  Outcome outcome;
  storage::records::append(outcome.batch, ctx.call.workspace_id, id, first, records);
  record->record_count = total;
  record->updated_ms = ctx.now_ms;
  storage::put_json(outcome.batch, storage::Table::data_sources, storage::keys::scoped(ctx.call.workspace_id, id),
                    *record);
  outcome.reply = json_reply(200, {{"object", "record_append"},
                                   {"data_source_id", id},
                                   {"appended", records.size()},
                                   {"record_count", total}});
  return outcome;
}

}  // namespace s2d
