#include "net/ip_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <charconv>
#include <cstring>

namespace s2d::net {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

// Leaves the first prefix_length bits of bytes and clears the rest.
void clear_host_bits(std::array<std::uint8_t, 16>& bytes, int prefix_length) {
  for (int bit = prefix_length; bit < 128; ++bit) bytes[bit / 8] &= std::uint8_t(~(0x80u >> (bit % 8)));
}

bool same_prefix(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b,
                 int prefix_length) {
  int whole = prefix_length / 8;
  if (std::memcmp(a.data(), b.data(), std::size_t(whole)) != 0) return false;
  int rest = prefix_length % 8;
  if (rest == 0) return true;
  std::uint8_t mask = std::uint8_t(0xff00u >> rest);
  return (a[whole] & mask) == (b[whole] & mask);
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  std::string zero_terminated(text);
  IpAddress address;
  if (inet_pton(AF_INET, zero_terminated.c_str(), address.bytes.data()) == 1) return address;
  address.family = Family::v6;
  if (inet_pton(AF_INET6, zero_terminated.c_str(), address.bytes.data()) == 1) return address;
  return std::nullopt;
}

std::optional<IpAddress> IpAddress::from_sockaddr(const sockaddr* address) {
  if (address == nullptr) return std::nullopt;
  IpAddress result;
  if (address->sa_family == AF_INET) {
    std::memcpy(result.bytes.data(), &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, 4);
    return result;
  }
  if (address->sa_family == AF_INET6) {
    result.family = Family::v6;
    std::memcpy(result.bytes.data(), &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, 16);
    return result;
  }
  return std::nullopt;
}

IpAddress IpAddress::v4(std::uint32_t host_order) {
  IpAddress address;
  for (int i = 0; i < 4; ++i) address.bytes[std::size_t(i)] = std::uint8_t(host_order >> (24 - 8 * i));
  return address;
}

std::uint32_t IpAddress::v4_value() const {
  return std::uint32_t(bytes[0]) << 24 | std::uint32_t(bytes[1]) << 16 | std::uint32_t(bytes[2]) << 8 |
         std::uint32_t(bytes[3]);
}

std::string IpAddress::to_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == Family::v4 ? AF_INET : AF_INET6, bytes.data(), text, sizeof text);
  return text;
}

std::optional<IpAddress> unmap_ipv4(const IpAddress& address) {
  if (address.family != IpAddress::Family::v6) return std::nullopt;
  if (std::memcmp(address.bytes.data(), kMappedPrefix.data(), kMappedPrefix.size()) != 0) return std::nullopt;
  IpAddress v4;
  std::memcpy(v4.bytes.data(), address.bytes.data() + 12, 4);
  return v4;
}

std::optional<Cidr> Cidr::parse(std::string_view text) {
  std::string_view address_text = text;
  std::optional<int> prefix_length;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    address_text = text.substr(0, slash);
    std::string_view digits = text.substr(slash + 1);
    int value = -1;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    prefix_length = value;
  }
  auto address = IpAddress::parse(address_text);
  if (!address) return std::nullopt;
  int max_length = address->family == IpAddress::Family::v4 ? 32 : 128;
  int length = prefix_length.value_or(max_length);
  if (length < 0 || length > max_length) return std::nullopt;
  Cidr cidr{*address, length};
  clear_host_bits(cidr.network.bytes, length);
  return cidr;
}

bool Cidr::contains(const IpAddress& address) const {
  if (address.family == network.family) return same_prefix(network.bytes, address.bytes, prefix_length);
  if (network.family == IpAddress::Family::v4) {
    if (auto v4 = unmap_ipv4(address)) return same_prefix(network.bytes, v4->bytes, prefix_length);
  }
  return false;
}

std::string Cidr::to_string() const { return network.to_string() + "/" + std::to_string(prefix_length); }

}  // namespace s2d::net
