// The http connector against a loopback HTTP server run by the test.
#define BOOST_TEST_MODULE datasources_http
#include <boost/test/unit_test.hpp>

#include "tests/datasources/support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using nlohmann::json;
namespace ds = s2d::datasources;
using ds::testing::expect_error;

namespace {

// A minimal HTTP/1.1 server on 127.0.0.1: one thread per connection, one
// request per connection, answers chosen by path. It records every request
// head it receives.
class LoopbackServer {
 public:
  LoopbackServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int yes = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listener_, 16) != 0)
      throw std::runtime_error("cannot listen on loopback");
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  ~LoopbackServer() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    acceptor_.join();
    for (auto& worker : workers_) worker.join();
  }

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  std::vector<std::string> requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  void accept_loop() {
    while (!stopping_) {
      int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      workers_.emplace_back([this, client] { serve(client); });
    }
  }

  void serve(int client) {
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      head.append(buffer, static_cast<std::size_t>(got));
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(head);
    }
    std::string target = head.substr(head.find(' ') + 1);
    target = target.substr(0, target.find(' '));
    std::string path = target.substr(0, target.find('?'));
    respond(client, path);
    ::close(client);
  }

  void respond(int client, const std::string& path) {
    if (path == "/slow") {
      // Holds the answer until the client gives up (or the server stops).
      for (int i = 0; i < 100 && !stopping_; ++i) {
        pollfd descriptor{client, POLLIN, 0};
        if (::poll(&descriptor, 1, 50) > 0) return;  // the client closed
      }
    }
    int status = 200;
    std::string body;
    std::string extra;
    if (path == "/records") {
      body = R"({"data":{"items":[{"id":1,"name":"Acme","lines":[{"sku":"bolt"}]},{"id":2,"name":"Globex"}]}})";
    } else if (path == "/object") {
      body = R"({"account":{"id":7,"name":"Initech"}})";
    } else if (path == "/scalar") {
      body = R"({"count":3})";
    } else if (path == "/bad-json") {
      body = "{\"items\": [1, 2,";
    } else if (path == "/fail") {
      status = 503;
      body = "{}";
    } else if (path == "/missing") {
      status = 404;
      body = "{}";
    } else if (path == "/moved") {
      status = 302;
      extra = "Location: http://10.0.0.1/internal\r\n";
    } else if (path == "/big") {
      body = "[" + std::string(5000, ' ') + "]";
    } else {
      body = "[]";
    }
    std::string response = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\n" + extra +
                           "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    ::send(client, response.data(), response.size(), MSG_NOSIGNAL);
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::vector<std::string> requests_;
};

struct HttpFixture {
  HttpFixture() {
    std::string error;
    environment.egress = *s2d::net::EgressPolicy::from_list("127.0.0.0/8", &error);
  }

  ds::FetchResult fetch(const json& config, const json& filters = nullptr, ds::FetchLimits limits = {}) {
    return ds::fetch("src_http", "http", config, filters, environment, limits);
  }

