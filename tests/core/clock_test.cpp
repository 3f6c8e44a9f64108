#include <boost/test/unit_test.hpp>

#include "core/clock.hpp"

using namespace s2d;

BOOST_AUTO_TEST_SUITE(rfc3339)

BOOST_AUTO_TEST_CASE(formats_utc_with_z) {
  BOOST_TEST(clock::rfc3339(0) == "1970-01-01T00:00:00Z");
  BOOST_TEST(clock::rfc3339(1778666400000) == "2026-05-13T10:00:00Z");
}

BOOST_AUTO_TEST_CASE(parses_offsets_and_fractions) {
  BOOST_TEST(*clock::parse_rfc3339("2026-05-13T10:00:00Z") == 1778666400000);
  BOOST_TEST(*clock::parse_rfc3339("2026-05-13T12:00:00+02:00") == 1778666400000);
  BOOST_TEST(*clock::parse_rfc3339("2026-05-13T10:00:00.250Z") == 1778666400250);
  BOOST_TEST(!clock::parse_rfc3339("2026-05-13 10:00:00Z"));
  BOOST_TEST(!clock::parse_rfc3339("2026-13-13T10:00:00Z"));
  BOOST_TEST(!clock::parse_rfc3339("2026-05-13T10:00:00"));
  BOOST_TEST(!clock::parse_rfc3339("yesterday"));
}

BOOST_AUTO_TEST_SUITE_END()
