#pragma once
// The stream pump: one thread that drives every open event stream. A few
// times a second it asks each stream's source for new events and writes
// them as Server-Sent Events; a stream with nothing to say gets a comment
// heartbeat. A client that is gone shows as a failed write (at the latest
// at the next heartbeat) and its stream is dropped. Independent of the HTTP
// library: server.cpp adapts RESTinio's chunked response to a StreamSink.

#include "core/event_stream.hpp"
#include "http/sse_frame.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace s2d::http {

class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // Sends bytes as one chunk; `written` runs once, on any thread, with
  // false when they could not be written (the client is gone).
  virtual void write(std::string bytes, std::function<void(bool written)> done) = 0;
  // Ends the response. Called exactly once, last.
  virtual void close() = 0;
};

class EventPump {
 public:
  static constexpr std::chrono::milliseconds kPollInterval{250};

  explicit EventPump(std::chrono::seconds heartbeat);
  ~EventPump();
  EventPump(const EventPump&) = delete;
  EventPump& operator=(const EventPump&) = delete;

  // Takes over a stream whose headers are sent; after stop() it is closed at once.
  void add(std::shared_ptr<EventSource> source, std::unique_ptr<StreamSink> sink);
  // Closes every stream and ends the thread; the sources are released.
  void stop();
  std::size_t open_streams() const;

 private:
  struct Stream;
  void run();
  // Polls one stream and writes; false when the stream is over.
  bool pump(Stream& stream, std::chrono::steady_clock::time_point now);

  const std::chrono::seconds heartbeat_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::shared_ptr<Stream>> added_;  // taken over by the thread at its next round
  std::size_t open_ = 0;
  std::thread thread_;
};

}  // namespace s2d::http
