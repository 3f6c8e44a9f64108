#include "renderers/template/parser.hpp"

#include "renderers/template/helpers.hpp"
#include "renderers/template/scanner.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s2d::tmpl::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view first_word(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && !is_space(s[n])) ++n;
  return s.substr(0, n);
}

// "* dynamic" and "*dynamic" name the same partial.
std::string normalize_name(std::string_view content) {
  std::string out;
  for (char c : content)
    if (!is_space(c)) out += c;
  return out;
}

std::string_view relative_indent(std::string_view indent, std::string_view margin) {
  if (indent.substr(0, margin.size()) == margin) return indent.substr(margin.size());
  return indent;
}

bool is_block_opener(TagKind kind) {
  return kind == TagKind::section || kind == TagKind::inverted || kind == TagKind::parent ||
         kind == TagKind::block;
}

// A tag's expression: the head (a name, path, literal or subexpression), its
// positional parameters and its key=value parameters.
struct CallSyntax {
  Expr head;
  std::string head_name;     // set when the head is a plain identifier (a helper candidate)
  std::vector<Expr> params;
  std::vector<std::pair<std::string, Expr>> hash;
};

class ExprParser {
 public:
  ExprParser(std::string_view text, std::uint32_t base_offset) : text_(text), base_(base_offset) {}

  bool parse_call(CallSyntax* call, char terminator, int depth) {
    skip_space();
    if (!parse_param(&call->head, &call->head_name, depth)) return false;
    while (true) {
      skip_space();
      if (at_end() || (terminator && peek() == terminator)) break;
      std::string key;
      if (hash_key_ahead(&key)) {
        pos_ += key.size() + 1;
        skip_space();
        Expr value;
        std::string ignored;
        if (at_end()) return fail("'" + key + "=' needs a value");
        if (!parse_param(&value, &ignored, depth)) return false;
        call->hash.emplace_back(std::move(key), std::move(value));
        continue;
      }
      if (!call->hash.empty()) return fail("positional arguments must come before key=value arguments");
      Expr param;
      std::string ignored;
      if (!parse_param(&param, &ignored, depth)) return false;
      call->params.push_back(std::move(param));
    }
    return true;
  }

  bool finish() {
    skip_space();
    if (!at_end()) return fail("unexpected '" + std::string(text_.substr(pos_)) + "'");
    return true;
  }

  const std::string& message() const { return message_; }
  std::uint32_t error_offset() const { return base_ + static_cast<std::uint32_t>(error_pos_); }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  void skip_space() {
    while (!at_end() && is_space(peek())) ++pos_;
  }
  bool fail(std::string message) {
    if (message_.empty()) {
      message_ = std::move(message);
      error_pos_ = pos_;
    }
    return false;
  }

  static bool word_char(char c) { return !is_space(c) && c != '(' && c != ')' && c != '=' && c != '"' && c != '\''; }

  bool hash_key_ahead(std::string* key) const {
    std::size_t p = pos_;
    while (p < text_.size() && word_char(text_[p]) && text_[p] != '.' && text_[p] != '/' && text_[p] != '[' &&
           text_[p] != '@')
      ++p;
    if (p == pos_ || p >= text_.size() || text_[p] != '=') return false;
    *key = std::string(text_.substr(pos_, p - pos_));
    return true;
  }

  bool parse_param(Expr* out, std::string* head_name, int depth) {
    out->offset = base_ + static_cast<std::uint32_t>(pos_);
    if (at_end()) return fail("missing expression");
    char c = peek();
    if (c == '(') return parse_subexpression(out, depth);
    if (c == ')') return fail("unexpected ')'");
    if (c == '"' || c == '\'') return parse_string(out);
    std::size_t start = pos_;
    while (!at_end() && word_char(peek())) {
      if (peek() == '[') {
        std::size_t close = text_.find(']', pos_);
        if (close == std::string_view::npos) return fail("unclosed '[' in a path");
        pos_ = close + 1;
      } else {
        ++pos_;
      }
    }
    std::string_view word = text_.substr(start, pos_ - start);
    if (word.empty()) return fail("unexpected '" + std::string(1, c) + "'");
    if (literal(word, out)) return true;
    out->kind = Expr::Kind::path;
    std::string message;
    if (!parse_path(word, &out->path, &message)) {
      pos_ = start;
      return fail(message);
    }
    if (out->path.root == PathRoot::context && out->path.up == 0 && out->path.walk &&
        out->path.segments.size() == 1 && word.find('[') == std::string_view::npos)
      *head_name = std::string(word);
    return true;
  }

