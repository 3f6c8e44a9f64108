#pragma once
// A live event stream (Server-Sent Events, docs/events.md) between the
// handler that opens it and the HTTP front end that writes it: the handler
// checks the request and hands back a source; the front end's stream pump
// asks the source for new events a few times a second and writes them.
// Plain values and one interface, so core/api_call.hpp can carry a source
// without any layer above core leaking into it.

#include <cstdint>
#include <string>
#include <vector>

namespace s2d {

struct StreamEvent {
  std::string id;    // the SSE `id:` (what a reconnect sends back as Last-Event-ID)
  std::string type;  // the SSE `event:`
  std::string data;  // one line of JSON
};

class EventSource {
 public:
  virtual ~EventSource() = default;
  // The events since the previous call, oldest first. Called by one thread
  // at a time (the stream pump's), never after finished() said true.
  virtual std::vector<StreamEvent> poll(std::int64_t now_ms) = 0;
  // True once poll returned the stream's final event: the response ends.
  virtual bool finished() const = 0;
};

}  // namespace s2d
