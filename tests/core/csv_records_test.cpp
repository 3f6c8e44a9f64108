// CSV uploads of records: RFC 4180 parsing and the unambiguous typing rule.
#include <boost/test/unit_test.hpp>

#include "core/csv_records.hpp"

using nlohmann::json;
using s2d::parse_csv_records;

BOOST_AUTO_TEST_SUITE(csv_records)

BOOST_AUTO_TEST_CASE(header_names_the_fields_and_values_are_typed_only_when_unambiguous) {
  auto parsed = parse_csv_records(
      "id,amount,price,flag,code,empty,big,exp,neg,word\n"
      "42,12.5,12.50,true,007,,12345678901234567890,1e3,-7,null\n",
      100);
  BOOST_REQUIRE_MESSAGE(parsed.error.empty(), parsed.error);
  BOOST_TEST(parsed.records == json::array({{{"id", 42},
                                             {"amount", 12.5},
                                             {"price", "12.50"},
                                             {"flag", true},
                                             {"code", "007"},
                                             {"empty", ""},
                                             {"big", 12345678901234567890ull},
                                             {"exp", "1e3"},
                                             {"neg", -7},
                                             {"word", "null"}}}));
}

BOOST_AUTO_TEST_CASE(numbers_out_of_range_and_json_lookalikes_stay_text) {
  const std::string huge(401, '9');
  auto parsed = parse_csv_records("a,b,c,d,e\n1e400,-1e400," + huge + ",-[[[1]]],true false\n", 100);
  BOOST_REQUIRE_MESSAGE(parsed.error.empty(), parsed.error);
  BOOST_TEST(parsed.records ==
             json::array({{{"a", "1e400"}, {"b", "-1e400"}, {"c", huge}, {"d", "-[[[1]]]"}, {"e", "true false"}}}));
}

BOOST_AUTO_TEST_CASE(quoted_cells_keep_commas_quotes_line_breaks_and_their_text) {
  auto parsed = parse_csv_records("\xEF\xBB\xBFname,note,n\r\n\"Quokka, GmbH\",\"say \"\"hi\"\"\nthere\",\"42\"\r\n", 100);
  BOOST_REQUIRE_MESSAGE(parsed.error.empty(), parsed.error);
  BOOST_TEST(parsed.records ==
             json::array({{{"name", "Quokka, GmbH"}, {"note", "say \"hi\"\nthere"}, {"n", "42"}}}));
}

BOOST_AUTO_TEST_CASE(blank_lines_are_skipped_and_the_last_line_needs_no_break) {
  auto parsed = parse_csv_records("a,b\n\n1,2\n\n3,4", 100);
  BOOST_REQUIRE_MESSAGE(parsed.error.empty(), parsed.error);
  BOOST_TEST(parsed.records == json::array({{{"a", 1}, {"b", 2}}, {{"a", 3}, {"b", 4}}}));
}

BOOST_AUTO_TEST_CASE(malformed_uploads_are_refused_with_their_line) {
  BOOST_TEST(parse_csv_records("", 10).error == "the CSV has no header row");
  BOOST_TEST(parse_csv_records("a,,c\n1,2,3\n", 10).error == "line 1: column 2 has no name");
  BOOST_TEST(parse_csv_records("a,a\n1,2\n", 10).error == "line 1: the column name 'a' appears twice");
  BOOST_TEST(parse_csv_records("a,b\n1,2\n3\n", 10).error == "line 3: 1 fields, the header has 2");
  BOOST_TEST(parse_csv_records("a,b\n\"x\nmore,2\n", 10).error == "line 2: a quoted field is never closed");
  BOOST_TEST(parse_csv_records("a\n\"x\"y\n", 10).error == "line 2: text after the closing quote of a field");
  BOOST_TEST(parse_csv_records("a\n1\n2\n3\n", 2).error == "the CSV has more than 2 records");
  BOOST_TEST(parse_csv_records("a\n\xff\n", 10).error.find("not valid UTF-8") != std::string::npos);
  // A multi-line quoted cell moves the line count on.
  BOOST_TEST(parse_csv_records("a,b\n\"1\n2\",3\n4\n", 10).error == "line 4: 1 fields, the header has 2");
}

BOOST_AUTO_TEST_SUITE_END()
