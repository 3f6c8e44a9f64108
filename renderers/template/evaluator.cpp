#include "renderers/template/evaluator.hpp"

#include "renderers/template/escape.hpp"
#include "renderers/template/helpers.hpp"
#include "renderers/template/scanner.hpp"

#include <memory>
#include <vector>

namespace s2d::tmpl::detail {
namespace {

const json& null_value() {
  static const json value;
  return value;
}

// One level of the context stack. Besides the value it remembers how the
// value was reached, so an error can name the full data path (items[3].price)
// without any bookkeeping on the normal path.
struct Frame {
  const json* value = nullptr;
  int origin = -1;               // frame the value was looked up in
  const Path* via = nullptr;     // the path used (nullptr: root or a computed value)
  std::size_t index = 0;         // position in a list
  const std::string* key = nullptr;   // key in an object
  std::size_t count = 0;         // loop length, for @last
  bool loop = false;             // carries @index/@key/@first/@last
  bool indexed = false;          // came from a list
  bool boundary = false;         // #each/#with/partial context: names are not searched beyond it
};

// An evaluated expression: either borrowed from the data, or computed.
struct Value {
  const json* ref = nullptr;
  json owned;
  bool missing = false;
  const Path* path = nullptr;    // for a missing field's message
  int frame = 0;
  std::uint32_t offset = 0;

  const json& get() const { return missing ? null_value() : ref ? *ref : owned; }
};

struct OverrideScope {
  const std::vector<const Node*>* arguments;
  const Unit* unit;              // where the arguments were written
};

class Nesting {
 public:
  explicit Nesting(int& depth) : depth_(depth) { ++depth_; }
  ~Nesting() { --depth_; }
  Nesting(const Nesting&) = delete;
  Nesting& operator=(const Nesting&) = delete;

 private:
  int& depth_;
};

class Renderer {
 public:
  Renderer(const Compiled& compiled, const json& data, const RenderOptions& options, std::string& out, Error* error)
      : compiled_(compiled), options_(options), limits_(options.limits), out_(out), error_(error),
        strict_(compiled.strict) {
    frames_.reserve(32);
    frames_.push_back(Frame{&data});
  }

  bool run() {
    unit_ = &compiled_.main;
    return render_nodes(compiled_.main.nodes);
  }

 private:
  int top() const { return static_cast<int>(frames_.size()) - 1; }

  // ---- errors ----------------------------------------------------------------

  bool fail(const char* code, std::string message, std::uint32_t offset, std::string placeholder = {}) {
    if (!error_) return false;
    error_->code = code;
    error_->message = std::move(message);
    if (!unit_->name.empty()) error_->message += " (in partial '" + unit_->name + "')";
    error_->placeholder = std::move(placeholder);
    error_->tag.clear();
    if (node_) {
      std::uint32_t length = node_->tag_end > node_->offset ? node_->tag_end - node_->offset : 0;
      error_->tag = unit_->source.substr(node_->offset, std::min<std::uint32_t>(length, 200));
    }
    locate(unit_->source, unit_->first_line, offset, &error_->line, &error_->column);
    return false;
  }

  bool too_deep(std::uint32_t offset) {
    return fail("limit_exceeded",
                "nesting deeper than " + std::to_string(limits_.max_depth) +
                    " levels (blocks, partials and subexpressions)",
                offset);
  }

  bool output_checked() {
    if (out_.size() <= limits_.max_output_bytes) return true;
    return fail("limit_exceeded", "output larger than " + std::to_string(limits_.max_output_bytes) + " bytes",
                node_ ? node_->offset : 0);
  }

  bool count_iteration(std::uint32_t offset) {
    if (++iterations_ <= limits_.max_iterations) return true;
    return fail("limit_exceeded",
                "more than " + std::to_string(limits_.max_iterations) + " loop iterations and partial expansions",
                offset);
  }

  // The data path of a frame: "", "customer", "items[3]", "order.lines[0]".
  std::string frame_path(int f) const {
    if (f <= 0) return {};
    const Frame& frame = frames_[f];
    std::string out = frame_path(frame.origin);
    if (frame.via)
      for (const Segment& s : frame.via->segments) {
        if (!out.empty()) out += '.';
        out += s.name;
      }
    if (frame.key) {
      if (!out.empty()) out += '.';
      out += *frame.key;
    } else if (frame.indexed) {
      out += '[' + std::to_string(frame.index) + ']';
    }
    return out;
  }

