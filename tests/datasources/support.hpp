#pragma once
// Helpers the data-source test suites share.

#include "datasources/datasources.hpp"

#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace s2d::datasources::testing {

// A loopback port nothing listens on: bound, read back, closed.
inline int unused_loopback_port() {
  int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(probe);
  return ntohs(address.sin_port);
}

// The fetch failed with `code`, its message contains `fragment`, and the
// error names the source.
inline void expect_error(const FetchResult& result, const std::string& code, const std::string& fragment) {
  BOOST_TEST_REQUIRE(result.error.has_value(), "expected " << code << ", got " << result.records.dump());
  BOOST_TEST(result.error->code == code);
  BOOST_TEST(result.error->message.find(fragment) != std::string::npos, result.error->message);
  BOOST_TEST(result.records.empty());
  BOOST_TEST(!result.error->context.value("data_source_id", "").empty());
}

}  // namespace s2d::datasources::testing
