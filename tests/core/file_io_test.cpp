#include <boost/test/unit_test.hpp>

#include "core/file_io.hpp"

#include <filesystem>
#include <random>
#include <sys/stat.h>

using namespace s2d;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(file_io)

BOOST_AUTO_TEST_CASE(atomic_writes_replace_the_file_privately_and_leave_no_temp) {
  auto dir = fs::temp_directory_path() / ("s2d-file-io-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  const auto path = (dir / "f.json").string();
  std::string error;
  BOOST_TEST(write_file_atomically(path, "first", &error), error);
  BOOST_TEST(write_file_atomically(path, std::string("sec\0ond", 7), &error), error);
  BOOST_TEST(*read_file(path) == std::string("sec\0ond", 7));
  struct stat info {};
  BOOST_TEST(::stat(path.c_str(), &info) == 0);
  BOOST_TEST((info.st_mode & 0777) == 0600u);
  BOOST_TEST(!fs::exists(path + ".tmp"));
  BOOST_TEST(!read_file((dir / "absent").string()));
  BOOST_TEST(!write_file_atomically((dir / "no-such-dir" / "f").string(), "x", &error));
  BOOST_TEST(error.find("no-such-dir") != std::string::npos);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
