#pragma once
// The wire form of one Server-Sent Event (WHATWG HTML, "Server-sent
// events"): `id:`, `event:` and `data:` lines and a blank line. Pure, so
// the fuzz target reads it back through the client's parser.

#include "core/event_stream.hpp"

#include <string>

namespace s2d::http {

// Each line of the data gets its own `data:` line (a line break would
// otherwise start a new field); the data must hold no CR (JSON text never does).
std::string sse_frame(const StreamEvent& event);

}  // namespace s2d::http
