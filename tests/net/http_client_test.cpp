// The HTTP client against real servers on 127.0.0.1 and [::1] that each test
// starts on a free port. No traffic leaves the loopback interface: every URL
// here names a loopback address or localhost.
#include "net/http_client.hpp"

#include "tests/net/loopback_server.hpp"

#include <boost/test/unit_test.hpp>

#include <ctime>
#include <thread>

using namespace s2d::net;
using s2d::net::testing::http_response;
using s2d::net::testing::LoopbackServer;
using s2d::net::testing::ReceivedRequest;
using s2d::net::testing::Reply;
using namespace std::chrono_literals;

namespace {

EgressPolicy loopback_allowed() {
  std::string error;
  auto policy = EgressPolicy::from_list("127.0.0.0/8,::1/128", &error);
  BOOST_REQUIRE_MESSAGE(policy, error);
  return *policy;
}

LoopbackServer::Handler answer(int status, std::string body = "ok", HeaderList headers = {}) {
  return [=](const ReceivedRequest&) { return Reply{http_response(status, body, headers)}; };
}

HttpRequest get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_client_egress)

BOOST_AUTO_TEST_CASE(refuses_loopback_without_the_allow_list_and_never_connects) {
  LoopbackServer v4("127.0.0.1", answer(200));
  LoopbackServer v6("::1", answer(200));
  HttpClient client{EgressPolicy{}};
  for (const LoopbackServer* server : {&v4, &v6}) {
    HttpResponse response = client.send(get(server->url("/hook")));
    BOOST_TEST((response.error == NetError::egress_refused), response.error_message);
    BOOST_TEST(response.error_code() == "egress_refused");
    BOOST_TEST(response.status == 0);
    BOOST_TEST(response.error_message.find("loopback") != std::string::npos, response.error_message);
    BOOST_TEST(server->connections_accepted() == 0);
  }
  BOOST_TEST(v4.requests().empty());
  BOOST_TEST(v6.requests().empty());
}

BOOST_AUTO_TEST_CASE(refuses_other_spellings_of_loopback) {
  LoopbackServer server("127.0.0.1", answer(200));
  HttpClient client{EgressPolicy{}};
  std::string port = std::to_string(server.port());
  for (std::string url : {"http://localhost:" + port + "/", "http://[::ffff:127.0.0.1]:" + port + "/",
                          "http://2130706433:" + port + "/", "http://0x7f.1:" + port + "/",
                          "http://LOCALHOST:" + port + "/"}) {
    HttpResponse response = client.send(get(url));
    BOOST_TEST((response.error == NetError::egress_refused), url << ": " << response.error_message);
  }
  BOOST_TEST(server.connections_accepted() == 0);
}

BOOST_AUTO_TEST_CASE(delivers_to_loopback_when_allowed) {
  LoopbackServer v4("127.0.0.1", answer(200, "hello v4"));
  LoopbackServer v6("::1", answer(200, "hello v6"));
  HttpClient client{loopback_allowed()};

  HttpResponse response = client.send(get(v4.url("/a")));
  BOOST_TEST(response.ok(), response.error_message);
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body == "hello v4");
  BOOST_TEST(response.connected_ip == "127.0.0.1");

  response = client.send(get(v6.url("/b")));
  BOOST_TEST(response.ok(), response.error_message);
  BOOST_TEST(response.body == "hello v6");
  BOOST_TEST(response.connected_ip == "::1");
  BOOST_TEST(v6.requests().at(0).target == "/b");
}

