// Resolver behaviour that needs a resolver we control: DNS rebinding (the
// name answers one address to the egress check and another to anyone who
// asks later: the connection must go to the checked one), and a lookup that
// takes too long (the call must still end on time).
//
// To play such a resolver without a DNS server, this executable defines
// getaddrinfo itself; the dynamic linker then binds every caller in the
// process (our check and libcurl alike) to it. Only the *.s2d.test names
// below are answered here, and only with loopback addresses; every other
// name goes to the C library's getaddrinfo. It lives in its own executable
// so that no other test runs with it.
#define BOOST_TEST_MODULE net_resolver
#include <boost/test/unit_test.hpp>

#include "net/http_client.hpp"
#include "tests/net/loopback_server.hpp"

#include <dlfcn.h>
#include <netdb.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>

namespace {

constexpr const char* kRebindingHost = "rebinding.s2d.test";
constexpr const char* kSlowHost = "slow.s2d.test";  // answers after kSlowAnswerDelay
constexpr auto kSlowAnswerDelay = std::chrono::seconds(3);
constexpr const char* kFirstAnswer = "127.0.0.1";  // what the check sees
constexpr const char* kLaterAnswer = "127.0.0.2";  // what a second lookup would get
std::atomic<int> rebinding_lookups{0};

using GetaddrinfoFunction = int (*)(const char*, const char*, const addrinfo*, addrinfo**);

GetaddrinfoFunction libc_getaddrinfo() {
  static auto function = reinterpret_cast<GetaddrinfoFunction>(dlsym(RTLD_NEXT, "getaddrinfo"));
  return function;
}

}  // namespace

extern "C" int getaddrinfo(const char* node, const char* service, const addrinfo* hints,
                           addrinfo** result) noexcept {
  if (node != nullptr && std::strcmp(node, kRebindingHost) == 0) {
    const char* answer = rebinding_lookups++ == 0 ? kFirstAnswer : kLaterAnswer;
    return libc_getaddrinfo()(answer, service, hints, result);
  }
  if (node != nullptr && std::strcmp(node, kSlowHost) == 0) {
    std::this_thread::sleep_for(kSlowAnswerDelay);
    return libc_getaddrinfo()(kFirstAnswer, service, hints, result);
  }
  return libc_getaddrinfo()(node, service, hints, result);
}

using namespace s2d::net;
using s2d::net::testing::http_response;
using s2d::net::testing::LoopbackServer;
using s2d::net::testing::ReceivedRequest;
using s2d::net::testing::Reply;

BOOST_AUTO_TEST_CASE(connects_to_the_checked_address_not_to_a_later_answer) {
  auto answer = [](std::string body) {
    return [body](const ReceivedRequest&) { return Reply{http_response(200, body)}; };
  };
  LoopbackServer checked(kFirstAnswer, answer("checked"));
  LoopbackServer rebound(kLaterAnswer, answer("rebound"), checked.port());
  // The rebound address is outside the allow-list: reaching it would be the
  // SSRF this guards against.
  HttpClient client{*EgressPolicy::from_list("127.0.0.1/32", nullptr)};

  for (int call = 0; call < 3; ++call) {
    HttpRequest request;
    request.url = std::string("http://") + kRebindingHost + ":" + std::to_string(checked.port()) + "/";
    rebinding_lookups = 0;
    HttpResponse response = client.send(request);
    BOOST_TEST(response.ok(), response.error_code() << ": " << response.error_message);
    BOOST_TEST(response.body == "checked");
    BOOST_TEST(response.connected_ip == kFirstAnswer);
  }
  BOOST_TEST(rebinding_lookups.load() >= 1);
  BOOST_TEST(rebound.connections_accepted() == 0);
  BOOST_TEST(checked.requests().size() == 3u);
  BOOST_TEST(*checked.requests().at(0).header("host") ==
             std::string(kRebindingHost) + ":" + std::to_string(checked.port()));
}

BOOST_AUTO_TEST_CASE(refuses_when_the_check_itself_sees_a_forbidden_address) {
  LoopbackServer rebound(kLaterAnswer, [](const ReceivedRequest&) { return Reply{http_response(200, "")}; });
  HttpClient client{*EgressPolicy::from_list("127.0.0.1/32", nullptr)};
  rebinding_lookups = 1;  // the next lookup already answers the later address
  HttpRequest request;
  request.url = std::string("http://") + kRebindingHost + ":" + std::to_string(rebound.port()) + "/";
  HttpResponse response = client.send(request);
  BOOST_TEST((response.error == NetError::egress_refused), response.error_message);
  BOOST_TEST(response.error_message.find(kLaterAnswer) != std::string::npos, response.error_message);
  BOOST_TEST(rebound.connections_accepted() == 0);
}

BOOST_AUTO_TEST_CASE(a_lookup_that_hangs_costs_at_most_the_connect_timeout) {
  HttpClient client{*EgressPolicy::from_list("127.0.0.1/32", nullptr)};
  HttpRequest request;
  request.url = std::string("http://") + kSlowHost + ":9/";
  // Had the call waited for the answer, it would have gone on to connect
  // (connect_failed on port 9) instead of reporting the lookup's timeout.
  request.connect_timeout = std::chrono::milliseconds(200);
  HttpResponse response = client.send(request);
  BOOST_TEST((response.error == NetError::timeout), response.error_code() << ": " << response.error_message);
  BOOST_TEST(response.error_message.find("DNS lookup") != std::string::npos, response.error_message);
}
