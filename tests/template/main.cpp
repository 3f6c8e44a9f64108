#define BOOST_TEST_MODULE template_unit
#include <boost/test/unit_test.hpp>
