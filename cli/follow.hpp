#pragma once
// Following a generation or a batch until it is terminal: its event stream
// (`<resource>/events`, resumed with Last-Event-ID after a dropped
// connection), or polling the resource when the server has no stream route
// or refuses another stream (429 too_many_streams).

#include "cli/api.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace s2d::cli {

struct FollowOutcome {
  nlohmann::json resource;  // the last state seen
  bool finished = false;    // the resource reached a terminal status
  ApiReply failure;         // when not finished: the call that failed
};

struct FollowTarget {
  std::string path;  // "/v1/generations/gen_..." or "/v1/batches/bat_..."
  std::function<bool(const nlohmann::json& resource)> is_terminal;
  std::function<void(const nlohmann::json& resource)> on_update;
  double poll_seconds = 1.0;
};

FollowOutcome follow(Api& api, const FollowTarget& target);

}  // namespace s2d::cli
