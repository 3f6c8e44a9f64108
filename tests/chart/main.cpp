#define BOOST_TEST_MODULE charts
#include <boost/test/unit_test.hpp>