  bool parse_subexpression(Expr* out, int depth) {
    if (depth >= kMaxNesting) return fail("subexpressions nested too deeply");
    std::size_t open = pos_;
    ++pos_;
    CallSyntax call;
    if (!parse_call(&call, ')', depth + 1)) return false;
    if (at_end()) {
      pos_ = open;
      return fail("unclosed '(' in a subexpression");
    }
    ++pos_;  // ')'
    if (call.head_name.empty()) {
      pos_ = open;
      return fail("a subexpression must start with a helper name: (helper arg ...)");
    }
    std::uint32_t offset = out->offset;
    if (!make_call(std::move(call), out)) {
      pos_ = open;
      return false;
    }
    out->offset = offset;
    return true;
  }

  bool parse_string(Expr* out) {
    char quote = peek();
    std::size_t start = pos_++;
    std::string value;
    while (!at_end() && peek() != quote) {
      if (peek() == '\\' && pos_ + 1 < text_.size()) ++pos_;
      value += text_[pos_++];
    }
    if (at_end()) {
      pos_ = start;
      return fail("unterminated string");
    }
    ++pos_;
    out->kind = Expr::Kind::literal;
    out->literal = std::move(value);
    return true;
  }

  static bool literal(std::string_view word, Expr* out) {
    if (word == "true" || word == "false") {
      out->kind = Expr::Kind::literal;
      out->literal = word == "true";
      return true;
    }
    if (word == "null" || word == "undefined") {
      out->kind = Expr::Kind::literal;
      out->literal = nullptr;
      return true;
    }
    std::size_t i = (word[0] == '-') ? 1 : 0;
    if (i >= word.size() || word[i] < '0' || word[i] > '9') return false;
    bool is_integer = true;
    for (std::size_t k = i; k < word.size(); ++k) {
      char c = word[k];
      if (c == '.' || c == 'e' || c == 'E' || c == '+' || (c == '-' && k > i)) {
        is_integer = false;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    out->kind = Expr::Kind::literal;
    if (is_integer) {
      long long v = 0;
      auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
      if (ec == std::errc() && end == word.data() + word.size()) {
        out->literal = v;
        return true;
      }
    }
    std::string copy(word);
    char* end = nullptr;
    double d = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size()) return false;
    out->literal = d;
    return true;
  }

 public:
  static bool parse_path(std::string_view word, Path* path, std::string* message) {
    path->text = std::string(word);
    if (word == "this" || word == ".") return true;
    if (word[0] == '@') {
      std::string_view rest = word.substr(1);
      std::size_t sep = rest.find_first_of("./");
      std::string_view var = rest.substr(0, sep);
      if (var == "root") {
        path->root = PathRoot::root;
        if (sep == std::string_view::npos) return true;
        return split_segments(rest.substr(sep + 1), path, message);
      }
      path->root = PathRoot::data;
      if (var == "index") path->data = DataVar::index;
      else if (var == "key") path->data = DataVar::key;
      else if (var == "first") path->data = DataVar::first;
      else if (var == "last") path->data = DataVar::last;
      else {
        *message = "unknown data variable @" + std::string(var) + " (use @index, @key, @first, @last or @root)";
        return false;
      }
      if (sep != std::string_view::npos) {
        *message = "@" + std::string(var) + " has no fields";
        return false;
      }
      return true;
    }
    bool anchored = false;  // this., ./ or ../ : no search up the context stack
    while (word.substr(0, 3) == "../") {
      ++path->up;
      word.remove_prefix(3);
      anchored = true;
    }
    if (word == "..") {
      ++path->up;
      return true;
    }
    if (word.substr(0, 2) == "./") {
      word.remove_prefix(2);
      anchored = true;
    } else if (word.substr(0, 5) == "this." || word.substr(0, 5) == "this/") {
      word.remove_prefix(5);
      anchored = true;
    }
    if (word.empty()) return true;
    path->walk = !anchored;
    return split_segments(word, path, message);
  }

 private:
  static bool split_segments(std::string_view rest, Path* path, std::string* message) {
    std::size_t i = 0;
    while (true) {
      Segment segment;
      if (i < rest.size() && rest[i] == '[') {
        std::size_t close = rest.find(']', i);
        if (close == std::string_view::npos) {
          *message = "unclosed '[' in " + path->text;
          return false;
        }
        segment.name = std::string(rest.substr(i + 1, close - i - 1));
        i = close + 1;
      } else {
        std::size_t end = rest.find_first_of("./", i);
        if (end == std::string_view::npos) end = rest.size();
        segment.name = std::string(rest.substr(i, end - i));
        i = end;
        if (segment.name == ".." || segment.name == "this") {
          *message = "'" + segment.name + "' may only start a path: " + path->text;
          return false;
        }
      }
      if (segment.name.empty()) {
        *message = "empty segment in path " + path->text;
        return false;
      }
      bool digits = true;
      for (char c : segment.name)
        if (c < '0' || c > '9') digits = false;
      if (digits && segment.name.size() < 19) {
        segment.numeric = true;
        segment.index = std::stoull(segment.name);
      }
      path->segments.push_back(std::move(segment));
      if (i >= rest.size()) return true;
      if (rest[i] != '.' && rest[i] != '/') {
        *message = "expected '.' after ']' in " + path->text;
        return false;
      }
      ++i;
      if (i >= rest.size()) {
        *message = "path ends with a separator: " + path->text;
        return false;
      }
    }
  }

 public:
  bool make_call(CallSyntax&& call, Expr* out) {
    const HelperDef* helper = find_helper(call.head_name);
    if (!helper) return fail("unknown helper '" + call.head_name + "'");
    int n = static_cast<int>(call.params.size());
    if (n < helper->min_args || (helper->max_args >= 0 && n > helper->max_args))
      return fail("wrong number of arguments for '" + call.head_name + "': use " + helper->usage);
    out->kind = Expr::Kind::call;
    out->helper = helper;
    out->offset = call.head.offset;
    out->params = std::move(call.params);
    out->hash = std::move(call.hash);
    return true;
  }

 private:
  std::string_view text_;
  std::uint32_t base_;
  std::size_t pos_ = 0;
  std::string message_;
  std::size_t error_pos_ = 0;
};

class Builder {
 public:
  Builder(Unit& unit, Escape escape, std::vector<Token>& tokens, Error* error)
      : unit_(unit), src_(unit.source), escape_(escape), tokens_(tokens), error_(error),
        match_(tokens.size(), 0), text_ends_line_(tokens.size(), 0) {}