BOOST_AUTO_TEST_CASE(localhost_is_allowed_through_the_same_list) {
  LoopbackServer server("127.0.0.1", answer(204, ""));
  // Only the IPv4 block: the connection must go to the address the lookup
  // gave (127.0.0.1), never to another address curl might pick for localhost.
  HttpClient client{*EgressPolicy::from_list("127.0.0.0/8", nullptr)};
  HttpResponse response = client.send(get("http://localhost:" + std::to_string(server.port()) + "/"));
  BOOST_TEST(response.ok(), response.error_message);
  BOOST_TEST(response.status == 204);
  BOOST_TEST(response.connected_ip == "127.0.0.1");
  BOOST_TEST(server.requests().at(0).header("host") != nullptr);
  BOOST_TEST(*server.requests().at(0).header("host") == "localhost:" + std::to_string(server.port()));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(http_client_requests)

BOOST_AUTO_TEST_CASE(posts_body_headers_and_user_agent) {
  LoopbackServer server("127.0.0.1", answer(200, "{}", {{"X-Reply", "yes"}, {"Content-Type", "application/json"}}));
  HttpClient client{loopback_allowed()};
  HttpRequest request = get(server.url("/events"));
  request.method = "POST";
  request.body = std::string(200 * 1024, 'x');  // large enough for curl to consider Expect: 100-continue
  request.headers = {{"Content-Type", "application/json"}, {"webhook-id", "evt_1"}, {"X-Empty", ""}};
  request.user_agent = user_agent("s2d-webhooks");

  HttpResponse response = client.send(request);
  BOOST_TEST(response.ok(), response.error_message);
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.header("x-reply") != nullptr);
  BOOST_TEST(*response.header("X-REPLY") == "yes");
  BOOST_TEST(response.headers.front().first == "content-length");

  ReceivedRequest seen = server.requests().at(0);
  BOOST_TEST(seen.method == "POST");
  BOOST_TEST(seen.target == "/events");
  BOOST_TEST(seen.body == request.body);
  BOOST_TEST(*seen.header("webhook-id") == "evt_1");
  BOOST_TEST(*seen.header("content-type") == "application/json");
  BOOST_TEST(*seen.header("x-empty") == "");
  BOOST_TEST(*seen.header("user-agent") == "s2d-webhooks/0.1.0");
  BOOST_TEST(seen.header("expect") == nullptr);
}

BOOST_AUTO_TEST_CASE(names_s2d_in_the_default_user_agent) {
  LoopbackServer server("127.0.0.1", answer(200));
  HttpClient client{loopback_allowed()};
  BOOST_TEST(client.send(get(server.url())).ok());
  BOOST_TEST(*server.requests().at(0).header("user-agent") == "s2d/0.1.0");
}

BOOST_AUTO_TEST_CASE(sends_other_methods) {
  LoopbackServer server("127.0.0.1", answer(200, "body"));
  HttpClient client{loopback_allowed()};
  for (const char* method : {"PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"}) {
    HttpRequest request = get(server.url());
    request.method = method;
    HttpResponse response = client.send(request);
    BOOST_TEST(response.ok(), method << ": " << response.error_message);
    BOOST_TEST(response.body == (std::string(method) == "HEAD" ? "" : "body"));
    BOOST_TEST(server.requests().back().method == method);
  }
}

BOOST_AUTO_TEST_CASE(does_not_follow_redirects) {
  LoopbackServer target("127.0.0.1", answer(200, "you followed"));
  LoopbackServer redirector("127.0.0.1", answer(302, "", {{"Location", target.url("/elsewhere")}}));
  HttpClient client{loopback_allowed()};
  HttpResponse response = client.send(get(redirector.url()));
  BOOST_TEST(response.ok(), response.error_message);
  BOOST_TEST(response.status == 302);
  BOOST_TEST(*response.header("location") == target.url("/elsewhere"));
  BOOST_TEST(target.connections_accepted() == 0);
  BOOST_TEST(target.requests().empty());
}

BOOST_AUTO_TEST_CASE(truncates_a_body_over_the_cap) {
  std::string mebibyte(1024 * 1024, 'b');
  LoopbackServer server("127.0.0.1", answer(200, mebibyte));
  HttpClient client{loopback_allowed()};

  HttpResponse capped = client.send(get(server.url()));
  BOOST_TEST(capped.ok(), capped.error_message);
  BOOST_TEST(capped.status == 200);
  BOOST_TEST(capped.truncated);
  BOOST_TEST(capped.body.size() == 64u * 1024u);

  HttpRequest large = get(server.url());
  large.max_response_bytes = 10 * 1024 * 1024;
  HttpResponse whole = client.send(large);
  BOOST_TEST(whole.ok(), whole.error_message);
  BOOST_TEST(!whole.truncated);
  BOOST_TEST(whole.body == mebibyte);

  HttpRequest exact = get(server.url());
  exact.max_response_bytes = mebibyte.size();
  BOOST_TEST(!client.send(exact).truncated);
}

