#pragma once
// The SSRF guard for every outbound connection s2d makes on a customer's
// behalf (webhook deliveries, http data sources). docs/egress.md explains the
// policy; in short: a host may be reached only when every address it resolves
// to is public, or lies in the operator's allow-list (S2D_EGRESS_ALLOW).

#include "net/ip_address.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::net {

// Outcome of an outbound call that got no HTTP response (or of its checks).
enum class NetError {
  none,
  egress_refused,   // the address is forbidden by the egress policy
  invalid_url,      // not an absolute http(s) URL, or it carries user:password
  invalid_request,  // bad method, header name or value, or timeout
  dns_failed,       // the host has no address
  connect_failed,   // TCP connection refused or unreachable
  timeout,          // DNS, connect or the whole exchange ran out of time
  tls_failed,       // handshake or certificate verification failed
  io_error,         // the connection broke or the response was malformed
};
// The stable snake_case code, e.g. "egress_refused"; "" for none.
std::string_view to_string(NetError error);

// Why this address may not be reached by default: "" when it is public, else
// one of "unspecified", "loopback", "private", "cgnat", "link-local",
// "metadata", "multicast", "broadcast", "reserved", "unique-local",
// "site-local". An IPv4 address embedded in an IPv6 one (IPv4-mapped
// ::ffff:0:0/96, IPv4-translated ::ffff:0:0:0/96, NAT64 64:ff9b::/96, 6to4
// 2002::/16) is judged by its IPv4 part, e.g. "private via IPv4-mapped".
// Looks at the literal only: no DNS, no connection.
std::string forbidden_reason(const IpAddress& address);

struct EgressPolicy {
  // Blocks the operator opened; an address inside one is reachable even when
  // forbidden_reason() names it.
  std::vector<Cidr> allow;
  // PEM file of the certificate authorities https peers are verified
  // against instead of the system's (egress.ca_file: a private CA); empty:
  // the system's.
  std::string ca_file;

  // "127.0.0.0/8, ::1/128": comma-separated CIDRs or bare addresses; blanks
  // around entries are ignored, an empty list allows nothing extra. On a bad
  // entry: nullopt and *error names it.
  static std::optional<EgressPolicy> from_list(std::string_view csv, std::string* error);
  // The list in the S2D_EGRESS_ALLOW environment variable (unset: empty).
  static std::optional<EgressPolicy> from_environment(std::string* error);

  // "" when the address may be reached, else forbidden_reason()'s answer.
  std::string refusal_reason(const IpAddress& address) const;
};

struct EgressCheck {
  // Every address the host resolved to, all permitted (empty on error).
  // Connect only to these: a second lookup could answer differently.
  std::vector<IpAddress> addresses;
  NetError error = NetError::none;
  std::string message;  // for egress_refused: the refused address and why

  bool ok() const { return error == NetError::none; }
};

// Resolves host (a name through getaddrinfo, or an IP literal, brackets
// allowed) and checks every address it has: refused when ANY is forbidden.
// Names resolve on a helper thread so that a slow resolver costs at most
// timeout (answer: NetError::timeout); the lookup itself then finishes on
// its own in the background.
EgressCheck resolve_for_egress(std::string_view host, const EgressPolicy& policy,
                               std::chrono::milliseconds timeout);

}  // namespace s2d::net
