#pragma once
// Reading text/event-stream (Server-Sent Events) as the WHATWG HTML standard
// defines it, incrementally: bytes go in as they arrive, in chunks of any
// size, and complete events come out.
//
// Lines end with CRLF, LF or CR (a CR at the end of one chunk and an LF at
// the start of the next are one line end). A line starting with ':' is a
// comment (the server's heartbeat). "field: value" lines fill the event
// being read: `event` its type, `data` its data (several data lines are
// joined with LF), `id` the last event id (kept across events, as the
// standard says, so a reconnect sends it as Last-Event-ID), `retry` the
// reconnection delay. A blank line ends the event; one without data is not
// dispatched. A leading UTF-8 byte-order mark is skipped.
//
// The stream is the server's and may be hostile: a line or an event longer
// than the bound stops the parser for good instead of growing without end.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace s2d::cli {

struct SseEvent {
  std::string id;                // the last event id when the event was dispatched ("" when none yet)
  std::string type = "message";  // the `event` field, "message" when the event had none
  std::string data;
};

class SseParser {
 public:
  static constexpr std::size_t kDefaultMaxEventBytes = 16 << 20;

  explicit SseParser(std::size_t max_event_bytes = kDefaultMaxEventBytes) : max_event_bytes_(max_event_bytes) {}

  // Parses `bytes` and calls on_event for each event they complete. False
  // once a line or an event passed the bound (nothing more is parsed).
  bool feed(std::string_view bytes, const std::function<void(const SseEvent&)>& on_event);

  bool failed() const { return failed_; }
  const std::string& last_event_id() const { return last_event_id_; }
  // The last valid `retry` field, in milliseconds.
  std::optional<long long> retry_ms() const { return retry_ms_; }

 private:
  void end_line(const std::function<void(const SseEvent&)>& on_event);
  void process_field(std::string_view name, std::string_view value);

  std::size_t max_event_bytes_;
  std::string line_;
  std::string type_;
  std::string data_;
  std::string last_event_id_;
  std::optional<long long> retry_ms_;
  bool after_cr_ = false;   // the previous byte was a CR: an LF right after it ends nothing more
  bool started_ = false;    // the byte-order mark check is done
  bool failed_ = false;
};

}  // namespace s2d::cli