  LoopbackServer server;
  ds::Environment environment;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(http, HttpFixture)

BOOST_AUTO_TEST_CASE(the_pointer_selects_the_records_and_nested_json_stays_nested) {
  auto result = fetch({{"url", server.url("/records")}, {"records_pointer", "/data/items"},
                       {"field_map", {{"name", "customer.name"}}}});
  BOOST_TEST_REQUIRE(!result.error.has_value(), result.error->message);
  BOOST_TEST(result.records == json::parse(R"([{"id":1,"customer":{"name":"Acme"},"lines":[{"sku":"bolt"}]},
                                               {"id":2,"customer":{"name":"Globex"}}])"));
}

BOOST_AUTO_TEST_CASE(an_object_at_the_pointer_is_one_record_and_no_pointer_means_the_body) {
  auto one = fetch({{"url", server.url("/object")}, {"records_pointer", "/account"}});
  BOOST_TEST_REQUIRE(!one.error.has_value());
  BOOST_TEST(one.records == json::parse(R"([{"id":7,"name":"Initech"}])"));
  auto whole = fetch({{"url", server.url("/object")}});
  BOOST_TEST(whole.records == json::parse(R"([{"account":{"id":7,"name":"Initech"}}])"));
}

BOOST_AUTO_TEST_CASE(filters_are_appended_as_encoded_query_parameters_and_headers_are_sent) {
  auto result = fetch({{"url", server.url("/records?fixed=1#frag")},
                       {"records_pointer", "/data/items"},
                       {"headers", {{"Authorization", "Bearer s3cr3t-t0ken"}}}},
                      {{"account_id", "42"}, {"q", "a b&c=d/é"}, {"active", true}});
  BOOST_TEST_REQUIRE(!result.error.has_value(), result.error->message);
  auto requests = server.requests();
  BOOST_TEST_REQUIRE(requests.size() == 1u);
  BOOST_TEST(requests[0].rfind("GET /records?fixed=1&account_id=42&active=true&q=a%20b%26c%3Dd%2F%C3%A9 HTTP/1.1", 0) == 0,
             requests[0]);
  BOOST_TEST(requests[0].find("Authorization: Bearer s3cr3t-t0ken\r\n") != std::string::npos);
  BOOST_TEST(requests[0].find("Accept: application/json\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_filter_that_is_not_a_scalar_is_refused) {
  expect_error(fetch({{"url", server.url("/records")}}, {{"ids", json::array({1, 2})}}), ds::kQueryFailed,
               "filter 'ids'");
  BOOST_TEST(server.requests().empty());
}

BOOST_AUTO_TEST_CASE(bad_json_and_wrong_selections_are_query_failures) {
  expect_error(fetch({{"url", server.url("/bad-json")}}), ds::kQueryFailed, "not valid JSON");
  expect_error(fetch({{"url", server.url("/records")}, {"records_pointer", "/nope"}}), ds::kQueryFailed,
               "selects nothing");
  expect_error(fetch({{"url", server.url("/scalar")}, {"records_pointer", "/count"}}), ds::kQueryFailed,
               "not an array or object");
  expect_error(fetch({{"url", server.url("/missing")}}), ds::kQueryFailed, "HTTP 404");
  auto redirect = fetch({{"url", server.url("/moved")}});
  expect_error(redirect, ds::kQueryFailed, "redirects are not followed");
}

BOOST_AUTO_TEST_CASE(server_errors_and_a_closed_port_are_unreachable) {
  auto failing = fetch({{"url", server.url("/fail")}});
  expect_error(failing, ds::kUnreachable, "HTTP 503");
  BOOST_TEST(failing.error->context["status"] == 503);
  auto down = fetch({{"url", "http://127.0.0.1:" + std::to_string(ds::testing::unused_loopback_port()) + "/records"},
                     {"headers", {{"X-Api-Key", "k3y-value"}}}});
  expect_error(down, ds::kUnreachable, "");
  BOOST_TEST(down.error->context["net_error"] == "connect_failed");
  BOOST_TEST(down.error->to_json().dump().find("k3y-value") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_slow_source_is_unreachable_once_its_timeout_passes) {
  auto result = fetch({{"url", server.url("/slow")}, {"timeout_ms", 300}});
  expect_error(result, ds::kUnreachable, "");
  BOOST_TEST(result.error->context["net_error"] == "timeout");
}

BOOST_AUTO_TEST_CASE(loopback_is_refused_without_the_allow_list) {
  environment.egress = {};
  auto result = fetch({{"url", server.url("/records")}});
  expect_error(result, ds::kUnreachable, "refused");
  BOOST_TEST(result.error->context["net_error"] == "egress_refused");
  BOOST_TEST(server.requests().empty());
}

BOOST_AUTO_TEST_CASE(size_and_record_limits_apply) {
  auto big = fetch({{"url", server.url("/big")}, {"max_bytes", 1000}});
  expect_error(big, ds::kTooLarge, "1000 bytes");
  ds::FetchLimits limits;
  limits.max_records = 1;
  expect_error(fetch({{"url", server.url("/records")}, {"records_pointer", "/data/items"}}, nullptr, limits),
               ds::kTooLarge, "more than 1");
}

BOOST_AUTO_TEST_CASE(test_source_returns_one_record) {
  auto sample = ds::test_source("src_http", "http", {{"url", server.url("/records")}, {"records_pointer", "/data/items"}},
                                nullptr, environment, {});
  BOOST_TEST_REQUIRE(!sample.error.has_value());
  BOOST_TEST(sample.sample == json::parse(R"({"id":1,"name":"Acme","lines":[{"sku":"bolt"}]})"));
}

BOOST_AUTO_TEST_SUITE_END()
