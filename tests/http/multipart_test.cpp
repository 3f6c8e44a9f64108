// multipart/form-data parsing (template and records uploads) and media types.
#include <boost/test/unit_test.hpp>

#include "http/multipart.hpp"

using namespace s2d::http;

namespace {
const std::string kType = "multipart/form-data; boundary=----s2dBoundary7MA4YWxk";

std::string part(const std::string& headers, const std::string& body) {
  return "------s2dBoundary7MA4YWxk\r\n" + headers + "\r\n\r\n" + body + "\r\n";
}
const std::string kEnd = "------s2dBoundary7MA4YWxk--\r\n";
}  // namespace

BOOST_AUTO_TEST_SUITE(multipart_form_data)

BOOST_AUTO_TEST_CASE(fields_and_files_come_back_with_names_types_and_exact_bytes) {
  const std::string binary("\x89PNG\r\n\x1a\n\0\r\n--x", 14);
  const std::string body =
      part("Content-Disposition: form-data; name=\"name\"", "Invoice") +
      part("Content-Disposition: form-data; name=\"source\"; filename=\"invoice.md\"\r\nContent-Type: Text/Markdown; charset=utf-8",
           "# Invoice {{number}}\r\n") +
      part("Content-Disposition: form-data; name=\"assets\"; filename=\"logo.png\"\r\nContent-Type: image/png", binary) +
      kEnd;
  std::string error;
  auto parts = parse_form_data(kType, body, &error);
  BOOST_REQUIRE_MESSAGE(parts, error);
  BOOST_REQUIRE(parts->size() == 3u);
  BOOST_TEST((*parts)[0].name == "name");
  BOOST_TEST((*parts)[0].filename.empty());
  BOOST_TEST((*parts)[0].body == "Invoice");
  BOOST_TEST((*parts)[1].filename == "invoice.md");
  BOOST_TEST((*parts)[1].content_type == "text/markdown");
  BOOST_TEST((*parts)[1].body == "# Invoice {{number}}\r\n");
  BOOST_TEST((*parts)[2].body == binary);
}

BOOST_AUTO_TEST_CASE(malformed_bodies_are_refused_with_a_reason) {
  std::string error;
  BOOST_TEST(!parse_form_data("multipart/form-data", "x", &error));
  BOOST_TEST(error.find("boundary") != std::string::npos);
  BOOST_TEST(!parse_form_data("application/json", "{}", &error));
  BOOST_TEST(!parse_form_data(kType, part("Content-Disposition: form-data; name=\"a\"", "1"), &error));
  BOOST_TEST(error.find("closing boundary") != std::string::npos);
  BOOST_TEST(!parse_form_data(kType, part("Content-Type: text/plain", "1") + kEnd, &error));
  BOOST_TEST(error.find("Content-Disposition") != std::string::npos);
  BOOST_TEST(!parse_form_data(kType, part("Content-Disposition: attachment; name=\"a\"", "1") + kEnd, &error));
}

BOOST_AUTO_TEST_CASE(media_types_are_compared_without_parameters_or_case) {
  BOOST_TEST(media_type("Text/CSV; charset=utf-8") == "text/csv");
  BOOST_TEST(media_type("application/json") == "application/json");
  BOOST_TEST(media_type("") == "");
  BOOST_TEST(media_type("not a type") == "");
}

BOOST_AUTO_TEST_SUITE_END()
