#define BOOST_TEST_MODULE core
#include <boost/test/unit_test.hpp>

#include "core/api_key.hpp"

#include <set>

using namespace s2d;

BOOST_AUTO_TEST_SUITE(api_key_format)

BOOST_AUTO_TEST_CASE(generated_keys_have_prefix_length_and_valid_checksum) {
  auto key = api_key::generate();
  BOOST_TEST(key.rfind("s2d_live_", 0) == 0u);
  BOOST_TEST(key.size() == 9u + 30u + 6u);
  BOOST_TEST(api_key::well_formed(key));
}

BOOST_AUTO_TEST_CASE(keys_are_unique) {
  std::set<std::string> keys;
  for (int i = 0; i < 1000; ++i) keys.insert(api_key::generate());
  BOOST_TEST(keys.size() == 1000u);
}

BOOST_AUTO_TEST_CASE(any_single_character_change_breaks_the_checksum) {
  auto key = api_key::generate();
  for (std::size_t i = 9; i < key.size(); ++i) {
    auto changed = key;
    changed[i] = changed[i] == 'a' ? 'b' : 'a';
    BOOST_TEST_CONTEXT("position " << i) { BOOST_TEST(!api_key::well_formed(changed)); }
  }
}

BOOST_AUTO_TEST_CASE(malformed_keys_are_rejected) {
  auto key = api_key::generate();
  BOOST_TEST(!api_key::well_formed(""));
  BOOST_TEST(!api_key::well_formed(key.substr(0, key.size() - 1)));
  BOOST_TEST(!api_key::well_formed(key + "0"));
  BOOST_TEST(!api_key::well_formed("s2d_test_" + key.substr(9)));
  auto with_symbol = key;
  with_symbol[12] = '-';
  BOOST_TEST(!api_key::well_formed(with_symbol));
}

BOOST_AUTO_TEST_CASE(hash_is_sha256_hex_and_last4_is_the_tail) {
  auto key = api_key::generate();
  auto hash = api_key::hash(key);
  BOOST_TEST(hash.size() == 64u);
  BOOST_TEST(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
  BOOST_TEST(hash != api_key::hash(api_key::generate()));
  BOOST_TEST(api_key::last4(key) == key.substr(key.size() - 4));
}

BOOST_AUTO_TEST_SUITE_END()
