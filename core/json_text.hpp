#pragma once
// Every JSON text that reaches the server from outside (request bodies,
// uploaded records, data-source responses and column values, stored records)
// is read with parse_json, never with nlohmann::json::parse directly:
//
//  - nesting is bounded (api.max_json_depth), so no recursive walk over the
//    value later (validation, redaction, fingerprints, rendering, dump) can
//    be driven deep enough to exhaust a thread's stack;
//  - numbers that do not fit a double are an error, not an exception;
//  - a key given twice in one object is an error instead of "last one wins";
//  - the text must be exactly one value: a NUL byte or a second value after
//    it is an error (nlohmann's lexer would stop at a NUL silently).
//
// Error messages are plain UTF-8, safe to put into an error envelope.

#include "core/api_error.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace s2d {

constexpr int kDefaultJsonDepth = 64;

struct JsonProblem {
  std::string message;                    // what is wrong, e.g. "nesting deeper than 64 levels"
  std::optional<std::size_t> position;    // byte offset (0-based) where it was found
  std::string key;                        // the repeated key, for duplicates
  int max_depth = 0;                      // the bound, when the nesting is too deep
};

// The bound used by parse_json without an explicit one: api.max_json_depth,
// set once at startup (before any request is read).
void set_json_max_depth(int depth);
int json_max_depth();

std::optional<JsonProblem> parse_json(std::string_view text, nlohmann::json* out, int max_depth);
std::optional<JsonProblem> parse_json(std::string_view text, nlohmann::json* out);

// Our own stored records wrap client values (a generation holds its `data`,
// an idempotency record its response) a few levels down: they are read with
// the bound plus this margin, so a record written under the bound always
// reads back.
constexpr int kStoredJsonMargin = 16;
std::optional<JsonProblem> parse_stored_json(std::string_view text, nlohmann::json* out);

// 400 invalid_json naming the position (and the bound or the key).
ApiError invalid_json(const JsonProblem& problem);

}  // namespace s2d
