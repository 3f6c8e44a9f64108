#include "cli/follow.hpp"

#include "cli/sse.hpp"

#include <chrono>
#include <thread>

namespace s2d::cli {
namespace {

constexpr int kMaxReconnectsWithoutEvents = 10;

bool is_final_event(const std::string& type) { return type == "completed" || type == "failed" || type == "canceled"; }

void pause(double seconds) { std::this_thread::sleep_for(std::chrono::duration<double>(seconds)); }

FollowOutcome poll(Api& api, const FollowTarget& target) {
  FollowOutcome outcome;
  for (;;) {
    auto reply = api.call("GET", target.path);
    if (!reply.ok()) {
      outcome.failure = std::move(reply);
      return outcome;
    }
    outcome.resource = reply.body;
    target.on_update(outcome.resource);
    if (target.is_terminal(outcome.resource)) {
      outcome.finished = true;
      return outcome;
    }
    pause(target.poll_seconds);
  }
}

bool stream_unavailable(const ApiReply& reply) {
  const auto code = reply.error_code();
  return (reply.http.status == 404 && code == "route_not_found") ||
         (reply.http.status == 429 && code == "too_many_streams");
}

}  // namespace

FollowOutcome follow(Api& api, const FollowTarget& target) {
  FollowOutcome outcome;
  SseParser parser;
  int quiet_reconnects = 0;
  while (quiet_reconnects <= kMaxReconnectsWithoutEvents) {
    bool got_event = false;
    auto response = api.stream(target.path + "/events", parser.last_event_id(), [&](std::string_view bytes) {
      return parser.feed(bytes, [&](const SseEvent& event) {
        auto resource = nlohmann::json::parse(event.data, nullptr, false);
        if (!resource.is_object() || outcome.finished) return;
        got_event = true;
        outcome.resource = std::move(resource);
        target.on_update(outcome.resource);
        if (is_final_event(event.type) || target.is_terminal(outcome.resource)) outcome.finished = true;
      }) && !outcome.finished;
    });
    if (outcome.finished) return outcome;
    if (response.reached() && !response.success()) {
      ApiReply reply;
      reply.body = nlohmann::json::parse(response.body, nullptr, false);
      if (reply.body.is_discarded()) reply.body = nullptr;
      reply.http = std::move(response);
      if (stream_unavailable(reply)) return poll(api, target);
      if (reply.http.status < 500) {
        outcome.failure = std::move(reply);
        return outcome;
      }
      outcome.failure = std::move(reply);
    } else {
      outcome.failure.http = std::move(response);
      outcome.failure.body = nullptr;
    }
    // The stream ended, broke or the server is restarting: resume after the last event seen.
    quiet_reconnects = got_event ? 0 : quiet_reconnects + 1;
    pause(parser.retry_ms() ? double(std::min(*parser.retry_ms(), 10'000LL)) / 1000.0 : 1.0);
    if (parser.failed()) parser = SseParser();
  }
  if (outcome.failure.http.reached() && outcome.failure.http.success())
    outcome.failure.http.network_error = "the event stream kept ending before the resource finished";
  return outcome;
}

}  // namespace s2d::cli
