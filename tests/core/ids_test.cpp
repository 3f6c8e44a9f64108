#include <boost/test/unit_test.hpp>

#include "core/clock.hpp"
#include "core/ids.hpp"

#include <algorithm>
#include <vector>

using namespace s2d;

BOOST_AUTO_TEST_SUITE(identifiers)

BOOST_AUTO_TEST_CASE(ids_have_prefix_and_26_char_ulid) {
  auto id = ids::make("gen");
  BOOST_TEST(id.size() == 4u + 26u);
  BOOST_TEST(ids::valid(id, "gen"));
  BOOST_TEST(!ids::valid(id, "tpl"));
  BOOST_TEST(!ids::valid("gen_" + std::string(26, 'U'), "gen"));  // U is not Crockford
  BOOST_TEST(!ids::valid("gen_123", "gen"));
}

BOOST_AUTO_TEST_CASE(ids_sort_in_creation_order) {
  std::vector<std::string> made;
  for (int i = 0; i < 5000; ++i) made.push_back(ids::make("gen"));
  BOOST_TEST(std::is_sorted(made.begin(), made.end()));
  BOOST_TEST((std::adjacent_find(made.begin(), made.end()) == made.end()));
}

BOOST_AUTO_TEST_CASE(ids_carry_their_creation_time) {
  auto before = clock::now_ms();
  auto id = ids::make("req");
  auto after = clock::now_ms();
  BOOST_TEST(ids::time_ms(id) >= before);
  BOOST_TEST(ids::time_ms(id) <= after);
}

BOOST_AUTO_TEST_SUITE_END()
