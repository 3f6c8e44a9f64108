// Webhook endpoints (create, list, read, update, delete, rotate the secret,
// the delivery log) and events (list, read, redeliver). docs/webhooks.md
// describes the resource; webhooks/outbox.hpp the storage.
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/records.hpp"
#include "net/http_client.hpp"
#include "net/webhook_signature.hpp"
#include "resources/handlers.hpp"
#include "resources/handlers_common.hpp"
#include "resources/pagination.hpp"
#include "services/views.hpp"
#include "storage/schema.hpp"
#include "webhooks/outbox.hpp"

#include <algorithm>
#include <set>

namespace s2d {
namespace {

nlohmann::json endpoint_view(const WebhookEndpointRecord& record, const std::optional<EndpointHealth>& health,
                             std::int64_t now_ms) {
  const bool active = webhooks::endpoint_active(record, health);
  nlohmann::json reason = nullptr, disabled_at = nullptr;
  if (!record.enabled) {
    reason = "manual";
    disabled_at = time_or_null(record.disabled_ms.value_or(0));
  } else if (!active) {
    reason = health->disabled_reason.value_or("");
    disabled_at = time_or_null(health->disabled_ms.value_or(0));
  }
  // The newest secret that still signs beside the current one, if any.
  nlohmann::json previous_expires = nullptr;
  for (const auto& secret : record.secrets) {
    if (secret.expires_ms > now_ms) {
      previous_expires = time_or_null(secret.expires_ms);
      break;
    }
  }
  return {{"id", record.id},
          {"object", "webhook_endpoint"},
          {"url", record.url},
          {"events", record.events},
          {"description", record.description.empty() ? nlohmann::json(nullptr) : nlohmann::json(record.description)},
          {"enabled", active},
          {"disabled_reason", reason},
          {"disabled_at", disabled_at},
          {"failing_since", time_or_null(health ? health->failing_since_ms.value_or(0) : 0)},
          {"previous_secret_expires_at", previous_expires},
          {"created_at", time_or_null(record.created_ms)},
          {"updated_at", time_or_null(record.updated_ms)}};
}

std::optional<EndpointHealth> health_of(const Services& services, const std::string& ws, const std::string& id) {
  auto stored = storage::get_json(*services.db, storage::Table::webhook_endpoints, webhooks::keys::health(ws, id));
  if (!stored) return std::nullopt;
  return stored->get<EndpointHealth>();
}

std::optional<ApiError> check_events(const nlohmann::json& events) {
  std::set<std::string> seen;
  for (const auto& type : events)
    if (!seen.insert(type.get<std::string>()).second)
      return errors::parameter_invalid("events", "Event type '" + type.get<std::string>() + "' is listed twice.");
  return std::nullopt;
}

// Checks and copies the fields create and update share.
std::optional<ApiError> apply_fields(const nlohmann::json& body, const Services& services,
                                    WebhookEndpointRecord& record) {
  if (body.contains("url")) {
    const auto url = body["url"].get<std::string>();
    // The early, DNS-free checks; each delivery checks the resolved addresses again.
    if (auto problem = net::check_url(url, &services.egress); !problem.empty())
      return errors::parameter_invalid("url", "url: " + problem + ".");
    record.url = url;
  }
  if (body.contains("events")) {
    if (auto e = check_events(body["events"])) return e;
    record.events = body["events"].get<std::vector<std::string>>();
  }
  if (body.contains("description")) record.description = body["description"].get<std::string>();
  return std::nullopt;
}

SealedSecret sealed_secret(const Services& services, const std::string& endpoint_id, const std::string& secret,
                           std::int64_t now_ms) {
  return {services.secret_sealer->seal(secret, endpoint_id), now_ms, 0};
}

std::optional<WebhookEndpointRecord> find_endpoint(HandlerContext& ctx) {
  auto stored = storage::get_json(*ctx.services.db, storage::Table::webhook_endpoints,
                                  webhooks::keys::endpoint(ctx.call.workspace_id, ctx.call.params.at("id")));
  if (!stored) return std::nullopt;
  return stored->get<WebhookEndpointRecord>();
}

Outcome endpoint_missing(HandlerContext& ctx) {
  return error_outcome(errors::resource_missing("webhook endpoint", ctx.call.params.at("id")), ctx.call.request_id);
}

nlohmann::json delivery_view(const DeliveryRecord& d) {
  return {{"id", d.id},
          {"object", "webhook_delivery"},
          {"endpoint_id", d.endpoint_id},
          {"event_id", d.event_id},
          {"event_type", d.event_type},
          {"attempt", d.attempt},
          {"created_at", time_or_null(d.created_ms)},
          {"status_code", d.status_code},
          {"latency_ms", d.latency_ms},
          {"succeeded", d.succeeded},
          {"error", d.error},
          {"response_body", d.response_body},
          {"response_truncated", d.response_truncated},
          {"next_attempt_at", time_or_null(d.next_attempt_ms)}};
}

std::optional<std::string> query_value(const ApiCall& call, const char* name) {
  auto it = call.query.find(name);
  if (it == call.query.end()) return std::nullopt;
  return it->second;
}

}  // namespace

Outcome create_webhook_endpoint(HandlerContext& ctx) {
  const std::string id = ids::make("whe");
  WebhookEndpointRecord record;
  record.id = id;
  record.workspace_id = ctx.call.workspace_id;
  record.events = webhooks::event_types();
  record.created_ms = record.updated_ms = ctx.now_ms;
  if (auto e = apply_fields(ctx.call.body, ctx.services, record)) return error_outcome(*e, ctx.call.request_id);
  const std::string secret = net::webhooks::make_secret();
  record.secrets = {sealed_secret(ctx.services, id, secret, ctx.now_ms)};

  Outcome outcome;
  storage::put_json(outcome.batch, storage::Table::webhook_endpoints,
                    webhooks::keys::endpoint(ctx.call.workspace_id, id), record);
  auto view = endpoint_view(record, std::nullopt, ctx.now_ms);
  view["secret"] = secret;  // shown this once
  outcome.reply = json_reply(201, view);
  return outcome;
}

Outcome list_webhook_endpoints(HandlerContext& ctx) {
  const auto& ws = ctx.call.workspace_id;
  auto view = [&](std::string_view, std::string_view value) -> std::optional<nlohmann::json> {
    auto record = nlohmann::json::parse(value).get<WebhookEndpointRecord>();
    return endpoint_view(record, health_of(ctx.services, ws, record.id), ctx.now_ms);
  };
  return list_outcome(ctx, storage::Table::webhook_endpoints, storage::keys::workspace_prefix(ws),
                      "/v1/webhook_endpoints", view);
}

Outcome get_webhook_endpoint(HandlerContext& ctx) {
  auto record = find_endpoint(ctx);
  if (!record) return endpoint_missing(ctx);
  auto health = health_of(ctx.services, ctx.call.workspace_id, ctx.call.params.at("id"));
  return reply_outcome(json_reply(200, endpoint_view(*record, health, ctx.now_ms)));
}

Outcome update_webhook_endpoint(HandlerContext& ctx) {
  auto record = find_endpoint(ctx);
  if (!record) return endpoint_missing(ctx);
  const auto& body = ctx.call.body;
  const auto& ws = ctx.call.workspace_id;
  const auto& id = ctx.call.params.at("id");
  if (auto e = apply_fields(body, ctx.services, *record)) return error_outcome(*e, ctx.call.request_id);
  auto health = health_of(ctx.services, ws, id);
  Outcome outcome;
  if (body.contains("enabled")) {
    const bool enabled = body["enabled"].get<bool>();
    if (enabled) {
      // Turning an endpoint on also lifts a disable s2d made (410, failing for days).
      outcome.batch.erase(storage::Table::webhook_endpoints, webhooks::keys::health(ws, id));
      health.reset();
    } else if (record->enabled) {
      record->disabled_ms = ctx.now_ms;
    }
    record->enabled = enabled;
  }
  record->updated_ms = ctx.now_ms;
  storage::put_json(outcome.batch, storage::Table::webhook_endpoints, webhooks::keys::endpoint(ws, id), *record);
  outcome.reply = json_reply(200, endpoint_view(*record, health, ctx.now_ms));
  return outcome;
}

Outcome delete_webhook_endpoint(HandlerContext& ctx) {
  if (!find_endpoint(ctx)) return endpoint_missing(ctx);
  const auto& ws = ctx.call.workspace_id;
  const auto& id = ctx.call.params.at("id");
  // Pending deliveries find the endpoint gone at their next attempt and end there.
  Outcome outcome;
  outcome.batch.erase(storage::Table::webhook_endpoints, webhooks::keys::endpoint(ws, id));
  outcome.batch.erase(storage::Table::webhook_endpoints, webhooks::keys::health(ws, id));
  outcome.reply = json_reply(200, {{"id", id}, {"object", "webhook_endpoint"}, {"deleted", true}});
  return outcome;
}

Outcome rotate_webhook_secret(HandlerContext& ctx) {
  auto record = find_endpoint(ctx);
  if (!record) return endpoint_missing(ctx);
  const auto& ws = ctx.call.workspace_id;
  const auto& id = ctx.call.params.at("id");
  const auto& body = ctx.call.body;
  const int overlap_hours = body.is_object() && body.contains("overlap_hours")
                                ? body["overlap_hours"].get<int>()
                                : ctx.services.settings.webhook_secret_overlap_hours;
  const std::int64_t overlap_ms = std::int64_t(overlap_hours) * 3600'000;
  const std::string secret = net::webhooks::make_secret();
  // The new secret first (signatures go newest first), then the older ones,
  // each signing until the overlap window ends at the latest (0: not at all).
  std::vector<SealedSecret> secrets = {sealed_secret(ctx.services, id, secret, ctx.now_ms)};
  for (auto old : record->secrets) {
    old.expires_ms = old.expires_ms == 0 ? ctx.now_ms + overlap_ms : std::min(old.expires_ms, ctx.now_ms + overlap_ms);
    if (old.expires_ms > ctx.now_ms) secrets.push_back(std::move(old));
  }
  record->secrets = std::move(secrets);
  record->updated_ms = ctx.now_ms;
  Outcome outcome;
  storage::put_json(outcome.batch, storage::Table::webhook_endpoints, webhooks::keys::endpoint(ws, id), *record);
  auto view = endpoint_view(*record, health_of(ctx.services, ws, id), ctx.now_ms);
  view["secret"] = secret;  // shown this once
  outcome.reply = json_reply(200, view);
  return outcome;
}

Outcome list_webhook_deliveries(HandlerContext& ctx) {
  if (!find_endpoint(ctx)) return endpoint_missing(ctx);
  const auto& id = ctx.call.params.at("id");
  const auto event_id = query_value(ctx.call, "event_id");
  auto view = [&](std::string_view, std::string_view value) -> std::optional<nlohmann::json> {
    auto stored = nlohmann::json::parse(value).get<DeliveryRecord>();
    if (event_id && stored.event_id != *event_id) return std::nullopt;
    return delivery_view(stored);
  };
  return list_outcome(ctx, storage::Table::deliveries, webhooks::keys::deliveries_prefix(ctx.call.workspace_id, id),
                      "/v1/webhook_endpoints/" + id + "/deliveries", view);
}

Outcome list_events(HandlerContext& ctx) {
  const auto type = query_value(ctx.call, "type");
  const auto& types = webhooks::event_types();
  if (type && std::find(types.begin(), types.end(), *type) == types.end())
    return error_outcome(errors::parameter_invalid("type", "Unknown event type '" + *type + "'."), ctx.call.request_id);
  const auto generation_id = query_value(ctx.call, "generation_id");
  // Pruning runs now and then: hide what is already past retention.
  const std::int64_t oldest_ms = ctx.now_ms - std::int64_t(ctx.services.settings.event_retention_days) * 86400'000;
  auto view = [&](std::string_view, std::string_view value) -> std::optional<nlohmann::json> {
    auto stored = nlohmann::json::parse(value).get<EventRecord>();
    if (stored.created_ms < oldest_ms) return std::nullopt;
    if (type && stored.type != *type) return std::nullopt;
    if (generation_id && generation_from_storage(stored.generation).id != *generation_id) return std::nullopt;
    return webhooks::event_view(ctx.services, stored, ctx.now_ms);
  };
  return list_outcome(ctx, storage::Table::events, storage::keys::workspace_prefix(ctx.call.workspace_id),
                      "/v1/events", view);
}

Outcome get_event(HandlerContext& ctx) {
  const auto& id = ctx.call.params.at("id");
  auto stored = storage::get_json(*ctx.services.db, storage::Table::events, webhooks::keys::event(ctx.call.workspace_id, id));
  if (!stored) return error_outcome(errors::resource_missing("event", id), ctx.call.request_id);
  return reply_outcome(json_reply(200, webhooks::event_view(ctx.services, stored->get<EventRecord>(), ctx.now_ms)));
}

Outcome redeliver_event(HandlerContext& ctx) {
  const auto& ws = ctx.call.workspace_id;
  const auto& id = ctx.call.params.at("id");
  auto stored = storage::get_json(*ctx.services.db, storage::Table::events, webhooks::keys::event(ws, id));
  if (!stored) return error_outcome(errors::resource_missing("event", id), ctx.call.request_id);
  const auto& body = ctx.call.body;
  const std::string only = body.is_object() ? body.value("endpoint_id", "") : "";
  const std::string type = stored->get<EventRecord>().type;
  if (!only.empty() && !storage::get_json(*ctx.services.db, storage::Table::webhook_endpoints,
                                          webhooks::keys::endpoint(ws, only))) {
    auto e = errors::resource_missing("webhook endpoint", only);
    e.param = "endpoint_id";
    return error_outcome(e, ctx.call.request_id);
  }
  Outcome outcome;
  nlohmann::json endpoint_ids = nlohmann::json::array();
  for (auto& queued : webhooks::enqueue_deliveries(*ctx.services.db, ws, id, type, ctx.now_ms, outcome.batch, only)) {
    endpoint_ids.push_back(queued.endpoint_id);
    outcome.outbox.push_back(std::move(queued.outbox_key));
  }
  if (!only.empty() && endpoint_ids.empty())
    return error_outcome(errors::parameter_invalid("endpoint_id", "Webhook endpoint " + only +
                                                                      " is disabled or not subscribed to " + type + "."),
                         ctx.call.request_id);
  outcome.reply = json_reply(202, {{"object", "event_redelivery"}, {"event_id", id}, {"endpoint_ids", endpoint_ids}});
  return outcome;
}

}  // namespace s2d