  bool missing_field(const Path& path, int frame, std::uint32_t offset) {
    std::string placeholder;
    if (path.root == PathRoot::data) {
      placeholder = path.text;
    } else {
      if (path.root == PathRoot::context) placeholder = frame_path(frame);
      for (const Segment& s : path.segments) {
        if (!placeholder.empty()) placeholder += '.';
        placeholder += s.name;
      }
    }
    std::string message = "missing required field '" + placeholder + "'";
    if (path.root == PathRoot::data) message = path.text + " is only defined inside {{#each}} or a list section";
    return fail("missing_required_field", std::move(message), offset, std::move(placeholder));
  }

  // ---- lookup ----------------------------------------------------------------

  static const json* child(const json& value, const Segment& segment, json& scratch) {
    if (value.is_object()) {
      auto it = value.find(segment.name);
      return it == value.end() ? nullptr : &*it;
    }
    if (value.is_array()) {
      if (segment.numeric) return segment.index < value.size() ? &value[segment.index] : nullptr;
      if (segment.name == "length") {
        scratch = value.size();
        return &scratch;
      }
    }
    if (value.is_string() && segment.name == "length") {
      std::size_t n = 0;
      for (unsigned char c : value.get_ref<const std::string&>())
        if ((c & 0xC0) != 0x80) ++n;
      scratch = n;
      return &scratch;
    }
    return nullptr;
  }

  // nullptr when the path does not resolve; *frame is then the context the
  // search ended in.
  const json* resolve(const Path& path, json& scratch, int* frame) const {
    const json* current;
    std::size_t next = 0;
    int f = top();
    if (path.root == PathRoot::root) {
      f = 0;
    } else if (path.up > 0) {
      f = top() - path.up;
      if (f < 0) {
        *frame = 0;
        return nullptr;
      }
    }
    current = frames_[f].value;
    if (path.walk) {
      // Mustache: the first name is looked up from the innermost context
      // outwards, through sections. Handlebars blocks (#each, #with) and
      // partial contexts end the search, as in Handlebars: a field missing
      // from a list item is an error, never a same-named field further out.
      const Segment& first = path.segments[0];
      current = nullptr;
      for (int k = f; k >= 0; --k) {
        current = child(*frames_[k].value, first, scratch);
        if (current) {
          f = k;
          break;
        }
        if (frames_[k].boundary) break;
      }
      *frame = f;
      if (!current) return nullptr;
      next = 1;
    }
    *frame = f;
    for (; next < path.segments.size(); ++next) {
      current = child(*current, path.segments[next], scratch);
      if (!current) return nullptr;
    }
    return current;
  }

  bool data_variable(DataVar var, json* out) const {
    for (int k = top(); k >= 0; --k) {
      const Frame& f = frames_[k];
      if (!f.loop) continue;
      switch (var) {
        case DataVar::index: *out = f.index; break;
        case DataVar::key: *out = f.key ? json(*f.key) : json(f.index); break;
        case DataVar::first: *out = f.index == 0; break;
        case DataVar::last: *out = f.index + 1 == f.count; break;
        case DataVar::none: return false;
      }
      return true;
    }
    return false;
  }

  // ---- expressions -----------------------------------------------------------

  bool evaluate(const Expr& e, Value* v) {
    v->frame = top();
    v->offset = e.offset;
    switch (e.kind) {
      case Expr::Kind::literal: v->ref = &e.literal; return true;
      case Expr::Kind::path: {
        v->path = &e.path;
        if (e.path.root == PathRoot::data) {
          v->missing = !data_variable(e.path.data, &v->owned);
          return true;
        }
        const json* found = resolve(e.path, v->owned, &v->frame);
        if (!found) v->missing = true;
        else if (found != &v->owned) v->ref = found;
        return true;
      }
      case Expr::Kind::call: return call_helper(e, v);
    }
    return true;
  }

