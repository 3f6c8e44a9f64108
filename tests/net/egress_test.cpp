// The SSRF policy: which literal addresses are refused and why, the
// operator allow-list, and resolution with the check. Nothing here opens a
// connection; the only names resolved are in /etc/hosts or fail before any
// DNS query is sent.
#include "net/egress.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>
#include <utility>

using namespace s2d::net;

namespace {

std::string reason_for(const char* text) {
  auto address = IpAddress::parse(text);
  BOOST_REQUIRE_MESSAGE(address, "test address " << text << " must parse");
  return forbidden_reason(*address);
}

EgressPolicy policy(const char* csv) {
  std::string error;
  auto parsed = EgressPolicy::from_list(csv, &error);
  BOOST_REQUIRE_MESSAGE(parsed, error);
  return *parsed;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(forbidden_addresses)

BOOST_AUTO_TEST_CASE(refuses_every_non_public_range_with_its_reason) {
  const std::pair<const char*, const char*> cases[] = {
      {"10.0.0.1", "private"},
      {"172.16.0.1", "private"},
      {"172.31.255.255", "private"},
      {"192.168.1.1", "private"},
      {"100.64.0.1", "cgnat"},
      {"100.127.255.255", "cgnat"},
      {"169.254.169.254", "metadata"},
      {"169.254.170.2", "metadata"},
      {"100.100.100.200", "metadata"},
      {"192.0.0.192", "metadata"},
      {"169.254.1.1", "link-local"},
      {"224.0.0.1", "multicast"},
      {"239.255.255.250", "multicast"},
      {"127.0.0.1", "loopback"},
      {"127.255.0.9", "loopback"},
      {"0.0.0.0", "unspecified"},
      {"0.1.2.3", "unspecified"},
      {"255.255.255.255", "broadcast"},
      {"240.0.0.1", "reserved"},
      {"192.0.2.10", "reserved"},
      {"198.18.0.1", "reserved"},
      {"198.51.100.7", "reserved"},
      {"203.0.113.7", "reserved"},
      {"::1", "loopback"},
      {"::", "unspecified"},
      {"fc00::1", "unique-local"},
      {"fd12:3456::1", "unique-local"},
      {"fd00:ec2::254", "metadata"},
      {"fe80::1", "link-local"},
      {"fec0::1", "site-local"},
      {"ff02::1", "multicast"},
      {"ff0e::1", "multicast"},
      {"2001:db8::1", "reserved"},
      {"2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved"},  // Teredo
      {"100::1", "reserved"},
      {"::7f00:1", "reserved"},   // deprecated IPv4-compatible
      {"4000::1", "reserved"},    // outside global unicast 2000::/3
      {"64:ff9b:1::a00:1", "private"},
  };
  for (const auto& [address, reason] : cases)
    BOOST_TEST(reason_for(address) == reason, address << " is " << reason_for(address) << ", expected " << reason);
}

BOOST_AUTO_TEST_CASE(judges_ipv4_embedded_in_ipv6_by_its_ipv4_part) {
  const std::pair<const char*, const char*> cases[] = {
      {"::ffff:10.0.0.1", "private via IPv4-mapped"},
      {"::ffff:127.0.0.1", "loopback via IPv4-mapped"},
      {"::ffff:169.254.169.254", "metadata via IPv4-mapped"},
      {"::ffff:0.0.0.0", "unspecified via IPv4-mapped"},
      {"::ffff:0:7f00:1", "loopback via IPv4-translated"},
      {"64:ff9b::a00:1", "private via NAT64"},
      {"64:ff9b::a9fe:a9fe", "metadata via NAT64"},
      {"2002:c0a8:101::1", "private via 6to4"},
      {"2002:7f00:1::", "loopback via 6to4"},
  };
  for (const auto& [address, reason] : cases)
    BOOST_TEST(reason_for(address) == reason, address << " is " << reason_for(address) << ", expected " << reason);
}

BOOST_AUTO_TEST_CASE(accepts_public_addresses) {
  for (const char* address : {"93.184.216.34", "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1",
                              "100.63.255.255", "100.128.0.1", "192.169.0.1", "169.255.0.1", "223.255.255.255",
                              "2606:4700::1111", "2a00:1450:4001:82b::200e", "::ffff:93.184.216.34",
                              "64:ff9b::5db8:d822", "2002:5db8:d822::1"})
    BOOST_TEST(reason_for(address).empty(), address << " should be public, got " << reason_for(address));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(egress_policy)

BOOST_AUTO_TEST_CASE(parses_an_allow_list) {
  EgressPolicy parsed = policy(" 127.0.0.0/8 , ::1/128,,10.1.2.3 ");
  BOOST_REQUIRE(parsed.allow.size() == 3u);
  BOOST_TEST(parsed.allow[0].to_string() == "127.0.0.0/8");
  BOOST_TEST(parsed.allow[1].to_string() == "::1/128");
  BOOST_TEST(parsed.allow[2].to_string() == "10.1.2.3/32");
  BOOST_TEST(policy("").allow.empty());
}

BOOST_AUTO_TEST_CASE(names_the_bad_entry) {
  std::string error;
  BOOST_TEST(!EgressPolicy::from_list("127.0.0.0/8,localhost", &error));
  BOOST_TEST(error.find("'localhost'") != std::string::npos, error);
  BOOST_TEST(!EgressPolicy::from_list("10.0.0.0/33", &error));
  BOOST_TEST(error.find("10.0.0.0/33") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(reads_the_environment) {
  ::setenv("S2D_EGRESS_ALLOW", "127.0.0.0/8,::1/128", 1);
  std::string error;
  auto from_environment = EgressPolicy::from_environment(&error);
  BOOST_REQUIRE(from_environment);
  BOOST_TEST(from_environment->allow.size() == 2u);

  ::setenv("S2D_EGRESS_ALLOW", "nonsense", 1);
  BOOST_TEST(!EgressPolicy::from_environment(&error));
  BOOST_TEST(error.find("S2D_EGRESS_ALLOW") != std::string::npos, error);

  ::unsetenv("S2D_EGRESS_ALLOW");
  BOOST_TEST(EgressPolicy::from_environment(&error)->allow.empty());
}

BOOST_AUTO_TEST_CASE(allow_list_opens_only_its_blocks) {
  EgressPolicy loopback = policy("127.0.0.0/8,::1/128");
  BOOST_TEST(loopback.refusal_reason(*IpAddress::parse("127.0.0.1")).empty());
  BOOST_TEST(loopback.refusal_reason(*IpAddress::parse("::1")).empty());
  BOOST_TEST(loopback.refusal_reason(*IpAddress::parse("::ffff:127.0.0.1")).empty());
  BOOST_TEST(loopback.refusal_reason(*IpAddress::parse("10.0.0.1")) == "private");
  BOOST_TEST(loopback.refusal_reason(*IpAddress::parse("169.254.169.254")) == "metadata");
  BOOST_TEST(loopback.refusal_reason(*IpAddress::parse("93.184.216.34")).empty());
  BOOST_TEST(EgressPolicy{}.refusal_reason(*IpAddress::parse("127.0.0.1")) == "loopback");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(resolution)

constexpr std::chrono::milliseconds kLookupTimeout{5000};

BOOST_AUTO_TEST_CASE(refuses_a_literal_with_address_and_reason) {
  EgressCheck check = resolve_for_egress("10.0.0.1", EgressPolicy{}, kLookupTimeout);
  BOOST_TEST((check.error == NetError::egress_refused));
  BOOST_TEST(to_string(check.error) == "egress_refused");
  BOOST_TEST(check.message.find("10.0.0.1") != std::string::npos, check.message);
  BOOST_TEST(check.message.find("private") != std::string::npos, check.message);
  BOOST_TEST(check.addresses.empty());

  check = resolve_for_egress("[fd00:ec2::254]", EgressPolicy{}, kLookupTimeout);
  BOOST_TEST((check.error == NetError::egress_refused));
  BOOST_TEST(check.message.find("metadata") != std::string::npos, check.message);
}

BOOST_AUTO_TEST_CASE(accepts_a_public_literal_without_connecting) {
  EgressCheck check = resolve_for_egress("2606:4700::1111", EgressPolicy{}, kLookupTimeout);
  BOOST_TEST(check.ok(), check.message);
  BOOST_REQUIRE(check.addresses.size() == 1u);
  BOOST_TEST(check.addresses[0].to_string() == "2606:4700::1111");
}

BOOST_AUTO_TEST_CASE(resolves_localhost_like_any_name) {
  EgressCheck refused = resolve_for_egress("localhost", EgressPolicy{}, kLookupTimeout);
  BOOST_TEST((refused.error == NetError::egress_refused));
  BOOST_TEST(refused.message.find("loopback") != std::string::npos, refused.message);
  BOOST_TEST(refused.message.find("'localhost'") != std::string::npos, refused.message);

  EgressCheck allowed = resolve_for_egress("localhost", policy("127.0.0.0/8,::1/128"), kLookupTimeout);
  BOOST_TEST(allowed.ok(), allowed.message);
  BOOST_TEST(!allowed.addresses.empty());
  for (const IpAddress& address : allowed.addresses) BOOST_TEST(forbidden_reason(address) == "loopback");
}

BOOST_AUTO_TEST_CASE(numeric_host_spellings_are_resolved_then_checked) {
  // getaddrinfo turns these into 127.0.0.1; the check sees the result.
  for (const char* host : {"2130706433", "0x7f.1", "127.1"}) {
    EgressCheck check = resolve_for_egress(host, EgressPolicy{}, kLookupTimeout);
    BOOST_TEST((check.error == NetError::egress_refused), host << ": " << check.message);
  }
}

BOOST_AUTO_TEST_CASE(reports_a_name_without_addresses) {
  // A 64-character label is not a valid DNS name: glibc fails it without
  // sending a query.
  std::string host = std::string(64, 'a') + ".example";
  EgressCheck check = resolve_for_egress(host, EgressPolicy{}, kLookupTimeout);
  BOOST_TEST((check.error == NetError::dns_failed), check.message);
  BOOST_TEST(check.message.find(host) != std::string::npos, check.message);
}

BOOST_AUTO_TEST_CASE(refuses_an_empty_host) {
  BOOST_TEST((resolve_for_egress("", EgressPolicy{}, kLookupTimeout).error == NetError::invalid_url));
}

BOOST_AUTO_TEST_SUITE_END()
