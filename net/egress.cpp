#include "net/egress.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace s2d::net {
namespace {

struct Block {
  Cidr cidr;
  const char* reason;
};

Cidr cidr_of(const char* text) { return *Cidr::parse(text); }

// Exact cloud metadata endpoints: named apart from their ranges because
// reading them is the usual goal of an SSRF attack.
const std::vector<IpAddress>& metadata_addresses() {
  static const std::vector<IpAddress> addresses = [] {
    std::vector<IpAddress> list;
    for (const char* text : {"169.254.169.254",  // AWS, GCP, Azure, OpenStack, DigitalOcean
                             "169.254.170.2",    // AWS ECS task credentials
                             "169.254.169.253",  // AWS DNS resolver
                             "100.100.100.200",  // Alibaba Cloud
                             "192.0.0.192",      // Oracle Cloud
                             "fd00:ec2::254",    // AWS IMDS over IPv6
                             "fd00:ec2::253"})   // AWS DNS over IPv6
      list.push_back(*IpAddress::parse(text));
    return list;
  }();
  return addresses;
}

// IPv4 special-purpose blocks (IANA registry) that are not the public internet.
const std::vector<Block>& ipv4_blocks() {
  static const std::vector<Block> blocks = {
      {cidr_of("0.0.0.0/8"), "unspecified"},       {cidr_of("10.0.0.0/8"), "private"},
      {cidr_of("100.64.0.0/10"), "cgnat"},         {cidr_of("127.0.0.0/8"), "loopback"},
      {cidr_of("169.254.0.0/16"), "link-local"},   {cidr_of("172.16.0.0/12"), "private"},
      {cidr_of("192.0.0.0/24"), "reserved"},       {cidr_of("192.0.2.0/24"), "reserved"},
      {cidr_of("192.88.99.0/24"), "reserved"},     {cidr_of("192.168.0.0/16"), "private"},
      {cidr_of("198.18.0.0/15"), "reserved"},      {cidr_of("198.51.100.0/24"), "reserved"},
      {cidr_of("203.0.113.0/24"), "reserved"},     {cidr_of("224.0.0.0/4"), "multicast"},
      {cidr_of("255.255.255.255/32"), "broadcast"}, {cidr_of("240.0.0.0/4"), "reserved"},
  };
  return blocks;
}

// IPv6 blocks checked after the IPv4 embeddings below; anything outside
// global unicast 2000::/3 is refused as reserved at the end.
const std::vector<Block>& ipv6_blocks() {
  static const std::vector<Block> blocks = {
      {cidr_of("::/128"), "unspecified"},
      {cidr_of("::1/128"), "loopback"},
      {cidr_of("::/96"), "reserved"},              // deprecated IPv4-compatible
      {cidr_of("64:ff9b:1::/48"), "private"},      // local-use NAT64
      {cidr_of("100::/64"), "reserved"},           // discard-only
      {cidr_of("2001::/23"), "reserved"},          // IETF protocol assignments, Teredo
      {cidr_of("2001:db8::/32"), "reserved"},      // documentation
      {cidr_of("3fff::/20"), "reserved"},          // documentation
      {cidr_of("fc00::/7"), "unique-local"},
      {cidr_of("fe80::/10"), "link-local"},
      {cidr_of("fec0::/10"), "site-local"},
      {cidr_of("ff00::/8"), "multicast"},
  };
  return blocks;
}

struct Embedding {
  Cidr cidr;
  std::size_t ipv4_offset;  // where the IPv4 address sits in the 16 bytes
  const char* name;
};

// IPv6 forms that carry an IPv4 address the traffic ends up at.
const std::vector<Embedding>& ipv4_embeddings() {
  static const std::vector<Embedding> embeddings = {
      {cidr_of("::ffff:0:0/96"), 12, "IPv4-mapped"},
      {cidr_of("::ffff:0:0:0/96"), 12, "IPv4-translated"},
      {cidr_of("64:ff9b::/96"), 12, "NAT64"},
      {cidr_of("2002::/16"), 2, "6to4"},
  };
  return embeddings;
}

const char* first_block_reason(const std::vector<Block>& blocks, const IpAddress& address) {
  for (const Block& block : blocks)
    if (block.cidr.contains(address)) return block.reason;
  return nullptr;
}

std::string ipv4_reason(const IpAddress& address) {
  const char* reason = first_block_reason(ipv4_blocks(), address);
  return reason ? reason : "";
}

std::string ipv6_reason(const IpAddress& address) {
  for (const Embedding& embedding : ipv4_embeddings()) {
    if (!embedding.cidr.contains(address)) continue;
    IpAddress inner;
    std::memcpy(inner.bytes.data(), address.bytes.data() + embedding.ipv4_offset, 4);
    if (std::find(metadata_addresses().begin(), metadata_addresses().end(), inner) !=
        metadata_addresses().end())
      return std::string("metadata via ") + embedding.name;
    std::string reason = ipv4_reason(inner);
    return reason.empty() ? reason : reason + " via " + embedding.name;
  }
  if (const char* reason = first_block_reason(ipv6_blocks(), address)) return reason;
  static const Cidr global_unicast = cidr_of("2000::/3");
  return global_unicast.contains(address) ? "" : "reserved";
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// One getaddrinfo call, shared between the waiting caller and the thread
// that runs it, so either may finish last.
struct Lookup {
  std::mutex mutex;
  std::condition_variable finished_signal;
  bool finished = false;
  int status = 0;
  std::vector<IpAddress> addresses;
};

void run_lookup(const std::shared_ptr<Lookup>& lookup, const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  int status = getaddrinfo(host.c_str(), nullptr, &hints, &list);
  std::vector<IpAddress> addresses;
  for (addrinfo* entry = list; status == 0 && entry != nullptr; entry = entry->ai_next) {
    auto address = IpAddress::from_sockaddr(entry->ai_addr);
    if (address && std::find(addresses.begin(), addresses.end(), *address) == addresses.end())
      addresses.push_back(*address);
  }
  if (list != nullptr) freeaddrinfo(list);
  std::lock_guard lock(lookup->mutex);
  lookup->status = status;
  lookup->addresses = std::move(addresses);
  lookup->finished = true;
  lookup->finished_signal.notify_all();
}

EgressCheck failure(NetError error, std::string message) {
  EgressCheck check;
  check.error = error;
  check.message = std::move(message);
  return check;
}

EgressCheck resolve_name(const std::string& host, std::chrono::milliseconds timeout) {
  auto lookup = std::make_shared<Lookup>();
  try {
    std::thread([lookup, host] { run_lookup(lookup, host); }).detach();
  } catch (const std::system_error& e) {
    return failure(NetError::io_error, std::string("cannot start the DNS lookup: ") + e.what());
  }
  std::unique_lock lock(lookup->mutex);
  if (!lookup->finished_signal.wait_for(lock, timeout, [&] { return lookup->finished; }))
    return failure(NetError::timeout, "DNS lookup of '" + host + "' took longer than " +
                                          std::to_string(timeout.count()) + " ms");
  if (lookup->status != 0)
    return failure(NetError::dns_failed, "DNS lookup of '" + host + "' failed: " + gai_strerror(lookup->status));
  if (lookup->addresses.empty())
    return failure(NetError::dns_failed, "DNS lookup of '" + host + "' returned no IP address");
  EgressCheck check;
  check.addresses = std::move(lookup->addresses);
  return check;
}

}  // namespace

std::string_view to_string(NetError error) {
  switch (error) {
    case NetError::none: return "";
    case NetError::egress_refused: return "egress_refused";
    case NetError::invalid_url: return "invalid_url";
    case NetError::invalid_request: return "invalid_request";
    case NetError::dns_failed: return "dns_failed";
    case NetError::connect_failed: return "connect_failed";
    case NetError::timeout: return "timeout";
    case NetError::tls_failed: return "tls_failed";
    case NetError::io_error: return "io_error";
  }
  return "io_error";
}

std::string forbidden_reason(const IpAddress& address) {
  if (std::find(metadata_addresses().begin(), metadata_addresses().end(), address) !=
      metadata_addresses().end())
    return "metadata";
  return address.family == IpAddress::Family::v4 ? ipv4_reason(address) : ipv6_reason(address);
}

std::optional<EgressPolicy> EgressPolicy::from_list(std::string_view csv, std::string* error) {
  EgressPolicy policy;
  while (!csv.empty()) {
    std::size_t comma = csv.find(',');
    std::string_view entry = trim(csv.substr(0, comma));
    csv = comma == std::string_view::npos ? std::string_view() : csv.substr(comma + 1);
    if (entry.empty()) continue;
    auto cidr = Cidr::parse(entry);
    if (!cidr) {
      if (error) *error = "'" + std::string(entry) + "' is not a CIDR block (expected e.g. 127.0.0.0/8 or ::1/128)";
      return std::nullopt;
    }
    policy.allow.push_back(*cidr);
  }
  return policy;
}

std::optional<EgressPolicy> EgressPolicy::from_environment(std::string* error) {
  const char* value = std::getenv("S2D_EGRESS_ALLOW");
  std::string list_error;
  auto policy = from_list(value ? value : "", &list_error);
  if (!policy && error) *error = "S2D_EGRESS_ALLOW: " + list_error;
  return policy;
}

std::string EgressPolicy::refusal_reason(const IpAddress& address) const {
  for (const Cidr& cidr : allow)
    if (cidr.contains(address)) return "";
  return forbidden_reason(address);
}

EgressCheck resolve_for_egress(std::string_view host, const EgressPolicy& policy,
                               std::chrono::milliseconds timeout) {
  if (host.empty()) return failure(NetError::invalid_url, "the URL has no host");
  EgressCheck check;
  if (auto literal = IpAddress::parse(host)) {
    check.addresses.push_back(*literal);
  } else {
    check = resolve_name(std::string(host), std::max(timeout, std::chrono::milliseconds(1)));
    if (!check.ok()) return check;
  }
  for (const IpAddress& address : check.addresses) {
    std::string reason = policy.refusal_reason(address);
    if (reason.empty()) continue;
    std::string subject = address.to_string();
    if (!IpAddress::parse(host)) subject += " (an address of '" + std::string(host) + "')";
    return failure(NetError::egress_refused,
                   "egress to " + subject + " refused: " + reason +
                       " address; only public addresses and S2D_EGRESS_ALLOW blocks may be reached");
  }
  return check;
}

}  // namespace s2d::net
