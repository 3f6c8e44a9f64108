#pragma once
// IP address and CIDR values: parsing, printing and prefix matching.
// Pure values, no DNS: the egress policy (net/egress.hpp) builds on them.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sockaddr;

namespace s2d::net {

struct IpAddress {
  enum class Family { v4, v6 };

  Family family = Family::v4;
  // Network byte order; an IPv4 address uses the first 4 bytes, the rest stay 0.
  std::array<std::uint8_t, 16> bytes{};

  // A literal such as "10.0.0.1", "::1" or "[::1]" (brackets as in URLs).
  // Only the dotted-quad IPv4 form is accepted here; other spellings such as
  // "0x7f.1" are host names for the resolver, which checks what they become.
  // No zone ids ("fe80::1%eth0").
  static std::optional<IpAddress> parse(std::string_view text);
  // From a sockaddr_in / sockaddr_in6 (getaddrinfo, curl callbacks).
  static std::optional<IpAddress> from_sockaddr(const sockaddr* address);
  static IpAddress v4(std::uint32_t host_order);

  std::size_t size() const { return family == Family::v4 ? 4 : 16; }
  // The address as a host-order integer; IPv4 only.
  std::uint32_t v4_value() const;
  // "10.0.0.1", "::ffff:10.0.0.1" (inet_ntop forms).
  std::string to_string() const;

  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    return a.family == b.family && a.bytes == b.bytes;
  }
  friend bool operator!=(const IpAddress& a, const IpAddress& b) { return !(a == b); }
};

struct Cidr {
  IpAddress network;  // host bits cleared
  int prefix_length = 0;

  // "10.0.0.0/8", "::1/128", or a bare address (a /32 or /128). Host bits
  // below the prefix are cleared, as routing tables do ("10.1.2.3/8" is 10/8).
  static std::optional<Cidr> parse(std::string_view text);

  // True when address lies in this block. An IPv4 block also contains the
  // IPv4-mapped IPv6 form (::ffff:a.b.c.d) of its addresses, because a socket
  // connecting to that form reaches the same IPv4 host.
  bool contains(const IpAddress& address) const;
  std::string to_string() const;
};

// The IPv4 address carried in an IPv4-mapped IPv6 address (::ffff:a.b.c.d).
std::optional<IpAddress> unmap_ipv4(const IpAddress& address);

}  // namespace s2d::net
