#include "datasources/parameters.hpp"

#include <map>

namespace s2d::datasources {
namespace {

bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool is_identifier_char(char c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9') || c == '$';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_ascii_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_ascii_identifier_char(char c) { return is_ascii_identifier_start(c) || is_digit(c); }

// Walks the SQL text once, copying it to `out` and replacing named
// parameters. Each `skip_*` consumes one lexical element starting at `pos`
// and returns false when it is unterminated.
class Rewriter {
 public:
  explicit Rewriter(std::string_view sql) : sql_(sql) {}

  RewrittenQuery run() {
    while (pos_ < sql_.size() && result_.error.empty()) step();
    return std::move(result_);
  }

 private:
  char at(std::size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }

  void fail(const std::string& message) { result_.error = message; }

  void copy_until(std::size_t end) {
    result_.sql.append(sql_.substr(pos_, end - pos_));
    pos_ = end;
  }

  void step() {
    char c = sql_[pos_];
    if (c == '\'') return quoted('\'', /*backslash_escapes=*/false, "string literal");
    if (c == '"') return quoted('"', false, "quoted identifier");
    if (c == '-' && at(pos_ + 1) == '-') return line_comment();
    if (c == '/' && at(pos_ + 1) == '*') return block_comment();
    if (c == '$') return dollar();
    if (c == ':') return colon();
    if (is_identifier_start(c) || is_digit(c)) return word();
    copy_until(pos_ + 1);
  }

  // A run of identifier characters (keywords, names, numbers) is copied
  // whole, so `a$1` stays a name and E'...' is recognised by its prefix.
  void word() {
    std::size_t end = pos_;
    while (end < sql_.size() && is_identifier_char(sql_[end])) ++end;
    bool escape_string_prefix = end - pos_ == 1 && (sql_[pos_] == 'E' || sql_[pos_] == 'e') &&
                                at(end) == '\'';
    copy_until(end);
    if (escape_string_prefix) quoted('\'', /*backslash_escapes=*/true, "string literal");
  }

  // '...' and "..." with the quote doubled inside; E'...' also has \x escapes.
  void quoted(char quote, bool backslash_escapes, const char* what) {
    std::size_t i = pos_ + 1;
    while (i < sql_.size()) {
      if (backslash_escapes && sql_[i] == '\\') {
        i += 2;
      } else if (sql_[i] == quote) {
        if (at(i + 1) != quote) return copy_until(i + 1);
        i += 2;
      } else {
        ++i;
      }
    }
    fail(std::string("unterminated ") + what + " at offset " + std::to_string(pos_));
  }

  void line_comment() {
    std::size_t end = sql_.find('\n', pos_);
    copy_until(end == std::string_view::npos ? sql_.size() : end);
  }

  void block_comment() {
    int depth = 0;
    std::size_t i = pos_;
    while (i + 1 < sql_.size()) {
      if (sql_[i] == '/' && sql_[i + 1] == '*') {
        ++depth;
        i += 2;
      } else if (sql_[i] == '*' && sql_[i + 1] == '/') {
        i += 2;
        if (--depth == 0) return copy_until(i);
      } else {
        ++i;
      }
    }
    fail("unterminated /* comment at offset " + std::to_string(pos_));
  }

  // $n (refused: the query names its parameters) or $tag$...$tag$.
  void dollar() {
    if (is_digit(at(pos_ + 1))) {
      std::size_t end = pos_ + 1;
      while (is_digit(at(end))) ++end;
      return fail("positional parameter " + std::string(sql_.substr(pos_, end - pos_)) +
                  ": name the parameter instead (:name)");
    }
    std::size_t tag_end = pos_ + 1;
    if (is_identifier_start(at(tag_end))) {
      while (tag_end < sql_.size() && is_identifier_char(sql_[tag_end]) && sql_[tag_end] != '$')
        ++tag_end;
    }
    if (at(tag_end) != '$') return copy_until(pos_ + 1);  // a lone $ (an operator, say)
    std::string_view delimiter = sql_.substr(pos_, tag_end + 1 - pos_);
    std::size_t close = sql_.find(delimiter, tag_end + 1);
    if (close == std::string_view::npos)
      return fail("unterminated dollar-quoted string " + std::string(delimiter) + " at offset " +
                  std::to_string(pos_));
    copy_until(close + delimiter.size());
  }

  void colon() {
    if (at(pos_ + 1) == ':') return copy_until(pos_ + 2);  // a cast
    if (!is_ascii_identifier_start(at(pos_ + 1))) return copy_until(pos_ + 1);
    std::size_t end = pos_ + 1;
    while (is_ascii_identifier_char(at(end))) ++end;
    std::string name(sql_.substr(pos_ + 1, end - pos_ - 1));
    auto [it, inserted] = numbers_.emplace(name, result_.parameters.size() + 1);
    if (inserted) result_.parameters.push_back(name);
    result_.sql += '$' + std::to_string(it->second);
    pos_ = end;
  }

  std::string_view sql_;
  std::size_t pos_ = 0;
  RewrittenQuery result_;
  std::map<std::string, std::size_t> numbers_;
};

std::string describe_parameters(const std::set<std::string>& parameters) {
  if (parameters.empty()) return "it has none";
  std::string text = "it has";
  for (const auto& name : parameters) text += " :" + name;
  return text;
}

}  // namespace

RewrittenQuery rewrite_named_parameters(std::string_view sql) { return Rewriter(sql).run(); }

const nlohmann::json* find_parameter_value(const std::string& name, const nlohmann::json* parent_row,
                                           const nlohmann::json& filters) {
  if (parent_row && parent_row->is_object()) {
    auto it = parent_row->find(name);
    if (it != parent_row->end()) return &*it;
  }
  if (filters.is_object()) {
    auto it = filters.find(name);
    if (it != filters.end()) return &*it;
  }
  return nullptr;
}

std::optional<std::string> check_filters(const nlohmann::json& filters,
                                         const std::set<std::string>* used_parameters) {
  if (filters.is_null()) return std::nullopt;
  if (!filters.is_object()) return "filters must be a JSON object of field -> value";
  for (const auto& [name, value] : filters.items()) {
    if (value.is_object() || value.is_array())
      return "filter '" + name + "' must be a string, number, boolean or null";
    if (used_parameters && !used_parameters->count(name))
      return "filter '" + name + "' names no parameter of the query (" +
             describe_parameters(*used_parameters) + ")";
  }
  return std::nullopt;
}

std::optional<std::string> parameter_text(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return std::string(value.get<bool>() ? "true" : "false");
  return value.dump();
}

}  // namespace s2d::datasources