  bool run() {
    if (!match_blocks()) return false;
    return build(0, tokens_.size(), &unit_.nodes, {});
  }

 private:
  std::string_view tag_text(const Token& t) const { return src_.substr(t.begin, t.end - t.begin); }

  bool fail_at(std::uint32_t offset, const Token& t, std::string message) {
    std::string_view tag = tag_text(t);
    if (tag.size() > 200) tag = tag.substr(0, 200);
    syntax_error(src_, unit_.first_line, offset, tag, std::move(message), error_);
    return false;
  }
  bool fail(const Token& t, std::string message) { return fail_at(t.begin, t, std::move(message)); }

  std::string block_name(const Token& t) const {
    if (t.kind == TagKind::parent || t.kind == TagKind::block || t.kind == TagKind::close)
      return normalize_name(t.content);
    return std::string(first_word(t.content));
  }

  int line_of(const Token& t) const {
    int line = unit_.first_line;
    for (std::uint32_t i = 0; i < t.begin; ++i)
      if (src_[i] == '\n') ++line;
    return line;
  }

  bool match_blocks() {
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      const Token& t = tokens_[i];
      if (is_block_opener(t.kind)) {
        if (t.kind == TagKind::section && (t.content[0] == '>' || t.content[0] == '*'))
          return fail(t, std::string(tag_text(t)) +
                             ": partial blocks and decorators are not supported; use {{< layout}} with "
                             "{{$block}} arguments");
        if (open.size() >= static_cast<std::size_t>(kMaxNesting))
          return fail(t, "blocks nested deeper than " + std::to_string(kMaxNesting) + " levels");
        open.push_back(i);
      } else if (t.kind == TagKind::close) {
        if (open.empty()) return fail(t, std::string(tag_text(t)) + " closes no open block");
        const Token& opener = tokens_[open.back()];
        std::string expected = block_name(opener);
        if (block_name(t) != expected)
          return fail(t, std::string(tag_text(t)) + " does not close " + std::string(tag_text(opener)) +
                             " opened at line " + std::to_string(line_of(opener)) + "; expected {{/" + expected +
                             "}}");
        match_[open.back()] = i;
        open.pop_back();
      }
    }
    if (!open.empty()) {
      const Token& opener = tokens_[open.back()];
      return fail(opener, "unclosed block " + std::string(tag_text(opener)) + " opened at line " +
                              std::to_string(line_of(opener)) + ": add {{/" + block_name(opener) + "}}");
    }
    return true;
  }