  bool call_helper(const Expr& e, Value* v) {
    if (depth_ >= limits_.max_depth) return too_deep(e.offset);
    Nesting nesting(depth_);
    constexpr std::size_t kInline = 4;
    const std::size_t count = e.params.size();
    const std::size_t named = e.hash.size();
    Value inline_values[kInline];
    const json* inline_args[kInline];
    std::unique_ptr<Value[]> heap_values;
    std::unique_ptr<const json*[]> heap_args;
    Value* values = inline_values;
    const json** args = inline_args;
    if (count > kInline) {
      heap_values.reset(new Value[count]);
      heap_args.reset(new const json*[count]);
      values = heap_values.get();
      args = heap_args.get();
    }
    for (std::size_t i = 0; i < count; ++i) {
      if (!evaluate(e.params[i], &values[i])) return false;
      if (values[i].missing && strict_ && !e.helper->accepts_missing)
        return missing_field(*values[i].path, values[i].frame, values[i].offset);
      args[i] = &values[i].get();
    }
    std::vector<Value> hash_values(named);
    std::vector<NamedArg> hash(named);
    for (std::size_t i = 0; i < named; ++i) {
      if (!evaluate(e.hash[i].second, &hash_values[i])) return false;
      if (hash_values[i].missing && strict_)
        return missing_field(*hash_values[i].path, hash_values[i].frame, hash_values[i].offset);
      hash[i] = NamedArg{&e.hash[i].first, &hash_values[i].get()};
    }
    HelperArgs call;
    call.args = args;
    call.count = count;
    call.hash = hash.data();
    call.hash_count = named;
    call.options = &options_;
    json result;
    const json* borrowed = nullptr;
    std::string message;
    bool too_large = false;
    call.result = &result;
    call.borrowed = &borrowed;
    call.error = &message;
    call.too_large = &too_large;
    if (!e.helper->call(call)) {
      if (too_large) return fail("limit_exceeded", std::string(e.helper->name) + ": " + message, e.offset);
      // Messages name their helper; those from deeper down (ICU) get the name added.
      const std::string name = e.helper->name;
      if (message.compare(0, name.size(), name) != 0) message = name + ": " + message;
      return fail("helper_error", std::move(message), e.offset);
    }
    v->frame = top();
    if (!borrowed) {
      v->owned = std::move(result);
      return true;
    }
    // A borrowed result points into the data or the template, unless an
    // argument was itself computed: then it may point into this call's values.
    bool computed_argument = false;
    for (std::size_t i = 0; i < count; ++i) computed_argument |= !values[i].ref && !values[i].missing;
    if (computed_argument) v->owned = *borrowed;
    else v->ref = borrowed;
    return true;
  }

  // ---- output ----------------------------------------------------------------

  bool print(const json& value, EscapeMode mode, std::uint32_t offset) {
    if (value.is_string()) {
      append_escaped(out_, value.get_ref<const std::string&>(), mode);
      return output_checked();
    }
    if (value.is_null()) return true;
    scratch_text_.clear();
    if (!append_text(scratch_text_, value))
      return fail("helper_error",
                  "cannot print an object: name one of its fields, or loop over it with {{#each}}", offset);
    append_escaped(out_, scratch_text_, mode);
    return output_checked();
  }

  bool emit_text(const Node& n) {
    if (indent_.empty() || n.indent_points.empty()) {
      out_.append(n.text);
    } else {
      std::size_t from = 0;
      for (std::uint32_t point : n.indent_points) {
        out_.append(n.text, from, point - from);
        out_.append(indent_);
        from = point;
      }
      out_.append(n.text, from, std::string::npos);
    }
    return output_checked();
  }

  bool render_value(const Node& n) {
    const Expr& e = n.expr;
    if (e.kind == Expr::Kind::path && e.path.root != PathRoot::data) {
      int frame = 0;
      const json* found = resolve(e.path, scratch_json_, &frame);
      if (found) return print(*found, n.escape, e.offset);
      return strict_ ? missing_field(e.path, frame, e.offset) : true;
    }
    Value v;
    if (!evaluate(e, &v)) return false;
    if (v.missing) return strict_ ? missing_field(*v.path, v.frame, v.offset) : true;
    return print(v.get(), n.escape, e.offset);
  }

  // ---- blocks ----------------------------------------------------------------

  bool render_nested(const std::vector<Node>& nodes, std::uint32_t offset) {
    if (nodes.empty()) return true;
    if (depth_ >= limits_.max_depth) return too_deep(offset);
    Nesting nesting(depth_);
    return render_nodes(nodes);
  }

