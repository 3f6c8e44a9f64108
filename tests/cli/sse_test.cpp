#define BOOST_TEST_MODULE cli
#include <boost/test/unit_test.hpp>

#include "cli/sse.hpp"

#include <vector>

using s2d::cli::SseEvent;
using s2d::cli::SseParser;

namespace {
std::vector<SseEvent> parse_in_chunks(const std::string& text, std::size_t chunk) {
  SseParser parser;
  std::vector<SseEvent> events;
  for (std::size_t i = 0; i < text.size(); i += chunk)
    BOOST_REQUIRE(parser.feed(std::string_view(text).substr(i, chunk), [&](const SseEvent& e) { events.push_back(e); }));
  return events;
}
}  // namespace

BOOST_AUTO_TEST_CASE(events_split_anywhere_parse_the_same) {
  const std::string stream = "\xEF\xBB\xBF: heartbeat\r\nid: 1\r\nevent: status\r\ndata: {\"a\":1}\r\n\r\n"
                             "id: 2\revent: progress\rdata: x\rdata:y\r\r: c\n\ndata: z\n\n";
  for (std::size_t chunk : {1, 2, 3, 7, 1000}) {
    auto events = parse_in_chunks(stream, chunk);
    BOOST_REQUIRE_EQUAL(events.size(), 3u);
    BOOST_TEST(events[0].id == "1");
    BOOST_TEST(events[0].type == "status");
    BOOST_TEST(events[0].data == "{\"a\":1}");
    BOOST_TEST(events[1].type == "progress");
    BOOST_TEST(events[1].data == "x\ny");
    BOOST_TEST(events[2].id == "2");  // the last event id stays until another comes
    BOOST_TEST(events[2].type == "message");
  }
}

BOOST_AUTO_TEST_CASE(an_event_without_data_is_not_dispatched_and_retry_is_read) {
  SseParser parser;
  int count = 0;
  parser.feed("event: x\nretry: 2500\nretry: soon\n\n", [&](const SseEvent&) { ++count; });
  BOOST_TEST(count == 0);
  BOOST_TEST(*parser.retry_ms() == 2500);
}

BOOST_AUTO_TEST_CASE(a_line_past_the_bound_stops_the_parser) {
  SseParser parser(16);
  BOOST_TEST(!parser.feed("data: " + std::string(64, 'a'), [](const SseEvent&) {}));
  BOOST_TEST(parser.failed());
  BOOST_TEST(!parser.feed("\n\n", [](const SseEvent&) {}));
}
