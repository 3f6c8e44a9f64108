#include "renderers/template/scanner.hpp"

#include <utility>

namespace s2d::tmpl::detail {
namespace {

constexpr std::size_t kMaxTagShown = 120;

bool is_inline_space(char c) { return c == ' ' || c == '\t'; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool all_inline_space(std::string_view s) {
  for (char c : s)
    if (!is_inline_space(c)) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool standalone_kind(TagKind kind) {
  switch (kind) {
    case TagKind::section:
    case TagKind::inverted:
    case TagKind::close:
    case TagKind::comment:
    case TagKind::partial:
    case TagKind::parent:
    case TagKind::block:
    case TagKind::delimiters:
    case TagKind::else_tag:
      return true;
    default:
      return false;
  }
}

class Scanner {
 public:
  Scanner(std::string_view source, std::vector<Token>* tokens, Error* error)
      : src_(source), tokens_(*tokens), error_(error) {}

  bool run() {
    if (src_.size() >= UINT32_MAX) return fail(0, {}, "the template is larger than 4 GiB");
    std::size_t pos = 0;
    while (pos < src_.size()) {
      std::size_t start = src_.find(open_, pos);
      if (start == std::string_view::npos) {
        add_text(pos, src_.size());
        break;
      }
      if (start > pos) add_text(pos, start);
      std::size_t next = 0;
      if (!read_tag(start, &next)) return false;
      pos = next;
    }
    mark_standalone_lines();
    mark_standalone_pairs();
    apply_whitespace_control();
    return true;
  }

 private:
  bool fail(std::size_t offset, std::string_view tag, std::string message) {
    syntax_error(src_, 1, static_cast<std::uint32_t>(offset), tag.substr(0, kMaxTagShown), std::move(message),
                 error_);
    return false;
  }

  void add_text(std::size_t begin, std::size_t end) {
    Token t;
    t.kind = TagKind::text;
    t.begin = t.keep_begin = static_cast<std::uint32_t>(begin);
    t.end = t.keep_end = static_cast<std::uint32_t>(end);
    tokens_.push_back(t);
  }

  // Finds the close delimiter from pos, skipping quoted strings so that
  // {{default x "}}"}} works. npos when there is none.
  std::size_t find_close(std::size_t pos, bool quote_aware) const {
    while (pos < src_.size()) {
      char c = src_[pos];
      if (quote_aware && (c == '"' || c == '\'')) {
        std::size_t q = pos + 1;
        while (q < src_.size() && src_[q] != c) q += (src_[q] == '\\') ? 2 : 1;
        if (q >= src_.size()) return std::string_view::npos;
        pos = q + 1;
        continue;
      }
      if (src_.compare(pos, close_.size(), close_) == 0) return pos;
      ++pos;
    }
    return std::string_view::npos;
  }

  // Finds `marker` immediately followed by an optional ~ and the close delimiter.
  std::size_t find_marked_close(std::size_t pos, std::string_view marker, std::size_t* tag_end,
                                bool* tilde) const {
    while (true) {
      std::size_t m = src_.find(marker, pos);
      if (m == std::string_view::npos) return m;
      std::size_t after = m + marker.size();
      bool has_tilde = after < src_.size() && src_[after] == '~';
      std::size_t c = has_tilde ? after + 1 : after;
      if (src_.compare(c, close_.size(), close_) == 0) {
        *tag_end = c + close_.size();
        *tilde = has_tilde;
        return m;
      }
      pos = m + 1;
    }
  }

  bool read_tag(std::size_t start, std::size_t* next) {
    Token t;
    t.begin = static_cast<std::uint32_t>(start);
    std::size_t p = start + open_.size();
    if (p < src_.size() && src_[p] == '~') {
      t.trim_before = true;
      ++p;
    }
    const char sigil = p < src_.size() ? src_[p] : '\0';
    std::size_t inner_begin = p, inner_end = 0, tag_end = 0;
    auto unclosed = [&] {
      std::size_t line_end = src_.find('\n', start);
      std::size_t shown = (line_end == std::string_view::npos ? src_.size() : line_end) - start;
      return fail(start, src_.substr(start, shown),
                  "unclosed tag: " + std::string(open_) + " has no matching " + std::string(close_));
    };

    if (sigil == '{' || (sigil == '!' && src_.compare(p, 3, "!--") == 0)) {
      // {{{raw}}} ends at }}}; {{!-- comment --}} ends at --}} and may contain }}.
      const std::string_view marker = sigil == '{' ? "}" : "--";
      std::size_t search_from = sigil == '{' ? p + 1 : p + 3;
      std::size_t m = find_marked_close(search_from, marker, &tag_end, &t.trim_after);
      if (m == std::string_view::npos) return unclosed();
      t.kind = sigil == '{' ? TagKind::raw : TagKind::comment;
      inner_begin = sigil == '{' ? p + 1 : p + 3;
      inner_end = m;
    } else {
      const bool expression = sigil != '!' && sigil != '=';
      std::size_t c = find_close(p, expression);
      if (c == std::string_view::npos) return unclosed();
      tag_end = c + close_.size();
      inner_end = c;
      if (inner_end > inner_begin && src_[inner_end - 1] == '~' && sigil != '=') {
        t.trim_after = true;
        --inner_end;
      }
      if (!classify(sigil, &t, &inner_begin)) return false;
    }
    t.end = static_cast<std::uint32_t>(tag_end);
    std::string_view inner = src_.substr(inner_begin, inner_end - inner_begin);
    std::string_view content = trim(inner);
    t.content = content;
    t.content_offset = static_cast<std::uint32_t>(inner_begin + (content.data() - inner.data()));
    std::string_view whole = src_.substr(start, tag_end - start);

    if (t.kind == TagKind::delimiters) {
      if (!set_delimiters(t, whole)) return false;
    } else if (t.kind == TagKind::value && (content == "else" || content.substr(0, 5) == "else " ||
                                            content.substr(0, 5) == "else\t" || content.substr(0, 5) == "else\n")) {
      t.kind = TagKind::else_tag;
      t.content = trim(content.substr(4));
      t.content_offset += static_cast<std::uint32_t>(t.content.empty() ? 4 : t.content.data() - content.data());
    } else if (t.kind == TagKind::inverted && content.empty()) {
      t.kind = TagKind::else_tag;
    } else if (t.kind != TagKind::comment && content.empty()) {
      return fail(start, whole, "empty tag " + std::string(whole));
    }
    tokens_.push_back(t);
    *next = tag_end;
    return true;
  }

  bool classify(char sigil, Token* t, std::size_t* inner_begin) {
    switch (sigil) {
      case '!': t->kind = TagKind::comment; break;
      case '#': t->kind = TagKind::section; break;
      case '^': t->kind = TagKind::inverted; break;
      case '/': t->kind = TagKind::close; break;
      case '>': t->kind = TagKind::partial; break;
      case '<': t->kind = TagKind::parent; break;
      case '$': t->kind = TagKind::block; break;
      case '&': t->kind = TagKind::raw; break;
      case '=': t->kind = TagKind::delimiters; break;
      default: t->kind = TagKind::value; return true;
    }
    ++*inner_begin;
    return true;
  }

  bool set_delimiters(const Token& t, std::string_view whole) {
    std::string_view spec = t.content;
    if (spec.empty() || spec.back() != '=')
      return fail(t.begin, whole, "a set-delimiter tag must end with '=': " + std::string(whole));
    spec = trim(spec.substr(0, spec.size() - 1));
    std::size_t gap = 0;
    while (gap < spec.size() && !is_space(spec[gap])) ++gap;
    std::string_view open = spec.substr(0, gap);
    std::string_view close = trim(spec.substr(gap));
    bool bad = open.empty() || close.empty() || open.find('=') != std::string_view::npos ||
               close.find('=') != std::string_view::npos;
    for (char c : close)
      if (is_space(c)) bad = true;
    if (bad)
      return fail(t.begin, whole, "a set-delimiter tag needs two delimiters without spaces or '=': " +
                                      std::string(whole));
    open_ = open;
    close_ = close;
    return true;
  }

  // The part of the line before tag i is blank (or the line starts the source).
  bool blank_before(std::size_t i, std::string_view* indent) const {
    if (i == 0) {
      *indent = {};
      return true;
    }
    const Token& prev = tokens_[i - 1];
    if (prev.kind != TagKind::text) return false;
    std::string_view text = src_.substr(prev.begin, prev.end - prev.begin);
    std::size_t nl = text.rfind('\n');
    std::string_view tail = nl == std::string_view::npos ? text : text.substr(nl + 1);
    if (!all_inline_space(tail)) return false;
    if (nl == std::string_view::npos && i - 1 != 0) return false;
    *indent = tail;
    return true;
  }

  // The part of the line after tag i is blank (or the source ends).
  bool blank_after(std::size_t i) const {
    if (i + 1 == tokens_.size()) return true;
    const Token& next = tokens_[i + 1];
    if (next.kind != TagKind::text) return false;
    std::string_view text = src_.substr(next.begin, next.end - next.begin);
    std::size_t nl = text.find('\n');
    std::string_view head = nl == std::string_view::npos ? text : text.substr(0, nl);
    if (nl != std::string_view::npos && !head.empty() && head.back() == '\r') head.remove_suffix(1);
    if (!all_inline_space(head)) return false;
    return nl != std::string_view::npos || i + 2 == tokens_.size();
  }

  void remove_indent_before(std::size_t i) {
    if (i == 0) return;
    Token& prev = tokens_[i - 1];
    std::string_view text = src_.substr(prev.begin, prev.end - prev.begin);
    std::size_t nl = text.rfind('\n');
    std::uint32_t line_start = prev.begin + (nl == std::string_view::npos ? 0 : static_cast<std::uint32_t>(nl + 1));
    if (prev.keep_end > line_start) prev.keep_end = line_start;
  }

  void remove_rest_of_line_after(std::size_t i, bool keep_newline) {
    if (i + 1 == tokens_.size()) return;
    Token& next = tokens_[i + 1];
    std::string_view text = src_.substr(next.begin, next.end - next.begin);
    std::size_t nl = text.find('\n');
    std::uint32_t cut;
    if (nl == std::string_view::npos) {
      cut = next.end;
    } else {
      std::size_t line_end = keep_newline ? nl : nl + 1;
      if (keep_newline && nl > 0 && text[nl - 1] == '\r') --line_end;
      cut = next.begin + static_cast<std::uint32_t>(line_end);
    }
    if (next.keep_begin < cut) next.keep_begin = cut;
  }

  void mark_standalone_lines() {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      Token& t = tokens_[i];
      if (!standalone_kind(t.kind)) continue;
      std::string_view indent;
      if (!blank_before(i, &indent) || !blank_after(i)) continue;
      t.standalone = true;
      t.indent = indent;
      if (t.kind == TagKind::block) t.body_own_line = true;
    }
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (!tokens_[i].standalone) continue;
      remove_indent_before(i);
      remove_rest_of_line_after(i, false);
    }
  }

  static bool closes(const Token& open, const Token& close) {
    return close.kind == TagKind::close && open.content == close.content;
  }

  // Inheritance tags may share a line and still count as standalone:
  // {{<p}}{{/p}}, {{$b}}{{/b}}, {{<p}}{{$b}} and {{/b}}{{/p}}.
  void mark_standalone_pairs() {
    for (std::size_t i = 0; i + 1 < tokens_.size(); ++i) {
      Token& a = tokens_[i];
      Token& b = tokens_[i + 1];
      if (a.standalone || b.standalone) continue;
      const bool parent_pair = a.kind == TagKind::parent && closes(a, b);
      const bool block_pair = a.kind == TagKind::block && closes(a, b);
      const bool parent_block = a.kind == TagKind::parent && b.kind == TagKind::block;
      const bool close_pair = a.kind == TagKind::close && b.kind == TagKind::close;
      if (!parent_pair && !block_pair && !parent_block && !close_pair) continue;
      std::string_view indent;
      if (!blank_before(i, &indent) || !blank_after(i + 1)) continue;
      remove_indent_before(i);
      remove_rest_of_line_after(i + 1, block_pair);
      a.indent = indent;
      if (block_pair) {
        a.site_standalone = true;
      } else if (parent_pair || parent_block) {
        a.standalone = true;
        if (parent_block) b.body_own_line = true;
      }
    }
  }

  void apply_whitespace_control() {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      const Token& t = tokens_[i];
      if (t.kind == TagKind::text) continue;
      if (t.trim_before && i > 0 && tokens_[i - 1].kind == TagKind::text) {
        Token& prev = tokens_[i - 1];
        while (prev.keep_end > prev.keep_begin && is_space(src_[prev.keep_end - 1])) --prev.keep_end;
      }
      if (t.trim_after && i + 1 < tokens_.size() && tokens_[i + 1].kind == TagKind::text) {
        Token& next = tokens_[i + 1];
        while (next.keep_begin < next.keep_end && is_space(src_[next.keep_begin])) ++next.keep_begin;
      }
    }
  }

  std::string_view src_;
  std::vector<Token>& tokens_;
  Error* error_;
  std::string_view open_ = "{{";
  std::string_view close_ = "}}";
};

}  // namespace

bool scan(std::string_view source, std::vector<Token>* tokens, Error* error) {
  tokens->clear();
  return Scanner(source, tokens, error).run();
}

void syntax_error(std::string_view source, int first_line, std::uint32_t offset, std::string_view tag,
                  std::string message, Error* error) {
  if (!error) return;
  error->code = "template_syntax_error";
  error->message = std::move(message);
  error->placeholder.clear();
  error->tag = std::string(tag);
  locate(source, first_line, offset, &error->line, &error->column);
}

void locate(std::string_view source, int first_line, std::uint32_t offset, int* line, int* column) {
  *line = first_line;
  *column = 1;
  for (std::uint32_t i = 0; i < offset && i < source.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(source[i]);
    if (c == '\n') {
      ++*line;
      *column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++*column;  // count code points, not bytes
    }
  }
}

}  // namespace s2d::tmpl::detail