  bool line_start_before(std::size_t i) const {
    if (i == 0) return tokens_[0].begin == 0;
    return tokens_[i - 1].kind == TagKind::text && text_ends_line_[i - 1];
  }

  // Bounds the tree's depth (nested blocks plus else-if chains): every later
  // pass over the tree recurses along it.
  bool deeper(const Token& t) {
    if (++depth_ <= kMaxNesting) return true;
    return fail(t, "blocks and else-if chains nested deeper than " + std::to_string(kMaxNesting) + " levels");
  }

  bool build(std::size_t lo, std::size_t hi, std::vector<Node>* out, std::string_view margin) {
    if (lo >= hi) return true;
    if (!deeper(tokens_[lo > 0 ? lo - 1 : 0])) return false;  // the tag that opens this body
    bool ok = build_range(lo, hi, out, margin);
    --depth_;
    return ok;
  }

  bool build_range(std::size_t lo, std::size_t hi, std::vector<Node>* out, std::string_view margin) {
    for (std::size_t i = lo; i < hi; ++i) {
      const Token& t = tokens_[i];
      switch (t.kind) {
        case TagKind::text: build_text(i, margin, out); break;
        case TagKind::value:
        case TagKind::raw:
          if (!build_value(i, out)) return false;
          break;
        case TagKind::comment:
        case TagKind::delimiters:
        case TagKind::close:
          break;
        case TagKind::section:
        case TagKind::inverted:
          if (!build_block(i, margin, out)) return false;
          i = match_[i];
          break;
        case TagKind::partial:
          if (!build_partial(i, margin, out)) return false;
          break;
        case TagKind::parent:
          if (!build_parent(i, margin, out)) return false;
          i = match_[i];
          break;
        case TagKind::block:
          if (!build_site(i, margin, out)) return false;
          i = match_[i];
          break;
        case TagKind::else_tag:
          return fail(t, std::string(tag_text(t)) + " outside a block: it belongs inside {{#if}}, {{#each}}, "
                                                    "{{#with}}, {{#unless}} or a section");
      }
    }
    return true;
  }

  // Copies the kept text, removing the block margin at each line start and
  // remembering where lines begin (a partial's indentation goes there).
  void build_text(std::size_t i, std::string_view margin, std::vector<Node>* out) {
    const Token& t = tokens_[i];
    Node node;
    node.kind = NodeKind::text;
    node.offset = t.keep_begin;
    std::size_t p = t.keep_begin;
    const std::size_t end = t.keep_end;
    bool at_line = p == 0 || src_[p - 1] == '\n';
    bool ends_line = at_line;
    while (p < end) {
      if (at_line) {
        for (std::size_t k = 0; k < margin.size() && p < end && src_[p] == margin[k]; ++k) ++p;
        if (p >= end) break;
        node.indent_points.push_back(static_cast<std::uint32_t>(node.text.size()));
      }
      std::size_t nl = src_.find('\n', p);
      std::size_t stop = (nl == std::string_view::npos || nl >= end) ? end : nl + 1;
      node.text.append(src_.data() + p, stop - p);
      at_line = src_[stop - 1] == '\n';
      ends_line = at_line;
      p = stop;
    }
    text_ends_line_[i] = ends_line;
    if (!node.text.empty()) out->push_back(std::move(node));
  }

