// The net test module: address checks, egress policy, signing, and the HTTP
// client against servers on loopback addresses only.
#define BOOST_TEST_MODULE net
#include <boost/test/unit_test.hpp>