  bool with_context(const json& value, const Value& from, const std::vector<Node>& body, std::uint32_t offset,
                    bool boundary) {
    if (depth_ >= limits_.max_depth) return too_deep(offset);
    Nesting nesting(depth_);
    Frame frame;
    frame.value = &value;
    frame.origin = from.frame;
    frame.via = from.ref ? from.path : nullptr;
    frame.boundary = boundary;
    frames_.push_back(frame);
    bool ok = render_nodes(body);
    frames_.pop_back();
    return ok;
  }

  // Renders the body once per item of a list or entry of an object, with
  // the loop position available as @index, @key, @first and @last.
  bool loop(const json& collection, const Value& from, const std::vector<Node>& body, std::uint32_t offset,
            bool boundary) {
    if (depth_ >= limits_.max_depth) return too_deep(offset);
    Nesting nesting(depth_);
    Frame frame;
    frame.boundary = boundary;
    frame.origin = from.frame;
    frame.via = from.ref ? from.path : nullptr;
    frame.count = collection.size();
    frame.loop = true;
    frame.indexed = collection.is_array();
    frames_.push_back(frame);
    const std::size_t me = frames_.size() - 1;
    std::size_t i = 0;
    for (auto it = collection.begin(); it != collection.end(); ++it) {
      if (!count_iteration(offset)) return false;
      frames_[me].value = &it.value();
      if (collection.is_object()) frames_[me].key = &it.key();
      frames_[me].index = i++;
      if (!render_nodes(body)) return false;
    }
    frames_.pop_back();
    return true;
  }

  // {{#x}}: a list loops, a true value renders once in place, another truthy
  // value becomes the context, a falsy one renders the {{else}} part.
  bool render_section(const Node& n) {
    Value v;
    if (!evaluate(n.expr, &v)) return false;
    const json& x = v.get();
    if (!truthy(x)) return render_nested(n.inverse, n.offset);
    if (x.is_array()) return loop(x, v, n.body, n.offset, false);
    if (x.is_boolean()) return render_nested(n.body, n.offset);
    return with_context(x, v, n.body, n.offset, false);
  }

  bool render_condition(const Node& n, bool wanted) {
    bool value;
    const Expr& e = n.expr;
    if (e.kind == Expr::Kind::path && e.path.root != PathRoot::data) {
      int frame = 0;
      const json* found = resolve(e.path, scratch_json_, &frame);
      value = found && truthy(*found);
    } else {
      Value v;
      if (!evaluate(e, &v)) return false;
      value = truthy(v.get());
    }
    return render_nested(value == wanted ? n.body : n.inverse, n.offset);
  }

  static const char* kind_name(const json& x) {
    return x.is_string() ? "a string" : x.is_boolean() ? "a boolean" : "a number";
  }

  bool render_each(const Node& n) {
    Value v;
    if (!evaluate(n.expr, &v)) return false;
    if (v.missing) return strict_ ? missing_field(*v.path, v.frame, v.offset) : render_nested(n.inverse, n.offset);
    const json& x = v.get();
    if ((x.is_array() || x.is_object()) && !x.empty()) return loop(x, v, n.body, n.offset, true);
    if (x.is_array() || x.is_object() || !truthy(x)) return render_nested(n.inverse, n.offset);
    return fail("helper_error", std::string("each needs a list or an object, got ") + kind_name(x), n.expr.offset);
  }

  bool render_with(const Node& n) {
    Value v;
    if (!evaluate(n.expr, &v)) return false;
    if (v.missing) return strict_ ? missing_field(*v.path, v.frame, v.offset) : render_nested(n.inverse, n.offset);
    const json& x = v.get();
    if (!truthy(x)) return render_nested(n.inverse, n.offset);
    return with_context(x, v, n.body, n.offset, true);
  }

  // ---- partials and inheritance -------------------------------------------------

  bool find_target(const Node& n, const Unit** target) {
    *target = n.target;
    if (!n.dynamic) return true;
    Value v;
    if (!evaluate(n.expr, &v)) return false;
    if (v.missing) return strict_ ? missing_field(*v.path, v.frame, v.offset) : true;
    const json& name = v.get();
    if (!name.is_string()) return true;
    auto it = compiled_.partials.find(name.get_ref<const std::string&>());
    if (it != compiled_.partials.end()) *target = it->second.get();
    else if (strict_)
      return fail("helper_error", "no partial named '" + name.get<std::string>() + "'", n.expr.offset);
    return true;
  }

