// Standard Webhooks signing: the reference test vector, verification as a
// consumer does it, and secret rotation.
#include "net/webhook_signature.hpp"

#include "core/crypto.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>

namespace webhooks = s2d::net::webhooks;

namespace {

// The vector of the Standard Webhooks reference libraries' sign tests.
constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* kId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t kTimestamp = 1614265330;
constexpr const char* kBody = R"({"test": 2432232314})";
constexpr const char* kSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

std::string verify_vector(std::string_view header, std::int64_t now = kTimestamp) {
  return webhooks::verify(kSecret, kId, std::to_string(kTimestamp), kBody, header, now);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_signature)

BOOST_AUTO_TEST_CASE(matches_the_reference_vector) {
  BOOST_TEST(webhooks::sign(kSecret, kId, kTimestamp, kBody) == kSignature);
  // The prefix is optional, as in the reference libraries.
  BOOST_TEST(webhooks::sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", kId, kTimestamp, kBody) == kSignature);
  BOOST_TEST(webhooks::signature_header({kSecret}, kId, kTimestamp, kBody) == kSignature);
}

BOOST_AUTO_TEST_CASE(verifies_like_a_consumer) {
  BOOST_TEST(verify_vector(kSignature) == "");
  BOOST_TEST(verify_vector(kSignature, kTimestamp + 300) == "");
  BOOST_TEST(verify_vector(kSignature, kTimestamp + 301) == "webhook-timestamp is outside the tolerance");
  BOOST_TEST(verify_vector(kSignature, kTimestamp - 301) == "webhook-timestamp is outside the tolerance");
  BOOST_TEST(webhooks::verify(kSecret, kId, std::to_string(kTimestamp), R"({"test": 2432232315})", kSignature,
                              kTimestamp) == "no v1 signature matches");
  BOOST_TEST(webhooks::verify(kSecret, "msg_other", std::to_string(kTimestamp), kBody, kSignature, kTimestamp) ==
             "no v1 signature matches");
  BOOST_TEST(webhooks::verify(kSecret, kId, "hello", kBody, kSignature, kTimestamp) ==
             "webhook-timestamp is not an integer");
  BOOST_TEST(verify_vector("v1,dawfeoifkpqwoekfpqoekf") == "no v1 signature matches");
  BOOST_TEST(verify_vector("v1,") == "no v1 signature matches");
  BOOST_TEST(verify_vector(std::string(kSignature).substr(0, 8)) == "no v1 signature matches");
  BOOST_TEST(verify_vector("") == "no v1 signature matches");
  // Right signature under another version tag is not accepted as v1.
  BOOST_TEST(verify_vector("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=") == "no v1 signature matches");
}

BOOST_AUTO_TEST_CASE(finds_the_valid_signature_among_several) {
  std::string header = std::string("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ") +
                       "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + kSignature +
                       " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
  BOOST_TEST(verify_vector(header) == "");
}

BOOST_AUTO_TEST_CASE(makes_32_byte_secrets) {
  std::string secret = webhooks::make_secret();
  BOOST_TEST(secret.substr(0, 6) == "whsec_");
  BOOST_TEST(secret.size() == 6u + 44u);
  BOOST_TEST(webhooks::secret_key(secret)->size() == 32u);
  BOOST_TEST(webhooks::make_secret() != secret);
}

BOOST_AUTO_TEST_CASE(signs_with_every_secret_while_rotating) {
  std::string old_secret = webhooks::make_secret();
  std::string new_secret = webhooks::make_secret();
  std::string header = webhooks::signature_header({new_secret, old_secret}, "evt_1", 1700000000, "{}");
  std::size_t space = header.find(' ');
  BOOST_REQUIRE(space != std::string::npos);
  BOOST_TEST(header.find(' ', space + 1) == std::string::npos);
  BOOST_TEST(header.substr(0, space) == webhooks::sign(new_secret, "evt_1", 1700000000, "{}"));
  BOOST_TEST(header.substr(space + 1) == webhooks::sign(old_secret, "evt_1", 1700000000, "{}"));
  BOOST_TEST(header.substr(0, space) != header.substr(space + 1));

  for (const std::string& secret : {old_secret, new_secret})
    BOOST_TEST(webhooks::verify(secret, "evt_1", "1700000000", "{}", header, 1700000000) == "");
  BOOST_TEST(webhooks::verify(webhooks::make_secret(), "evt_1", "1700000000", "{}", header, 1700000000) ==
             "no v1 signature matches");
}

BOOST_AUTO_TEST_CASE(refuses_malformed_secrets) {
  std::string short_key = "whsec_" + s2d::crypto::base64_encode(std::string(16, 'k'));
  std::string long_key = "whsec_" + s2d::crypto::base64_encode(std::string(65, 'k'));
  for (const std::string& secret : {std::string("whsec_not base64!"), short_key, long_key, std::string("")}) {
    BOOST_TEST(!webhooks::secret_key(secret).has_value());
    BOOST_CHECK_THROW(webhooks::sign(secret, kId, kTimestamp, kBody), std::invalid_argument);
    BOOST_TEST(webhooks::verify(secret, kId, std::to_string(kTimestamp), kBody, kSignature, kTimestamp) ==
               "the secret is malformed");
  }
  BOOST_TEST(webhooks::secret_key("whsec_" + s2d::crypto::base64_encode(std::string(64, 'k'))).has_value());
  BOOST_CHECK_THROW(webhooks::signature_header({}, kId, kTimestamp, kBody), std::invalid_argument);
  try {
    webhooks::sign(short_key, kId, kTimestamp, kBody);
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()).find(short_key.substr(6)) == std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
