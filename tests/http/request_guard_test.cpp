#include <boost/test/unit_test.hpp>

#include "http/request_guard.hpp"

#include <nlohmann/json.hpp>

#include <string>

using namespace s2d::http;

namespace {

GuardLimits small_limits() {
  GuardLimits limits;
  limits.max_body_bytes = 1000;
  limits.max_head_bytes = 2000;
  limits.max_header_count = 20;
  return limits;
}

std::optional<GuardRefusal> feed_bytewise(RequestGuard& guard, const std::string& bytes) {
  std::optional<GuardRefusal> last;
  for (char c : bytes) last = guard.feed(std::string_view(&c, 1));
  return last;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request_guard)

BOOST_AUTO_TEST_CASE(ordinary_requests_pass_one_after_another_in_any_split) {
  const std::string requests =
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /v1/generations HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
      "POST /v1/templates HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n"
      "\r\nGET / HTTP/1.0\n\n";
  RequestGuard whole(small_limits());
  BOOST_TEST(!whole.feed(requests));
  RequestGuard bytewise(small_limits());
  BOOST_TEST(!feed_bytewise(bytewise, requests));
}

BOOST_AUTO_TEST_CASE(a_declared_body_over_the_limit_is_413_before_any_body_byte) {
  for (const char* length : {"1001", "5368709120", "99999999999999999999999999"}) {
    RequestGuard guard(small_limits());
    auto refusal = guard.feed("POST /v1/generations HTTP/1.1\r\nContent-Length: " + std::string(length) + "\r\n");
    BOOST_REQUIRE(refusal);
    BOOST_TEST(refusal->status == 413);
    BOOST_TEST(refusal->code == "body_too_large");
    BOOST_TEST(guard.feed("more")->status == 413);  // and it stays refused
  }
  RequestGuard at_limit(small_limits());
  BOOST_TEST(!at_limit.feed("POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'x')));
}

BOOST_AUTO_TEST_CASE(a_chunked_body_over_the_limit_is_413_at_the_chunk_that_crosses_it) {
  RequestGuard guard(small_limits());
  const std::string head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  BOOST_TEST(!guard.feed(head + "1f4\r\n" + std::string(500, 'a') + "\r\n"));
  auto refusal = guard.feed("1f5\r\n");
  BOOST_REQUIRE(refusal);
  BOOST_TEST(refusal->status == 413);
  RequestGuard huge(small_limits());
  BOOST_TEST(huge.feed(head + "ffffffffffffffffffffffff\r\n")->status == 413);
}

BOOST_AUTO_TEST_CASE(malformed_chunked_framing_is_400) {
  const std::string head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (const std::string body : {"zz\r\n", "3\r\nabcdef\r\n", "\r\n"}) {
    RequestGuard guard(small_limits());
    auto refusal = guard.feed(head + body);
    BOOST_REQUIRE_MESSAGE(refusal, body);
    BOOST_TEST(refusal->status == 400);
    BOOST_TEST(refusal->code == "request_malformed");
  }
  RequestGuard both(small_limits());
  BOOST_TEST(both.feed("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")->status == 400);
}

BOOST_AUTO_TEST_CASE(too_many_or_too_large_headers_are_431) {
  RequestGuard many(small_limits());
  std::string head = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 21; ++i) head += "X-" + std::to_string(i) + ": 1\r\n";
  BOOST_TEST(many.feed(head)->status == 431);
  RequestGuard large(small_limits());
  BOOST_TEST(large.feed("GET / HTTP/1.1\r\nX-Big: " + std::string(3000, 'a'))->code == "headers_too_large");
}

BOOST_AUTO_TEST_CASE(an_unknown_method_is_501_and_tls_or_garbage_is_400) {
  RequestGuard method(small_limits());
  BOOST_TEST(method.feed("BREW /pot HTTP/1.1\r\n")->status == 501);
  RequestGuard tls(small_limits());
  BOOST_TEST(tls.feed(std::string("\x16\x03\x01\x02\x00\x01\x00", 7))->status == 400);
  RequestGuard garbage(small_limits());
  BOOST_TEST(garbage.feed("hello\r\n")->status == 400);
  RequestGuard version(small_limits());
  BOOST_TEST(version.feed("GET / HTTX/1.1\r\n")->status == 400);
  RequestGuard colon(small_limits());
  BOOST_TEST(colon.feed("GET / HTTP/1.1\r\nno colon here\r\n")->status == 400);
}

BOOST_AUTO_TEST_CASE(the_refusal_is_a_complete_http_response_with_the_envelope) {
  RequestGuard guard(small_limits());
  const auto response = refusal_response(*guard.feed("POST / HTTP/1.1\r\nContent-Length: 5000\r\n"));
  BOOST_TEST(response.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0) == 0);
  const auto split = response.find("\r\n\r\n");
  BOOST_REQUIRE(split != std::string::npos);
  const auto head = response.substr(0, split);
  const auto body = nlohmann::json::parse(response.substr(split + 4));
  BOOST_TEST(body["error"]["code"] == "body_too_large");
  BOOST_TEST(head.find("Request-Id: " + body["error"]["request_id"].get<std::string>()) != std::string::npos);
  BOOST_TEST(head.find("Content-Length: " + std::to_string(response.size() - split - 4)) != std::string::npos);
  BOOST_TEST(head.find("Connection: close") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
