#include <boost/test/unit_test.hpp>

#include "core/signed_url.hpp"

using namespace s2d;
using Verdict = UrlSigner::Verdict;

namespace {
const std::string kPath = "/v1/files/file_01ABC/content";
UrlSigner signer() { return UrlSigner({{"k1", std::string(32, 'x')}}); }
}  // namespace

BOOST_AUTO_TEST_SUITE(signed_urls)

BOOST_AUTO_TEST_CASE(a_signed_url_verifies_until_it_expires) {
  auto s = signer();
  auto sig = s.sign("GET", kPath, "ws_1", 1000);
  BOOST_TEST(sig.rfind("k1.", 0) == 0u);
  BOOST_TEST(int(s.verify("GET", kPath, "ws_1", 1000, sig, 999)) == int(Verdict::valid));
  BOOST_TEST(int(s.verify("GET", kPath, "ws_1", 1000, sig, 1000)) == int(Verdict::valid));
  BOOST_TEST(int(s.verify("GET", kPath, "ws_1", 1000, sig, 1001)) == int(Verdict::expired));
}

BOOST_AUTO_TEST_CASE(any_tampering_invalidates_the_signature) {
  auto s = signer();
  auto sig = s.sign("GET", kPath, "ws_1", 1000);
  BOOST_TEST(int(s.verify("GET", kPath, "ws_1", 1001, sig, 10)) == int(Verdict::invalid_signature));
  BOOST_TEST(int(s.verify("GET", "/v1/files/file_other/content", "ws_1", 1000, sig, 10)) == int(Verdict::invalid_signature));
  BOOST_TEST(int(s.verify("GET", kPath, "ws_2", 1000, sig, 10)) == int(Verdict::invalid_signature));
  BOOST_TEST(int(s.verify("HEAD", kPath, "ws_1", 1000, sig, 10)) == int(Verdict::invalid_signature));
  auto flipped = sig;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  BOOST_TEST(int(s.verify("GET", kPath, "ws_1", 1000, flipped, 10)) == int(Verdict::invalid_signature));
  BOOST_TEST(int(s.verify("GET", kPath, "ws_1", 1000, "", 10)) == int(Verdict::invalid_signature));
  BOOST_TEST(int(s.verify("GET", kPath, "ws_1", 1000, "k9." + sig.substr(3), 10)) == int(Verdict::invalid_signature));
}

BOOST_AUTO_TEST_CASE(a_tampered_expired_url_reports_tampering) {
  auto s = signer();
  auto sig = s.sign("GET", kPath, "ws_1", 1000);
  BOOST_TEST(int(s.verify("GET", kPath, "ws_1", 999, sig, 5000)) == int(Verdict::invalid_signature));
}

BOOST_AUTO_TEST_CASE(older_listed_keys_still_verify_after_rotation) {
  UrlSigner old_signer({{"k1", std::string(32, 'x')}});
  UrlSigner rotated({{"k2", std::string(32, 'y')}, {"k1", std::string(32, 'x')}});
  auto old_sig = old_signer.sign("GET", kPath, "ws_1", 1000);
  BOOST_TEST(int(rotated.verify("GET", kPath, "ws_1", 1000, old_sig, 10)) == int(Verdict::valid));
  BOOST_TEST(rotated.sign("GET", kPath, "ws_1", 1000).rfind("k2.", 0) == 0u);
  UrlSigner retired({{"k2", std::string(32, 'y')}});
  BOOST_TEST(int(retired.verify("GET", kPath, "ws_1", 1000, old_sig, 10)) == int(Verdict::invalid_signature));
}

BOOST_AUTO_TEST_SUITE_END()