  // Renders another unit's nodes with added indentation (for a standalone
  // tag) and, for partials with an argument, a new context.
  bool include(const Node& n, const std::vector<Node>& nodes, const Unit& owner) {
    if (!count_iteration(n.offset)) return false;
    if (depth_ >= limits_.max_depth) return too_deep(n.offset);
    Nesting nesting(depth_);
    const std::size_t indent_size = indent_.size();
    if (n.standalone) indent_ += n.indent;
    const Unit* saved_unit = unit_;
    const Node* saved_node = node_;
    unit_ = &owner;
    bool ok = render_nodes(nodes);
    unit_ = saved_unit;
    node_ = saved_node;
    indent_.resize(indent_size);
    return ok;
  }

  bool render_partial(const Node& n) {
    const Unit* target = nullptr;
    if (!find_target(n, &target)) return false;
    if (!target) return true;
    if (!n.has_context) return include(n, target->nodes, *target);
    Value v;
    if (!evaluate(n.expr, &v)) return false;
    if (v.missing && strict_) return missing_field(*v.path, v.frame, v.offset);
    Frame frame;
    frame.value = &v.get();
    frame.origin = v.frame;
    frame.via = v.ref ? v.path : nullptr;
    frame.boundary = true;
    frames_.push_back(frame);
    bool ok = include(n, target->nodes, *target);
    frames_.pop_back();
    return ok;
  }

  bool render_parent(const Node& n) {
    const Unit* target = nullptr;
    if (!find_target(n, &target)) return false;
    if (!target) return true;
    overrides_.push_back(OverrideScope{&n.arguments, unit_});
    bool ok = include(n, target->nodes, *target);
    overrides_.pop_back();
    return ok;
  }

  // {{$name}}: the outermost override wins (the child template's), else the default.
  bool render_site(const Node& n) {
    for (const OverrideScope& scope : overrides_)
      for (const Node* argument : *scope.arguments)
        if (argument->name == n.name) return include(n, argument->body, *scope.unit);
    return include(n, n.body, *unit_);
  }

  bool render_nodes(const std::vector<Node>& nodes) {
    for (const Node& n : nodes) {
      if (n.kind == NodeKind::text) {
        if (!emit_text(n)) return false;
        continue;
      }
      node_ = &n;
      if (n.line_start && !indent_.empty()) out_.append(indent_);
      bool ok = true;
      switch (n.kind) {
        case NodeKind::value: ok = render_value(n); break;
        case NodeKind::section: ok = render_section(n); break;
        case NodeKind::inverted: {
          Value v;
          ok = evaluate(n.expr, &v) && render_nested(truthy(v.get()) ? n.inverse : n.body, n.offset);
          break;
        }
        case NodeKind::if_block: ok = render_condition(n, true); break;
        case NodeKind::unless_block: ok = render_condition(n, false); break;
        case NodeKind::each: ok = render_each(n); break;
        case NodeKind::with: ok = render_with(n); break;
        case NodeKind::partial: ok = render_partial(n); break;
        case NodeKind::parent: ok = render_parent(n); break;
        case NodeKind::block: ok = render_site(n); break;
        case NodeKind::text: break;
      }
      if (!ok) return false;
    }
    return true;
  }

  const Compiled& compiled_;
  const RenderOptions& options_;
  const Limits& limits_;
  std::string& out_;
  Error* error_;
  const bool strict_;
  const Unit* unit_ = nullptr;
  const Node* node_ = nullptr;
  std::vector<Frame> frames_;
  std::vector<OverrideScope> overrides_;
  std::string indent_;
  std::string scratch_text_;
  json scratch_json_;
  std::size_t iterations_ = 0;
  int depth_ = 0;
};

}  // namespace

bool render_compiled(const Compiled& compiled, const json& data, const RenderOptions& options, std::string* out,
                     Error* error) {
  out->clear();
  Renderer renderer(compiled, data, options, *out, error);
  if (renderer.run()) return true;
  out->clear();
  return false;
}

}  // namespace s2d::tmpl::detail
