#define BOOST_TEST_MODULE policies_tests
#include <boost/test/unit_test.hpp>

#include "policies/gcra.hpp"

#include <map>

using namespace s2d;

BOOST_AUTO_TEST_SUITE(gcra)

BOOST_AUTO_TEST_CASE(a_full_bucket_allows_exactly_the_burst) {
  Gcra rate(10, 5);
  const std::int64_t t0 = 1'000'000'000;
  for (int i = 0; i < 5; ++i) {
    auto d = rate.check(t0);
    BOOST_TEST(d.allowed);
    BOOST_TEST(d.remaining == 4 - i);
  }
  auto refused = rate.check(t0);
  BOOST_TEST(!refused.allowed);
  BOOST_TEST(refused.remaining == 0);
  BOOST_TEST(refused.retry_after_seconds >= 1);
}

BOOST_AUTO_TEST_CASE(the_bucket_refills_at_the_rate) {
  Gcra rate(10, 5);
  const std::int64_t t0 = 1'000'000'000;
  for (int i = 0; i < 5; ++i) rate.check(t0);
  BOOST_TEST(!rate.check(t0 + 50'000).allowed);   // 50 ms: not yet one token
  BOOST_TEST(rate.check(t0 + 100'000).allowed);   // 100 ms: one token
  BOOST_TEST(!rate.check(t0 + 100'000).allowed);
  auto later = rate.check(t0 + 10'000'000);       // long idle: full again
  BOOST_TEST(later.allowed);
  BOOST_TEST(later.remaining == 4);
}

BOOST_AUTO_TEST_CASE(refusals_do_not_consume_capacity) {
  Gcra rate(1, 1);
  const std::int64_t t0 = 5'000'000'000;
  BOOST_TEST(rate.check(t0).allowed);
  for (int i = 0; i < 100; ++i) BOOST_TEST(!rate.check(t0 + i).allowed);
  BOOST_TEST(rate.check(t0 + 1'000'000).allowed);
}

BOOST_AUTO_TEST_CASE(headers_describe_the_decision) {
  Gcra rate(100, 200);
  auto d = rate.check(2'000'000'000'000);
  auto list = d.headers();
  std::map<std::string, std::string> h(list.begin(), list.end());
  BOOST_TEST(h["X-RateLimit-Limit"] == "200");
  BOOST_TEST(h["X-RateLimit-Remaining"] == "199");
  BOOST_TEST(h["X-RateLimit-Reset"] == "2000001");
  BOOST_TEST(h["RateLimit-Policy"] == "200;w=2");
  BOOST_TEST(h["RateLimit"] == "limit=200, remaining=199, reset=1");
}

BOOST_AUTO_TEST_SUITE_END()
