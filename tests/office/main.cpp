#define BOOST_TEST_MODULE office renderers
#include <boost/test/unit_test.hpp>
