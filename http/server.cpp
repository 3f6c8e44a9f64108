#include "http/server.hpp"

#include "http/console.hpp"
#include "http/edge_socket.hpp"
#include "http/event_pump.hpp"
#include "http/front.hpp"
#include "http/routes.hpp"

#include <restinio/all.hpp>

namespace s2d::http {
namespace {

// Routing is ours (http/routes.cpp): RESTinio hands every request to one
// handler. Connections read through EdgeSocket, which answers what
// RESTinio's parser would drop without a word.
using traits_t = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t,
                                    restinio::default_request_handler_t, restinio::default_strand_t, EdgeSocket>;

using request_handle_t = restinio::request_handle_t;

Incoming incoming(const request_handle_t& req, std::map<std::string, std::string> params) {
  Incoming in;
  const auto& header = req->header();
  in.method = header.method().c_str();
  in.path = std::string(header.path());
  in.params = std::move(params);
  auto query = restinio::try_parse_query<restinio::parse_query_traits::relaxed>(header.query());
  if (query) {
    for (const auto& [key, value] : *query) in.query[std::string(key)] = std::string(value);
  } else {
    in.query_valid = false;
  }
  in.header = [req](std::string_view name) {
    return std::string(req->header().get_field_or(restinio::string_view_t(name.data(), name.size()), ""));
  };
  in.body = req->body();
  in.remote_address = req->remote_endpoint().address().to_string();
  return in;
}

// The status line with its standard reason phrase.
restinio::http_status_line_t status_line(int status) {
  switch (status) {
    case 200: return restinio::status_ok();
    case 201: return restinio::status_created();
    case 202: return restinio::status_accepted();
    case 204: return restinio::status_no_content();
    case 206: return restinio::status_partial_content();
    case 302: return restinio::status_found();
    case 304: return restinio::status_not_modified();
    case 400: return restinio::status_bad_request();
    case 401: return restinio::status_unauthorized();
    case 403: return restinio::status_forbidden();
    case 404: return restinio::status_not_found();
    case 405: return restinio::status_method_not_allowed();
    case 409: return restinio::status_conflict();
    case 410: return restinio::status_gone();
    case 413: return restinio::status_payload_too_large();
    case 415: return restinio::status_unsupported_media_type();
    case 416: return restinio::status_requested_range_not_satisfiable();
    case 422: return restinio::http_status_line_t{restinio::http_status_code_t{422}, "Unprocessable Entity"};
    case 429: return restinio::http_status_line_t{restinio::http_status_code_t{429}, "Too Many Requests"};
    case 431: return restinio::http_status_line_t{restinio::http_status_code_t{431}, "Request Header Fields Too Large"};
    case 501: return restinio::status_not_implemented();
    case 503: return restinio::status_service_unavailable();
    case 507: return restinio::http_status_line_t{restinio::http_status_code_t{507}, "Insufficient Storage"};
    default: return restinio::status_internal_server_error();
  }
}

void send(const request_handle_t& req, Outgoing out) {
  auto response = req->create_response(status_line(out.status));
  response.append_header(restinio::http_field::content_type, out.content_type);
  for (const auto& [name, value] : out.headers) response.append_header(name, value);
  if (!out.file_path.empty()) {
    auto file = restinio::sendfile(out.file_path);
    response.set_body(std::move(file.offset_and_size(out.file_offset, out.file_length)));
  } else {
    response.set_body(std::move(out.body));
  }
  response.done();
}

// An event stream's response: chunked, each write one chunk flushed at once.
class ChunkedSink final : public StreamSink {
 public:
  explicit ChunkedSink(restinio::response_builder_t<restinio::chunked_output_t> response)
      : response_(std::move(response)) {}

  void write(std::string bytes, std::function<void(bool written)> done) override {
    response_.append_chunk(std::move(bytes));
    response_.flush([done = std::move(done)](const restinio::asio_ns::error_code& error) { done(!error); });
  }
  void close() override { response_.done(); }

