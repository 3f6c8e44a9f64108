// s2d listen --forward-to URL: the workspace's event stream, each event
// POSTed to a local URL signed as Standard Webhooks sign it, so a webhook
// handler can be developed without a public address.
#include "cli/commands.hpp"
#include "cli/http.hpp"
#include "cli/sse.hpp"
#include "cli/terminal.hpp"

#include "core/clock.hpp"
#include "net/webhook_signature.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>
#include <thread>

namespace s2d::cli {
namespace {

constexpr const char* kCommand = "listen";
constexpr double kMaxReconnectPause = 30;

struct Delivery {
  std::string event_id, type;
  long status = 0;
  std::string error;
  double milliseconds = 0;
};

// `http` is the forwarder's own: the stream's handle is busy reading the
// stream while its callback forwards (libcurl refuses a handle re-entered).
Delivery forward(Http& http, const ListenOptions& options, const std::string& secret, const SseEvent& event) {
  Delivery delivery{event.id, event.type, 0, "", 0};
  const std::int64_t timestamp = std::time(nullptr);
  HttpRequest request;
  request.method = "POST";
  request.url = options.forward_to;
  request.timeout_ms = 15'000;
  request.body = event.data;
  request.headers = {{"Content-Type", "application/json"},
                     {"webhook-id", event.id},
                     {"webhook-timestamp", std::to_string(timestamp)},
                     {"webhook-signature", net::webhooks::sign(secret, event.id, timestamp, event.data)}};
  auto response = http.send(request);
  delivery.status = response.status;
  delivery.error = response.network_error;
  delivery.milliseconds = response.seconds * 1000;
  return delivery;
}

void show(const CommonOptions& common, const Delivery& delivery) {
  if (common.json) {
    nlohmann::json line = {{"event_id", delivery.event_id},
                           {"type", delivery.type},
                           {"status", delivery.status == 0 ? nlohmann::json() : nlohmann::json(delivery.status)},
                           {"error", delivery.error.empty() ? nlohmann::json() : nlohmann::json(delivery.error)},
                           {"duration_ms", std::llround(delivery.milliseconds)}};
    std::cout << line.dump() << std::endl;
    return;
  }
  std::cout << clock::rfc3339(clock::now_ms()) << "  " << delivery.type << "  " << delivery.event_id << "  -> ";
  if (delivery.error.empty()) std::cout << delivery.status;
  else std::cout << "error: " << delivery.error;
  std::cout << " (" << std::llround(delivery.milliseconds) << " ms)" << std::endl;
}

}  // namespace

int run_listen(const CommonOptions& common, const ListenOptions& options) {
  if (!require_credentials(common, kCommand)) return kExitUsage;
  if (options.forward_to.rfind("http://", 0) != 0 && options.forward_to.rfind("https://", 0) != 0) {
    std::cerr << "s2d listen: --forward-to must be an http:// or https:// URL\n";
    return kExitUsage;
  }
  const std::string secret = options.secret.empty() ? net::webhooks::make_secret() : options.secret;
  if (!net::webhooks::secret_key(secret)) {
    std::cerr << "s2d listen: --secret must be whsec_ followed by base64 of 24 to 64 bytes\n";
    return kExitUsage;
  }
  if (common.json) {
    std::cout << nlohmann::json({{"object", "listen"}, {"secret", secret}, {"forward_to", options.forward_to}}).dump()
              << std::endl;
  } else {
    std::cout << "Forwarding events to " << options.forward_to << "\nSigning secret: " << secret << std::endl;
  }
  Api api(common.connection);
  Http forwarder;
  SseParser parser;
  double pause = 1;
  for (;;) {
    bool connected = false;
    auto response = api.stream("/v1/events/stream", parser.last_event_id(), [&](std::string_view bytes) {
      connected = true;
      return parser.feed(bytes, [&](const SseEvent& event) { show(common, forward(forwarder, options, secret, event)); });
    });
    if (response.reached() && !response.success()) {
      ApiReply reply;
      reply.body = nlohmann::json::parse(response.body, nullptr, false);
      if (reply.body.is_discarded()) reply.body = nullptr;
      reply.http = std::move(response);
      if (reply.http.status < 500 && reply.http.status != 429) return report_failure(kCommand, reply);
    }
    // The stream dropped (or the server restarts): resume after the last event forwarded.
    pause = connected ? 1 : std::min(pause * 2, kMaxReconnectPause);
    if (!common.json) std::cerr << "s2d listen: stream ended, reconnecting in " << pause << " s" << std::endl;
    if (parser.failed()) parser = SseParser();
    std::this_thread::sleep_for(std::chrono::duration<double>(pause));
  }
}

}  // namespace s2d::cli
