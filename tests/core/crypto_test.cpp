#include <boost/test/unit_test.hpp>

#include "core/crypto.hpp"

#include <vector>

using namespace s2d;

BOOST_AUTO_TEST_SUITE(crypto_helpers)

BOOST_AUTO_TEST_CASE(sha256_known_answer) {
  BOOST_TEST(crypto::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(hmac_sha256_rfc4231_case_2) {
  BOOST_TEST(crypto::hex_encode(crypto::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

BOOST_AUTO_TEST_CASE(base64_round_trips_and_rejects_garbage) {
  for (const std::string& s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\x10", 3)}) {
    std::string back;
    BOOST_TEST(crypto::base64_decode(crypto::base64_encode(s), &back));
    BOOST_TEST(back == s);
    BOOST_TEST(crypto::base64url_decode(crypto::base64url_encode(s), &back));
    BOOST_TEST(back == s);
  }
  BOOST_TEST(crypto::base64_encode("foobar") == "Zm9vYmFy");
  BOOST_TEST(crypto::base64_encode("fo") == "Zm8=");
  BOOST_TEST(crypto::base64url_encode(std::string("\xfb\xff", 2)) == "-_8");
  std::string out;
  BOOST_TEST(!crypto::base64_decode("Zm9v!", &out));
  BOOST_TEST(!crypto::base64_decode("Z", &out));
}

BOOST_AUTO_TEST_SUITE_END()
