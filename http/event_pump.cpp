#include "http/event_pump.hpp"

#include "core/clock.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>

namespace s2d::http {
namespace {

// What the pump and the write callbacks (on the HTTP threads) share.
struct WriteState {
  std::atomic<int> in_flight{0};
  std::atomic<bool> broken{false};
};

// A comment line: ignored by every client, but it keeps the connection's
// timers and any proxy's idle timeout from ending a quiet stream, and a
// write to a client that is gone fails.
constexpr const char* kHeartbeat = ":\n\n";

}  // namespace

struct EventPump::Stream {
  std::shared_ptr<EventSource> source;
  std::unique_ptr<StreamSink> sink;
  std::shared_ptr<WriteState> writes = std::make_shared<WriteState>();
  std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();

  void write(std::string bytes, std::chrono::steady_clock::time_point now) {
    writes->in_flight.fetch_add(1);
    last_write = now;
    sink->write(std::move(bytes), [writes = writes](bool written) {
      if (!written) writes->broken.store(true);
      writes->in_flight.fetch_sub(1);
    });
  }
};

EventPump::EventPump(std::chrono::seconds heartbeat) : heartbeat_(heartbeat), thread_([this] { run(); }) {}

EventPump::~EventPump() { stop(); }

void EventPump::add(std::shared_ptr<EventSource> source, std::unique_ptr<StreamSink> sink) {
  auto stream = std::make_shared<Stream>();
  stream->source = std::move(source);
  stream->sink = std::move(sink);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      added_.push_back(std::move(stream));
      ++open_;
      wake_.notify_one();
      return;
    }
  }
  stream->sink->close();
}

void EventPump::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    wake_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

std::size_t EventPump::open_streams() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return open_;
}

bool EventPump::pump(Stream& stream, std::chrono::steady_clock::time_point now) {
  if (stream.writes->broken.load()) return false;
  // A client slower than its events: wait for its last write (whose time
  // limit ends the connection if it never drains); the source keeps its place.
  if (stream.writes->in_flight.load() > 0) return true;
  std::string bytes;
  try {
    for (const auto& event : stream.source->poll(clock::now_ms())) bytes += sse_frame(event);
  } catch (const std::exception& e) {
    spdlog::error("event stream: {}", e.what());
    return false;
  }
  if (bytes.empty() && now - stream.last_write >= heartbeat_) bytes = kHeartbeat;
  if (!bytes.empty()) stream.write(std::move(bytes), now);
  return !stream.source->finished();
}

void EventPump::run() {
  std::vector<std::shared_ptr<Stream>> streams;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_for(lock, kPollInterval, [&] { return stopping_ || !added_.empty(); });
      if (stopping_) break;
      for (auto& stream : added_) streams.push_back(std::move(stream));
      added_.clear();
    }
    const auto now = std::chrono::steady_clock::now();
    std::size_t ended = 0;
    streams.erase(std::remove_if(streams.begin(), streams.end(),
                                 [&](const std::shared_ptr<Stream>& stream) {
                                   if (pump(*stream, now)) return false;
                                   stream->sink->close();
                                   ++ended;
                                   return true;
                                 }),
                  streams.end());
    if (ended) {
      std::lock_guard<std::mutex> lock(mutex_);
      open_ -= ended;
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& stream : added_) streams.push_back(std::move(stream));
  added_.clear();
  for (auto& stream : streams) stream->sink->close();
  streams.clear();
  open_ = 0;
}

}  // namespace s2d::http