BOOST_AUTO_TEST_CASE(times_out) {
  LoopbackServer server("127.0.0.1", [](const ReceivedRequest&) { return Reply{http_response(200, "late"), 5s}; });
  HttpClient client{loopback_allowed()};
  HttpRequest request = get(server.url());
  request.timeout = 300ms;
  HttpResponse response = client.send(request);
  BOOST_TEST((response.error == NetError::timeout), response.error_message);
  BOOST_TEST(response.status == 0);
  BOOST_TEST(server.requests().size() == 1u);
}

BOOST_AUTO_TEST_CASE(reports_a_refused_connection) {
  HttpClient client{loopback_allowed()};
  HttpResponse response =
      client.send(get("http://127.0.0.1:" + std::to_string(s2d::net::testing::unused_loopback_port()) + "/"));
  BOOST_TEST((response.error == NetError::connect_failed), response.error_message);
}

BOOST_AUTO_TEST_CASE(reports_a_failed_tls_handshake) {
  LoopbackServer server("127.0.0.1", answer(200));
  server.greet_and_close(http_response(400, "plain http here"));
  HttpClient client{loopback_allowed()};
  HttpResponse response = client.send(get("https://127.0.0.1:" + std::to_string(server.port()) + "/"));
  BOOST_TEST((response.error == NetError::tls_failed), response.error_code() << ": " << response.error_message);
}

BOOST_AUTO_TEST_CASE(refuses_bad_requests_before_connecting) {
  LoopbackServer server("127.0.0.1", answer(200));
  HttpClient client{loopback_allowed()};
  std::string authority = "127.0.0.1:" + std::to_string(server.port());

  const std::vector<std::string> urls = {
      "ftp://" + authority + "/", "file:///etc/passwd", "gopher://" + authority + "/",
      "http://user:secret@" + authority + "/", "http://:secret@" + authority + "/", "not a url", "/relative/path",
      "http://", "", "http://[fe80::1%25lo]:80/", "http://" + authority + "/" + std::string(9000, 'a')};
  for (const std::string& url : urls) {
    HttpResponse response = client.send(get(url));
    BOOST_TEST((response.error == NetError::invalid_url), url.substr(0, 60) << ": " << response.error_message);
  }

  HttpRequest injected = get("http://" + authority + "/");
  injected.headers = {{"X-Bad", "a\r\nX-Injected: 1"}};
  BOOST_TEST((client.send(injected).error == NetError::invalid_request));
  HttpRequest bad_name = get("http://" + authority + "/");
  bad_name.headers = {{"Bad Name", "x"}};
  BOOST_TEST((client.send(bad_name).error == NetError::invalid_request));
  HttpRequest smuggle = get("http://" + authority + "/");
  smuggle.headers = {{"Content-Length", "0"}};
  BOOST_TEST((client.send(smuggle).error == NetError::invalid_request));
  HttpRequest trace = get("http://" + authority + "/");
  trace.method = "TRACE";
  BOOST_TEST((client.send(trace).error == NetError::invalid_request));
  HttpRequest no_time = get("http://" + authority + "/");
  no_time.timeout = 0ms;
  BOOST_TEST((client.send(no_time).error == NetError::invalid_request));

  BOOST_TEST(server.connections_accepted() == 0);
}

