#pragma once
// The value helpers ({{upper name}}, {{currency total "EUR"}}, (eq a b), ...).
// Block helpers (if, unless, each, with) are part of the evaluator itself.
// Helpers are plain functions looked up once at compile time; a call sees its
// evaluated arguments and writes one JSON value as its result.

#include "renderers/template/template.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s2d::tmpl::detail {

struct NamedArg {
  const std::string* key;
  const nlohmann::json* value;
};

struct HelperArgs {
  const nlohmann::json* const* args = nullptr;   // missing fields arrive as null
  std::size_t count = 0;
  const NamedArg* hash = nullptr;                // key=value arguments
  std::size_t hash_count = 0;
  const RenderOptions* options = nullptr;
  nlohmann::json* result = nullptr;
  // Instead of writing *result, a helper may return one of its arguments (or
  // a part of one) by pointer: no copy of a large list or object.
  const nlohmann::json** borrowed = nullptr;
  std::string* error = nullptr;                  // message of a helper_error
  bool* too_large = nullptr;                     // set with fail(): the error is limit_exceeded

  // A helper whose result grows with its input checks it against the output limit.
  bool within_limit(std::size_t bytes) const {
    if (bytes <= options->limits.max_output_bytes) return true;
    *too_large = true;
    return fail("result larger than " + std::to_string(options->limits.max_output_bytes) + " bytes");
  }

  const nlohmann::json& arg(std::size_t i) const { return *args[i]; }
  const nlohmann::json* named(std::string_view key) const {
    for (std::size_t i = 0; i < hash_count; ++i)
      if (*hash[i].key == key) return hash[i].value;
    return nullptr;
  }
  bool fail(std::string message) const {
    *error = std::move(message);
    return false;
  }
};

struct HelperDef {
  const char* name;
  int min_args;
  int max_args;            // -1: no upper bound
  bool accepts_missing;    // a missing field is a normal input (default, eq, or, ...), never an error
  bool (*call)(const HelperArgs&);
  const char* usage;       // shown in arity errors
};

const HelperDef* find_helper(std::string_view name);
const std::vector<HelperDef>& all_helpers();

// Truthiness shared by #if, sections and the logic helpers: false, null,
// missing, 0, "" and [] are false; everything else (including {}) is true.
bool truthy(const nlohmann::json& value);

}  // namespace s2d::tmpl::detail
