// IpAddress and Cidr: parsing, printing, prefix matching.
#include "net/ip_address.hpp"

#include <boost/test/unit_test.hpp>

using s2d::net::Cidr;
using s2d::net::IpAddress;

namespace {

IpAddress ip(const char* text) {
  auto address = IpAddress::parse(text);
  BOOST_REQUIRE_MESSAGE(address, "test address " << text << " must parse");
  return *address;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ip_address)

BOOST_AUTO_TEST_CASE(parses_and_prints_both_families) {
  BOOST_TEST(ip("10.0.0.1").to_string() == "10.0.0.1");
  BOOST_TEST((ip("10.0.0.1").family == IpAddress::Family::v4));
  BOOST_TEST(ip("10.0.0.1").v4_value() == 0x0a000001u);
  BOOST_TEST(ip("2606:4700:0:0::1111").to_string() == "2606:4700::1111");
  BOOST_TEST((ip("::1").family == IpAddress::Family::v6));
  BOOST_TEST(ip("[::1]").to_string() == "::1");
  BOOST_TEST(ip("::ffff:10.0.0.1").to_string() == "::ffff:10.0.0.1");
  BOOST_TEST((IpAddress::v4(0x7f000001) == ip("127.0.0.1")));
}

BOOST_AUTO_TEST_CASE(rejects_what_is_not_a_plain_literal) {
  for (const char* text : {"", "1.2.3", "256.0.0.1", "0x7f.0.0.1", "127.1", "fe80::1%eth0", "::g", "[::1",
                           "localhost", "1.2.3.4 ", "1::2::3"})
    BOOST_TEST(!IpAddress::parse(text), "'" << text << "' must not parse");
}

BOOST_AUTO_TEST_CASE(unmaps_only_ipv4_mapped_addresses) {
  BOOST_TEST(s2d::net::unmap_ipv4(ip("::ffff:10.0.0.1"))->to_string() == "10.0.0.1");
  BOOST_TEST(!s2d::net::unmap_ipv4(ip("64:ff9b::a00:1")));
  BOOST_TEST(!s2d::net::unmap_ipv4(ip("10.0.0.1")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cidr)

BOOST_AUTO_TEST_CASE(parses_blocks_and_bare_addresses) {
  auto ten = Cidr::parse("10.0.0.0/8");
  BOOST_REQUIRE(ten);
  BOOST_TEST(ten->prefix_length == 8);
  BOOST_TEST(ten->to_string() == "10.0.0.0/8");
  BOOST_TEST(Cidr::parse("::1/128")->to_string() == "::1/128");
  BOOST_TEST(Cidr::parse("127.0.0.1")->to_string() == "127.0.0.1/32");
  BOOST_TEST(Cidr::parse("fe80::1")->to_string() == "fe80::1/128");
  BOOST_TEST(Cidr::parse("0.0.0.0/0")->to_string() == "0.0.0.0/0");
}

BOOST_AUTO_TEST_CASE(clears_host_bits) {
  BOOST_TEST(Cidr::parse("10.1.2.3/8")->to_string() == "10.0.0.0/8");
  BOOST_TEST(Cidr::parse("172.31.200.1/12")->to_string() == "172.16.0.0/12");
  BOOST_TEST(Cidr::parse("fd12:3456::1/7")->to_string() == "fc00::/7");
}

BOOST_AUTO_TEST_CASE(rejects_malformed_blocks) {
  for (const char* text : {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8x", "abc/8", "/8",
                           "10.0.0.0/8/8", "10.0.0.0/ 8", ""})
    BOOST_TEST(!Cidr::parse(text), "'" << text << "' must not parse");
}

BOOST_AUTO_TEST_CASE(matches_prefixes) {
  Cidr ten = *Cidr::parse("10.0.0.0/8");
  BOOST_TEST(ten.contains(ip("10.0.0.0")));
  BOOST_TEST(ten.contains(ip("10.255.255.255")));
  BOOST_TEST(!ten.contains(ip("11.0.0.0")));
  BOOST_TEST(!ten.contains(ip("9.255.255.255")));

  Cidr twelve = *Cidr::parse("172.16.0.0/12");
  BOOST_TEST(twelve.contains(ip("172.31.255.255")));
  BOOST_TEST(!twelve.contains(ip("172.32.0.0")));

  Cidr link_local = *Cidr::parse("fe80::/10");
  BOOST_TEST(link_local.contains(ip("febf::1")));
  BOOST_TEST(!link_local.contains(ip("fec0::1")));

  BOOST_TEST(Cidr::parse("0.0.0.0/0")->contains(ip("203.0.113.9")));
  BOOST_TEST(Cidr::parse("::1/128")->contains(ip("::1")));
  BOOST_TEST(!Cidr::parse("::1/128")->contains(ip("::2")));
}

BOOST_AUTO_TEST_CASE(ipv4_blocks_contain_the_mapped_form_only) {
  Cidr loopback = *Cidr::parse("127.0.0.0/8");
  BOOST_TEST(loopback.contains(ip("::ffff:127.0.0.1")));
  BOOST_TEST(!loopback.contains(ip("64:ff9b::7f00:1")));
  BOOST_TEST(!loopback.contains(ip("::1")));
  BOOST_TEST(!Cidr::parse("::/0")->contains(ip("127.0.0.1")));
}

BOOST_AUTO_TEST_SUITE_END()
