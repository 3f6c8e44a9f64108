#include "core/json_text.hpp"

#include "core/utf8.hpp"

#include <atomic>
#include <vector>

namespace s2d {
namespace {

std::atomic<int> g_max_depth{kDefaultJsonDepth};

// Where the first container deeper than `max_depth` opens, counting only
// brackets outside strings (used to report the position of a depth error).
std::size_t position_of_depth(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return text.size();
}

// nlohmann's "[json.exception.parse_error.101] parse error at ..." without
// the bracketed prefix, with any invalid UTF-8 it quotes from the input replaced.
std::string describe(const nlohmann::detail::exception& error) {
  std::string what = error.what();
  if (!what.empty() && what.front() == '[') {
    auto end = what.find("] ");
    if (end != std::string::npos) what.erase(0, end + 2);
  }
  return utf8_replacing_invalid(what);
}

// Builds the DOM like nlohmann's own SAX DOM parser, but stops at the depth
// bound and at a repeated key.
class BoundedBuilder {
 public:
  using json = nlohmann::json;

  BoundedBuilder(json& root, int max_depth) : root_(root), max_depth_(max_depth) {}

  bool null() { return put(nullptr); }
  bool boolean(bool v) { return put(v); }
  bool number_integer(json::number_integer_t v) { return put(v); }
  bool number_unsigned(json::number_unsigned_t v) { return put(v); }
  bool number_float(json::number_float_t v, const json::string_t&) { return put(v); }
  bool string(json::string_t& v) { return put(std::move(v)); }
  bool binary(json::binary_t& v) { return put(json::binary(std::move(v))); }

  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& name) {
    json& object = *stack_.back();
    if (object.contains(name)) {
      problem_.key = name;
      problem_.message = "the key '" + utf8_replacing_invalid(name) + "' is given twice in one object";
      return false;
    }
    slot_ = &object[name];
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) {
    problem_.position = position == 0 ? 0 : position - 1;
    problem_.message = describe(error);
    return false;
  }

  bool too_deep() const { return too_deep_; }
  JsonProblem& problem() { return problem_; }

 private:
  json* place(json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    *slot_ = std::move(value);
    return slot_;
  }

  bool put(json&& value) {
    place(std::move(value));
    return true;
  }

  bool open(json&& container) {
    if (int(stack_.size()) >= max_depth_) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back(place(std::move(container)));
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  json& root_;
  int max_depth_;
  std::vector<json*> stack_;
  json* slot_ = nullptr;
  JsonProblem problem_;
  bool too_deep_ = false;
};

}  // namespace

void set_json_max_depth(int depth) { g_max_depth.store(depth > 0 ? depth : kDefaultJsonDepth); }

int json_max_depth() { return g_max_depth.load(std::memory_order_relaxed); }

std::optional<JsonProblem> parse_json(std::string_view text, nlohmann::json* out, int max_depth) {
  // JSON text never holds a raw NUL (not even inside strings), and the
  // lexer would take one for the end of the input.
  if (auto nul = text.find('\0'); nul != std::string_view::npos)
    return JsonProblem{"a NUL byte is not allowed in JSON text", nul, {}, 0};
  nlohmann::json value;
  BoundedBuilder builder(value, max_depth);
  const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
  if (ok) {
    *out = std::move(value);
    return std::nullopt;
  }
  auto problem = std::move(builder.problem());
  if (builder.too_deep()) {
    problem.position = position_of_depth(text, max_depth);
    problem.message = "nesting deeper than " + std::to_string(max_depth) + " levels (api.max_json_depth)";
    problem.max_depth = max_depth;
  }
  return problem;
}

std::optional<JsonProblem> parse_json(std::string_view text, nlohmann::json* out) {
  return parse_json(text, out, json_max_depth());
}

std::optional<JsonProblem> parse_stored_json(std::string_view text, nlohmann::json* out) {
  return parse_json(text, out, json_max_depth() + kStoredJsonMargin);
}

ApiError invalid_json(const JsonProblem& problem) {
  auto error = errors::invalid_json(problem.message);
  if (problem.position) error.extra["position"] = *problem.position;
  if (!problem.key.empty()) error.extra["key"] = utf8_replacing_invalid(problem.key);
  if (problem.max_depth > 0) error.extra["max_depth"] = problem.max_depth;
  return error;
}

}  // namespace s2d