 private:
  restinio::response_builder_t<restinio::chunked_output_t> response_;
};

// Sends the stream's headers and a first comment (so the client sees the
// stream open before any event) and hands the stream to the pump.
void start_stream(const request_handle_t& req, Outgoing out, EventPump& pump) {
  auto response = req->create_response<restinio::chunked_output_t>(status_line(200));
  response.append_header(restinio::http_field::content_type, "text/event-stream");
  response.append_header(restinio::http_field::cache_control, "no-cache");
  response.append_header("X-Accel-Buffering", "no");  // proxies must not hold events back
  for (const auto& [name, value] : out.headers) response.append_header(name, value);
  response.append_chunk(std::string("retry: 2000\n\n"));
  response.flush();
  pump.add(std::move(out.stream), std::make_unique<ChunkedSink>(std::move(response)));
}

// The heartbeat stays well inside the connection's time limit, which each write restarts.
std::chrono::seconds heartbeat_interval(const Settings& settings) {
  return std::chrono::seconds(
      std::max(1, std::min(settings.events_heartbeat_seconds, settings.request_timeout_seconds / 2)));
}

}  // namespace

GuardLimits& edge_guard_limits() {
  static GuardLimits limits;
  return limits;
}

struct Server::Impl {
  Engine& engine;
  Front front;
  EventPump pump;
  restinio::running_server_handle_t<traits_t> server;

  explicit Impl(Engine& e) : engine(e), front(e), pump(heartbeat_interval(e.settings())) {}

  std::function<void(Outgoing)> replier(const request_handle_t& req) {
    return [this, req](Outgoing out) {
      if (out.stream) return start_stream(req, std::move(out), pump);
      send(req, std::move(out));
    };
  }

  restinio::request_handling_status_t handle(const request_handle_t& req) {
    const auto& header = req->header();
    if (auto console = console_response(header.method().c_str(), header.path())) {
      send(req, std::move(*console));
      return restinio::request_accepted();
    }
    auto match = match_route(header.method().c_str(), header.path());
    if (!match.route) {
      front.handle_unrouted(incoming(req, {}), replier(req));
    } else {
      front.handle(*match.route, incoming(req, std::move(match.params)), replier(req));
    }
    return restinio::request_accepted();
  }
};

Server::Server(Engine& engine) : impl_(std::make_unique<Impl>(engine)) {}

Server::~Server() { stop(); }

bool Server::start(std::string* error) {
  const auto& settings = impl_->engine.settings();
  // The guard answers 413 for any body over the limit, declared or chunked,
  // after reading its headers; RESTinio's own limit (which closes without
  // a response) is only a backstop behind it.
  edge_guard_limits().max_body_bytes = settings.max_body_bytes;
  const auto backstop = std::uint64_t(settings.max_body_bytes) + (64u << 10);
  try {
    impl_->server = restinio::run_async<traits_t>(
        restinio::own_io_context(),
        restinio::server_settings_t<traits_t>{}
            .address(settings.listen_host)
            .port(std::uint16_t(settings.listen_port))
            .request_handler([impl = impl_.get()](const request_handle_t& req) { return impl->handle(req); })
            .handle_request_timeout(std::chrono::seconds(settings.request_timeout_seconds))
            .read_next_http_message_timelimit(std::chrono::seconds(settings.request_timeout_seconds))
            .write_http_response_timelimit(std::chrono::seconds(settings.request_timeout_seconds))
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(backstop)),
        std::size_t(std::max(1, settings.http_threads)));
  } catch (const std::exception& e) {
    *error = "cannot listen on " + settings.listen_host + ":" + std::to_string(settings.listen_port) + ": " + e.what();
    return false;
  }
  return true;
}

void Server::stop() {
  // Streams end first: their responses must be done while the server runs.
  impl_->pump.stop();
  if (!impl_->server) return;
  impl_->server->stop();
  impl_->server->wait();
}

}  // namespace s2d::http