  bool parse_expression(const Token& t, std::string_view text, std::uint32_t offset, CallSyntax* call) {
    ExprParser parser(text, offset);
    if (!parser.parse_call(call, 0, 0) || !parser.finish())
      return fail_at(parser.error_offset(), t, parser.message() + " in " + std::string(tag_text(t)));
    return true;
  }

  // A call with no arguments is a plain lookup ({{length}} reads the field "length").
  bool to_expr(const Token& t, CallSyntax&& call, Expr* out) {
    if (call.params.empty() && call.hash.empty()) {
      *out = std::move(call.head);
      return true;
    }
    if (call.head_name.empty())
      return fail_at(call.head.offset, t,
                     "'" + std::string(first_word(t.content)) + "' is not a helper name in " +
                         std::string(tag_text(t)));
    ExprParser parser(t.content, t.content_offset);
    std::uint32_t offset = call.head.offset;
    if (!parser.make_call(std::move(call), out))
      return fail_at(offset, t, parser.message() + " in " + std::string(tag_text(t)));
    return true;
  }

  EscapeMode escape_for(const Token& t) {
    const bool raw = t.kind == TagKind::raw;
    switch (escape_) {
      case Escape::html: return raw ? EscapeMode::none : EscapeMode::html;
      case Escape::xml: return EscapeMode::xml;  // raw text would break the package: always escaped
      case Escape::none: return EscapeMode::none;
      case Escape::markdown:
        if (raw) return EscapeMode::none;
        return in_table_row(t) ? EscapeMode::markdown_cell : EscapeMode::markdown;
    }
    return EscapeMode::html;
  }

