#include <boost/test/unit_test.hpp>

#include "cli/sse.hpp"
#include "http/event_pump.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace s2d;
using namespace s2d::http;

namespace {

// What a client received, written from the pump's thread.
struct Received {
  std::mutex mutex;
  std::string bytes;
  int writes = 0;
  bool closed = false;
};

class RecordingSink : public StreamSink {
 public:
  RecordingSink(std::shared_ptr<Received> received, bool client_gone)
      : received_(std::move(received)), client_gone_(client_gone) {}
  void write(std::string bytes, std::function<void(bool)> done) override {
    {
      std::lock_guard<std::mutex> lock(received_->mutex);
      received_->bytes += bytes;
      ++received_->writes;
    }
    done(!client_gone_);
  }
  void close() override {
    std::lock_guard<std::mutex> lock(received_->mutex);
    received_->closed = true;
  }

 private:
  std::shared_ptr<Received> received_;
  bool client_gone_;
};

// Sends `events`, one per poll, then says it is finished (or never, when `endless`).
class ListSource : public EventSource {
 public:
  ListSource(std::vector<StreamEvent> events, bool endless) : events_(std::move(events)), endless_(endless) {}
  std::vector<StreamEvent> poll(std::int64_t) override {
    ++polls;
    if (next_ >= events_.size()) return {};
    return {events_[next_++]};
  }
  bool finished() const override { return !endless_ && next_ >= events_.size(); }
  std::atomic<int> polls{0};

 private:
  std::vector<StreamEvent> events_;
  std::size_t next_ = 0;
  bool endless_;
};

template <class Predicate>
bool eventually(Predicate predicate, std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return predicate();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(event_pump)

BOOST_AUTO_TEST_CASE(frames_read_back_through_the_clients_parser_line_breaks_included) {
  std::vector<cli::SseEvent> parsed;
  cli::SseParser parser;
  const std::string frames = sse_frame({"1.running", "status", R"({"a":1})"}) + sse_frame({"evt_x", "generation.completed", "two\nlines"});
  BOOST_TEST(parser.feed(frames, [&](const cli::SseEvent& e) { parsed.push_back(e); }));
  BOOST_REQUIRE_EQUAL(parsed.size(), 2u);
  BOOST_TEST(parsed[0].id == "1.running");
  BOOST_TEST(parsed[0].type == "status");
  BOOST_TEST(parsed[0].data == R"({"a":1})");
  BOOST_TEST(parsed[1].type == "generation.completed");
  BOOST_TEST(parsed[1].data == "two\nlines");
  BOOST_TEST(parser.last_event_id() == "evt_x");
}

BOOST_AUTO_TEST_CASE(a_finished_source_has_its_events_written_in_order_then_its_response_ended) {
  EventPump pump(std::chrono::seconds(15));
  auto received = std::make_shared<Received>();
  auto source = std::make_shared<ListSource>(
      std::vector<StreamEvent>{{"1", "status", "{}"}, {"2", "progress", "{}"}, {"3", "completed", "{}"}}, false);
  std::weak_ptr<ListSource> watch = source;
  pump.add(source, std::make_unique<RecordingSink>(received, false));
  source.reset();
  BOOST_TEST(eventually([&] {
    std::lock_guard<std::mutex> lock(received->mutex);
    return received->closed;
  }));
  BOOST_TEST(received->bytes == sse_frame({"1", "status", "{}"}) + sse_frame({"2", "progress", "{}"}) +
                                    sse_frame({"3", "completed", "{}"}));
  BOOST_TEST(eventually([&] { return watch.expired() && pump.open_streams() == 0; }));
}

BOOST_AUTO_TEST_CASE(a_client_that_is_gone_is_dropped_and_its_source_released) {
  EventPump pump(std::chrono::seconds(15));
  auto received = std::make_shared<Received>();
  auto source = std::make_shared<ListSource>(std::vector<StreamEvent>{{"1", "status", "{}"}}, true);
  std::weak_ptr<ListSource> watch = source;
  pump.add(source, std::make_unique<RecordingSink>(received, true));
  source.reset();
  BOOST_TEST(eventually([&] { return watch.expired(); }));
  BOOST_TEST(received->writes == 1);
  BOOST_TEST(received->closed);
  BOOST_TEST(pump.open_streams() == 0u);
}

BOOST_AUTO_TEST_CASE(a_quiet_stream_gets_comment_heartbeats_and_stop_ends_it) {
  auto pump = std::make_unique<EventPump>(std::chrono::seconds(1));
  auto received = std::make_shared<Received>();
  auto source = std::make_shared<ListSource>(std::vector<StreamEvent>{}, true);
  pump->add(source, std::make_unique<RecordingSink>(received, false));
  BOOST_TEST(eventually([&] {
    std::lock_guard<std::mutex> lock(received->mutex);
    return received->writes >= 2;
  }));
  BOOST_TEST(received->bytes.substr(0, 6) == ":\n\n:\n\n");
  BOOST_TEST(source->polls.load() >= 4);  // polled about four times a second
  pump->stop();
  BOOST_TEST(received->closed);
  // A stream handed over after stop is ended at once.
  auto late = std::make_shared<Received>();
  pump->add(source, std::make_unique<RecordingSink>(late, false));
  BOOST_TEST(late->closed);
  BOOST_TEST(late->writes == 0);
}

BOOST_AUTO_TEST_SUITE_END()
