#pragma once
// The versioned codec of what crosses the pipe between a node and its slot
// processes: a render job one way, its result the other. Binary (output
// bytes and assets are binary), length-prefixed, every length checked
// against what is left, so a truncated or hostile frame is an error, never
// an overread. A payload starts with a magic, the wire version and its
// kind; a slot of another version is refused, not misread.

#include "renderers/render.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace s2d::slots {

inline constexpr std::uint16_t kWireVersion = 1;

// One document to render: the template, its data (JSON text, parsed in the
// slot) and the render limits.
struct Job {
  std::string template_kind;
  std::string source;
  std::string data_json;
  std::vector<std::string> formats;
  std::string locale;
  std::string default_locale;
  std::string timezone;
  std::vector<render::Asset> assets;
  bool deterministic = false;
  std::uint64_t max_output_bytes = 0;  // 0: the renderer's default
  std::uint64_t max_iterations = 0;
  std::int32_t max_depth = 0;
};

std::string encode_job(const Job& job);
std::optional<Job> decode_job(std::string_view payload, std::string* error);

std::string encode_result(const render::Result& result);
std::optional<render::Result> decode_result(std::string_view payload, std::string* error);

}  // namespace s2d::slots
