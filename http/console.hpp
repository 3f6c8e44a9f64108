#pragma once
// The web console's routes: GET / (a redirect), /console and its assets,
// answered from the files embedded at build time. Answers carry a strict
// Content-Security-Policy: the console runs only its own script and style.

#include "http/front.hpp"

#include <optional>
#include <string_view>

namespace s2d::http {

// The answer for a console path, or nullopt when `path` is not one
// (the caller goes on with the API's routes).
std::optional<Outgoing> console_response(std::string_view method, std::string_view path);

}  // namespace s2d::http