  // A GFM table row: a line with a '|' in it. Lines are indexed once, so a
  // template with many tags on one long line stays linear to compile.
  bool in_table_row(const Token& t) {
    if (line_starts_.empty()) {
      line_starts_.push_back(0);
      line_has_pipe_.push_back(0);
      for (std::size_t i = 0; i < src_.size(); ++i) {
        if (src_[i] == '|') line_has_pipe_.back() = 1;
        if (src_[i] == '\n') {
          line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
          line_has_pipe_.push_back(0);
        }
      }
    }
    auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), t.begin) - line_starts_.begin() - 1;
    return line_has_pipe_[static_cast<std::size_t>(line)] != 0;
  }

  Node tag_node(std::size_t i, NodeKind kind) const {
    const Token& t = tokens_[i];
    Node node;
    node.kind = kind;
    node.offset = t.begin;
    node.tag_end = t.end;
    node.line_start = line_start_before(i);
    return node;
  }

  bool build_value(std::size_t i, std::vector<Node>* out) {
    const Token& t = tokens_[i];
    CallSyntax call;
    if (!parse_expression(t, t.content, t.content_offset, &call)) return false;
    Node node = tag_node(i, NodeKind::value);
    if (!to_expr(t, std::move(call), &node.expr)) return false;
    node.escape = escape_for(t);
    out->push_back(std::move(node));
    return true;
  }

  // The head of a block tag: {{#if x}}, {{#each xs}}, {{#x}}, {{#(helper)}} or {{#helper a b}}.
  bool block_head(const Token& t, std::string_view content, std::uint32_t offset, bool inverted, Node* node) {
    CallSyntax call;
    if (!parse_expression(t, content, offset, &call)) return false;
    static const std::pair<const char*, NodeKind> kBlockHelpers[] = {
        {"if", NodeKind::if_block}, {"unless", NodeKind::unless_block}, {"each", NodeKind::each},
        {"with", NodeKind::with}};
    if (call.params.size() >= 2 && call.params[1].kind == Expr::Kind::path && call.params[1].path.text == "as")
      return fail_at(call.params[1].offset, t,
                     "block parameters (as |name|) are not supported: use this, ../ and @index in " +
                         std::string(tag_text(t)));
    if (!inverted) {
      for (const auto& [name, kind] : kBlockHelpers) {
        if (call.head_name != name) continue;
        if (call.params.size() != 1 || !call.hash.empty())
          return fail_at(call.head.offset, t,
                         std::string(name) + " takes exactly one argument: {{#" + name + " value}} in " +
                             std::string(tag_text(t)));
        node->kind = kind;
        node->expr = std::move(call.params[0]);
        return true;
      }
    }
    node->kind = inverted ? NodeKind::inverted : NodeKind::section;
    return to_expr(t, std::move(call), &node->expr);
  }

  bool build_block(std::size_t i, std::string_view margin, std::vector<Node>* out) {
    const Token& t = tokens_[i];
    const std::size_t close = match_[i];
    std::vector<std::size_t> elses;
    for (std::size_t j = i + 1; j < close; ++j) {
      if (is_block_opener(tokens_[j].kind)) j = match_[j];
      else if (tokens_[j].kind == TagKind::else_tag) elses.push_back(j);
    }
    Node node = tag_node(i, NodeKind::section);
    if (!block_head(t, t.content, t.content_offset, t.kind == TagKind::inverted, &node)) return false;
    if (!build_chain(&node, i + 1, close, elses, 0, margin)) return false;
    out->push_back(std::move(node));
    return true;
  }

  // Body up to the next {{else}}; then either a plain inverse or a chained block ({{else if y}}).
  bool build_chain(Node* node, std::size_t from, std::size_t close, const std::vector<std::size_t>& elses,
                   std::size_t k, std::string_view margin) {
    std::size_t body_end = k < elses.size() ? elses[k] : close;
    if (!build(from, body_end, &node->body, margin)) return false;
    if (k >= elses.size()) return true;
    const Token& e = tokens_[elses[k]];
    if (e.content.empty()) {
      if (k + 1 < elses.size())
        return fail(tokens_[elses[k + 1]], std::string(tag_text(tokens_[elses[k + 1]])) +
                                               " after a plain {{else}}: a block has at most one final {{else}}");
      return build(elses[k] + 1, close, &node->inverse, margin);
    }
    Node chained = tag_node(elses[k], NodeKind::section);
    if (!block_head(e, e.content, e.content_offset, false, &chained)) return false;
    if (!deeper(e)) return false;
    bool ok = build_chain(&chained, elses[k] + 1, close, elses, k + 1, margin);
    --depth_;
    if (!ok) return false;
    node->inverse.push_back(std::move(chained));
    return true;
  }

  // {{> name}}, {{> name context}}, {{>*path}} and the name part of {{< parent}}.
  bool partial_target(const Token& t, bool allow_context, Node* node) {
    std::string_view content = t.content;
    if (content[0] == '*') {
      std::size_t p = 1;
      while (p < content.size() && is_space(content[p])) ++p;
      std::string_view path = content.substr(p);
      node->dynamic = true;
      node->name = "*" + std::string(path);
      std::string message;
      node->expr.kind = Expr::Kind::path;
      node->expr.offset = t.content_offset + static_cast<std::uint32_t>(p);
      if (path.empty() || path.find_first_of(" \t\r\n") != std::string_view::npos ||
          !ExprParser::parse_path(path, &node->expr.path, &message))
        return fail(t, (message.empty() ? "a dynamic partial needs one path after '*'" : message) + " in " +
                           std::string(tag_text(t)));
      return true;
    }
    std::string_view name = first_word(content);
    node->name = std::string(name);
    std::string_view rest = content.substr(name.size());
    while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
    if (rest.empty()) return true;
    if (!allow_context) return fail(t, "unexpected text after the name in " + std::string(tag_text(t)));
    std::uint32_t offset = t.content_offset + static_cast<std::uint32_t>(rest.data() - content.data());
    CallSyntax call;
    if (!parse_expression(t, rest, offset, &call)) return false;
    if (!call.hash.empty() || !call.params.empty())
      return fail_at(offset, t, "a partial takes at most one context argument: " + std::string(tag_text(t)));
    node->has_context = true;
    node->expr = std::move(call.head);
    return true;
  }

  // A partial or parent tag; alone on its line, it indents what it includes like that line.
  bool include_node(std::size_t i, NodeKind kind, std::string_view margin, Node* node) {
    const Token& t = tokens_[i];
    *node = tag_node(i, kind);
    if (!partial_target(t, kind == NodeKind::partial, node)) return false;
    node->standalone = t.standalone;
    if (t.standalone) node->indent = std::string(relative_indent(t.indent, margin));
    return true;
  }

  bool build_partial(std::size_t i, std::string_view margin, std::vector<Node>* out) {
    Node node;
    if (!include_node(i, NodeKind::partial, margin, &node)) return false;
    out->push_back(std::move(node));
    return true;
  }

  bool build_parent(std::size_t i, std::string_view margin, std::vector<Node>* out) {
    Node node;
    if (!include_node(i, NodeKind::parent, margin, &node)) return false;
    // Only block arguments count inside a parent; other content is ignored.
    for (std::size_t j = i + 1; j < match_[i]; ++j) {
      if (tokens_[j].kind == TagKind::block) {
        if (!build_site(j, margin, &node.body)) return false;
        j = match_[j];
      } else if (is_block_opener(tokens_[j].kind)) {
        j = match_[j];
      }
    }
    out->push_back(std::move(node));
    return true;
  }

  // Common leading whitespace of the non-blank source lines in [begin, end).
  std::string_view common_margin(std::size_t begin, std::size_t end) const {
    std::string_view best;
    bool any = false;
    std::size_t p = begin;
    while (p < end) {
      std::size_t q = p;
      while (q < end && (src_[q] == ' ' || src_[q] == '\t')) ++q;
      std::size_t line_end = src_.find('\n', p);
      if (line_end == std::string_view::npos || line_end > end) line_end = end;
      bool blank = q >= line_end || (src_[q] == '\r' && q + 1 == line_end);
      if (!blank) {
        std::string_view ws = src_.substr(p, q - p);
        if (!any) {
          best = ws;
          any = true;
        } else {
          std::size_t n = 0;
          while (n < best.size() && n < ws.size() && best[n] == ws[n]) ++n;
          best = best.substr(0, n);
        }
      }
      p = line_end + 1;
    }
    return best;
  }

  // {{$ name}}: an overridable place (or, inside a parent, an argument).
  // When its content starts on its own line, the content is re-indented:
  // its common indentation is removed here and the indentation of the
  // place it fills is added when it renders.
  bool build_site(std::size_t i, std::string_view margin, std::vector<Node>* out) {
    const Token& t = tokens_[i];
    const std::size_t close = match_[i];
    Node node = tag_node(i, NodeKind::block);
    node.name = normalize_name(t.content);
    std::string_view inner = margin;
    if (t.body_own_line) {
      std::size_t begin = (i + 1 < close && tokens_[i + 1].kind == TagKind::text) ? tokens_[i + 1].keep_begin : t.end;
      std::size_t end = (close > i + 1 && tokens_[close - 1].kind == TagKind::text) ? tokens_[close - 1].keep_end
                                                                                     : tokens_[close].begin;
      std::string_view found = begin < end ? common_margin(begin, end) : std::string_view{};
      if (found.size() > margin.size() && found.substr(0, margin.size()) == margin) inner = found;
    }
    node.standalone = t.standalone || t.site_standalone;
    if (node.standalone) {
      std::string_view own = relative_indent(inner, margin);
      node.indent = std::string(own.empty() ? relative_indent(t.indent, margin) : own);
    }
    if (!build(i + 1, close, &node.body, inner)) return false;
    out->push_back(std::move(node));
    return true;
  }

  Unit& unit_;
  std::string_view src_;
  Escape escape_;
  std::vector<Token>& tokens_;
  Error* error_;
  std::vector<std::size_t> match_;
  std::vector<char> text_ends_line_;
  std::vector<std::uint32_t> line_starts_;
  std::vector<char> line_has_pipe_;
  int depth_ = 0;
};

}  // namespace

bool parse_unit(Unit* unit, Escape escape, Error* error) {
  std::vector<Token> tokens;
  if (!scan(unit->source, &tokens, error)) {
    if (error) error->line += unit->first_line - 1;
    return false;
  }
  return Builder(*unit, escape, tokens, error).run();
}

}  // namespace s2d::tmpl::detail