BOOST_AUTO_TEST_CASE(parses_retry_after_from_responses) {
  LoopbackServer server("127.0.0.1", answer(503, "busy", {{"Retry-After", "7"}}));
  HttpClient client{loopback_allowed()};
  HttpResponse response = client.send(get(server.url()));
  BOOST_TEST(response.status == 503);
  BOOST_REQUIRE(response.retry_after);
  BOOST_TEST(response.retry_after->count() == 7);

  LoopbackServer without("127.0.0.1", answer(429, "slow down"));
  BOOST_TEST(!client.send(get(without.url())).retry_after);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(http_client_connections)

BOOST_AUTO_TEST_CASE(reuses_a_keep_alive_connection_across_calls_and_threads) {
  LoopbackServer server("127.0.0.1", answer(200));
  HttpClient client{loopback_allowed()};
  BOOST_TEST(client.send(get(server.url("/1"))).ok());
  BOOST_TEST(client.send(get(server.url("/2"))).ok());
  HttpResponse from_other_thread;
  std::thread other([&] { from_other_thread = client.send(get(server.url("/3"))); });
  other.join();
  BOOST_TEST(from_other_thread.ok(), from_other_thread.error_message);
  BOOST_TEST(server.requests().size() == 3u);
  BOOST_TEST(server.connections_accepted() == 1);
  for (const ReceivedRequest& request : server.requests()) BOOST_TEST(request.connection == 1);
}

BOOST_AUTO_TEST_CASE(serves_many_threads_at_once) {
  LoopbackServer v4("127.0.0.1", answer(200, "v4"));
  LoopbackServer v6("::1", answer(200, "v6"));
  HttpClient client{loopback_allowed()};
  constexpr int kThreads = 6;
  constexpr int kCallsEach = 20;
  std::vector<int> successes(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const LoopbackServer& server = t % 2 == 0 ? v4 : v6;
      for (int i = 0; i < kCallsEach; ++i) {
        HttpResponse response = client.send(get(server.url("/" + std::to_string(i))));
        if (response.ok() && response.body == (t % 2 == 0 ? "v4" : "v6")) ++successes[std::size_t(t)];
      }
    });
  for (std::thread& thread : threads) thread.join();
  for (int count : successes) BOOST_TEST(count == kCallsEach);
  BOOST_TEST(v4.requests().size() + v6.requests().size() == std::size_t(kThreads * kCallsEach));
  // Each thread's handle keeps its connection: far fewer connections than calls.
  BOOST_TEST(v4.connections_accepted() + v6.connections_accepted() <= kThreads);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(retry_after)

BOOST_AUTO_TEST_CASE(parses_seconds_and_http_dates) {
  // Wed, 21 Oct 2015 07:28:00 GMT
  auto date = std::chrono::system_clock::from_time_t(1445412480);
  BOOST_TEST(parse_retry_after("120", date)->count() == 120);
  BOOST_TEST(parse_retry_after(" 0 ", date)->count() == 0);
  BOOST_TEST(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", date - 90s)->count() == 90);
  BOOST_TEST(parse_retry_after("Wednesday, 21-Oct-15 07:28:00 GMT", date - 90s)->count() == 90);
  BOOST_TEST(parse_retry_after("Wed Oct 21 07:28:00 2015", date - 90s)->count() == 90);
  BOOST_TEST(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", date + 1h)->count() == 0);
  BOOST_TEST(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", date - 500ms)->count() == 1);
}

BOOST_AUTO_TEST_CASE(rejects_other_values) {
  auto now = std::chrono::system_clock::now();
  for (const char* value : {"", "-5", "1.5", "soon", "12abc", "+3", "99999999999999999999999", "GMT"})
    BOOST_TEST(!parse_retry_after(value, now), "'" << value << "' must not parse");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(url_checks)

BOOST_AUTO_TEST_CASE(urls_are_checked_without_dns_before_they_are_stored) {
  auto policy = *s2d::net::EgressPolicy::from_list("", nullptr);
  using s2d::net::check_url;
  BOOST_TEST(check_url("https://hooks.example.com/s2d?x=1", &policy).empty());
  BOOST_TEST(check_url("https://hooks.example.com/s2d", nullptr).empty());
  BOOST_TEST(!check_url("ftp://hooks.example.com/", &policy).empty());
  BOOST_TEST(!check_url("https://user:pw@hooks.example.com/", &policy).empty());
  BOOST_TEST(!check_url("hooks.example.com/s2d", &policy).empty());
  BOOST_TEST(!check_url("http://[fe80::1%25eth0]/", &policy).empty());
  // Address literals: refused by the policy, allowed without one (checked at each call).
  BOOST_TEST(check_url("http://169.254.169.254/latest", &policy).find("metadata") != std::string::npos);
  BOOST_TEST(!check_url("http://10.0.0.1/", &policy).empty());
  BOOST_TEST(check_url("http://10.0.0.1/", nullptr).empty());
  auto loopback = *s2d::net::EgressPolicy::from_list("127.0.0.0/8", nullptr);
  BOOST_TEST(check_url("http://127.0.0.1:9000/hook", &loopback).empty());
}

BOOST_AUTO_TEST_SUITE_END()
