// Batches (docs/batches.md): create, read, list, and the listing of a
// batch's items. Creating stores the request and its inputs; the batch's
// driver (actors/batch_actor.cpp) expands it into generations afterwards,
// so even a 1,000,000-item batch is answered at once.
#include "core/batch.hpp"
#include "core/ids.hpp"
#include "resources/handlers.hpp"
#include "resources/handlers_common.hpp"
#include "resources/pagination.hpp"
#include "services/views.hpp"
#include "storage/schema.hpp"

namespace s2d {
namespace {

std::optional<ApiError> check_source(HandlerContext& ctx, const std::string& source_id, bool whole_source) {
  auto source = storage::get_json(*ctx.services.db, storage::Table::data_sources,
                                  storage::keys::scoped(ctx.call.workspace_id, source_id));
  if (!source) {
    auto e = errors::resource_missing("data source", source_id);
    e.param = "data_source_id";
    return e;
  }
  if (!whole_source) return std::nullopt;
  const auto record = source->get<DataSourceRecord>();
  // One item per record needs records s2d can read in order, a chunk at a time.
  if (record.kind != "records")
    return errors::parameter_invalid("data_source_id",
                                     "A batch of one item per record needs a 'records' data source; list "
                                     "'items' with 'filters' for a source of another kind.");
  const auto count = std::int64_t(record.record_count.value_or(0));
  if (count > ctx.services.settings.batch_max_items)
    return errors::batch_too_large("data_source_id", "The source holds " + std::to_string(count) +
                                                         " records; a batch has at most " +
                                                         std::to_string(ctx.services.settings.batch_max_items) +
                                                         " items (batch.max_items).");
  return std::nullopt;
}

std::optional<ApiError> check_filters(const nlohmann::json& filters) {
  if (!filters.is_object()) return errors::parameter_invalid("filters", "'filters' is an object.");
  for (const auto& [name, value] : filters.items())
    if (value.is_object() || value.is_array())
      return errors::parameter_invalid("filters." + name, "Filter values are strings, numbers, booleans or null.");
  return std::nullopt;
}

// The request's shape beyond what the OpenAPI schema checks: exactly one form, valid items.
std::optional<ApiError> check_form(HandlerContext& ctx, const nlohmann::json& body) {
  const bool has_items = body.contains("items"), has_source = body.contains("data_source_id");
  if (!has_items && !has_source)
    return errors::parameter_invalid("items", "Give 'items', or a 'data_source_id' for one item per record.");
  if (has_items) {
    if (body.contains("filters"))
      return errors::parameter_invalid("filters", "With 'items', each item carries its own 'filters'.");
    if (auto problem = check_batch_items(body["items"], has_source))
      return errors::parameter_invalid(problem->first, problem->second);
    if (body["items"].size() > std::size_t(ctx.services.settings.batch_max_items))
      return errors::batch_too_large("items", "A batch has at most " +
                                                  std::to_string(ctx.services.settings.batch_max_items) +
                                                  " items (batch.max_items).");
  }
  if (body.contains("filters"))
    if (auto e = check_filters(body["filters"])) return e;
  if (has_source) return check_source(ctx, body["data_source_id"].get<std::string>(), !has_items);
  return std::nullopt;
}

}  // namespace

Outcome create_batch(HandlerContext& ctx) {
  const auto& body = ctx.call.body;
  const auto& ws = ctx.call.workspace_id;
  const auto& request_id = ctx.call.request_id;
  const std::string template_id = body.value("template_id", "");
  auto stored_template =
      storage::get_json(*ctx.services.db, storage::Table::templates, storage::keys::scoped(ws, template_id));
  if (!stored_template) {
    auto e = errors::resource_missing("template", template_id);
    e.param = "template_id";
    return error_outcome(e, request_id);
  }
  const auto tpl = stored_template->get<TemplateRecord>();
  BatchRecord batch;
  if (auto e = check_template(tpl, body, &batch.template_version)) return error_outcome(*e, request_id);
  if (auto e = check_outputs(body["outputs"], tpl.kind)) return error_outcome(*e, request_id);
  batch.options = body.value("options", nlohmann::json::object());
  if (auto e = check_options(batch.options, ctx.services.settings)) return error_outcome(*e, request_id);
  if (auto e = check_form(ctx, body)) return error_outcome(*e, request_id);

  batch.id = ids::make("bat");
  batch.workspace_id = ws;
  batch.template_id = template_id;
  batch.formats = body["outputs"].get<std::vector<std::string>>();
  batch.metadata = body.value("metadata", nlohmann::json::object());
  batch.bundle_zip = body.value("bundle", "") == "zip";
  batch.item_events = body.value("item_events", false);
  batch.data_source_id = body.value("data_source_id", "");
  batch.from_items = body.contains("items");
  batch.filters = body.value("filters", nlohmann::json());
  batch.created_ms = ctx.now_ms;
  batch.idempotency_key = ctx.call.idempotency_key;

  Outcome outcome;
  if (batch.from_items) {
    const auto& items = body["items"];
    for (std::size_t i = 0; i < items.size(); ++i)
      outcome.batch.put(storage::Table::batch_inputs, storage::keys::batch_input(batch.id, std::int64_t(i)),
                        items[i].dump());
  }
  storage::put_json(outcome.batch, storage::Table::batches, storage::keys::scoped(ws, batch.id), batch);
  outcome.batch.put(storage::Table::active_batches, storage::keys::scoped(ws, batch.id), "");
  outcome.batches.push_back(batch.id);
  outcome.reply = json_reply(202, batch_view(batch, ctx.services, ctx.now_ms));
  return outcome;
}

Outcome get_batch(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto stored = storage::get_json(*ctx.services.db, storage::Table::batches,
                                  storage::keys::scoped(ctx.call.workspace_id, id));
  if (!stored) return error_outcome(errors::resource_missing("batch", id), ctx.call.request_id);
  return reply_outcome(json_reply(200, batch_view(stored->get<BatchRecord>(), ctx.services, ctx.now_ms)));
}

Outcome list_batches(HandlerContext& ctx) {
  std::optional<std::string> status;
  if (auto it = ctx.call.query.find("status"); it != ctx.call.query.end()) status = it->second;
  auto view = [&](std::string_view, std::string_view value) -> std::optional<nlohmann::json> {
    auto batch = nlohmann::json::parse(value).get<BatchRecord>();
    if (status && batch.status != *status) return std::nullopt;
    return batch_view(batch, ctx.services, ctx.now_ms);
  };
  return list_outcome(ctx, storage::Table::batches, storage::keys::workspace_prefix(ctx.call.workspace_id),
                      "/v1/batches", view);
}

Outcome list_batch_items(HandlerContext& ctx, const std::string& batch_id, std::optional<GenerationStatus> status,
                         const std::string& template_id) {
  const auto& ws = ctx.call.workspace_id;
  if (!ctx.services.db->get(storage::Table::batches, storage::keys::scoped(ws, batch_id))) {
    auto e = errors::resource_missing("batch", batch_id);
    e.param = "batch_id";
    return error_outcome(e, ctx.call.request_id);
  }
  auto view = [&](std::string_view key, std::string_view) -> std::optional<nlohmann::json> {
    const auto generation_id = std::string(key.substr(key.rfind('/') + 1));
    auto stored = storage::get_json(*ctx.services.db, storage::Table::generations, storage::keys::scoped(ws, generation_id));
    if (!stored) return std::nullopt;
    auto g = generation_from_storage(*stored);
    if (status && g.status != *status) return std::nullopt;
    if (!template_id.empty() && g.template_id != template_id) return std::nullopt;
    return generation_view(g, ctx.services, ctx.now_ms);
  };
  return list_outcome(ctx, storage::Table::batch_items, storage::keys::scoped(ws, batch_id) + "/",
                      "/v1/generations", view);
}

}  // namespace s2d
