#include <boost/test/unit_test.hpp>

#include "http/range.hpp"
#include "http/routes.hpp"

using namespace s2d::http;

BOOST_AUTO_TEST_SUITE(byte_ranges)

BOOST_AUTO_TEST_CASE(one_range_in_each_form) {
  auto r = parse_range("bytes=0-3", 10);
  BOOST_TEST((r.result == RangeResult::ok && r.offset == 0 && r.length == 4));
  r = parse_range("bytes=4-", 10);
  BOOST_TEST((r.result == RangeResult::ok && r.offset == 4 && r.length == 6));
  r = parse_range("bytes=-3", 10);
  BOOST_TEST((r.result == RangeResult::ok && r.offset == 7 && r.length == 3));
  r = parse_range("bytes=2-999999", 10);  // a last position past the end is clamped
  BOOST_TEST((r.result == RangeResult::ok && r.offset == 2 && r.length == 8));
}

BOOST_AUTO_TEST_CASE(numbers_too_large_for_64_bits_are_unsatisfiable_not_an_exception) {
  for (const char* header : {"bytes=0-99999999999999999999999", "bytes=99999999999999999999999-",
                             "bytes=-99999999999999999999999", "bytes=18446744073709551616-"})
    BOOST_TEST((parse_range(header, 10).result == RangeResult::unsatisfiable), header);
}

BOOST_AUTO_TEST_CASE(outside_the_file_is_unsatisfiable_and_garbage_is_ignored) {
  BOOST_TEST((parse_range("bytes=10-", 10).result == RangeResult::unsatisfiable));
  BOOST_TEST((parse_range("bytes=5-2", 10).result == RangeResult::unsatisfiable));
  BOOST_TEST((parse_range("bytes=-0", 10).result == RangeResult::unsatisfiable));
  BOOST_TEST((parse_range("bytes=0-", 0).result == RangeResult::unsatisfiable));
  for (const char* header : {"", "bytes=", "bytes=a-b", "items=0-1", "bytes=0-1,3-4", "bytes=--1", "bytes=1"})
    BOOST_TEST((parse_range(header, 10).result == RangeResult::none), header);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(route_methods)

BOOST_AUTO_TEST_CASE(a_known_path_lists_its_methods_and_an_unknown_one_none) {
  BOOST_TEST(allowed_methods("/v1/generations") == "POST, GET");
  BOOST_TEST(allowed_methods("/v1/templates/tpl_1") == "GET, PATCH, DELETE");
  BOOST_TEST(allowed_methods("/v1/nothing").empty());
  BOOST_TEST(match_route("DELETE", "/v1/generations").route == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
