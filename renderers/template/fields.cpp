#include "renderers/template/fields.hpp"

#include "renderers/template/helpers.hpp"

#include <algorithm>
#include <memory>
#include <string>

namespace s2d::tmpl::detail {
namespace {

// Fields are collected into heap nodes first: a scope keeps pointing at its
// field's children while siblings are added further up.
struct Draft {
  std::string name, path;
  bool list = false;
  std::vector<std::unique_ptr<Draft>> children;
};

struct Scope {
  std::vector<std::unique_ptr<Draft>>* fields;
  std::string prefix;   // "", "items[].", "customer."
};

class Collector {
 public:
  explicit Collector(const Compiled& compiled) : compiled_(compiled) { scopes_.push_back(Scope{&root_, ""}); }

  std::vector<Field> run() {
    walk(compiled_.main.nodes);
    std::vector<Field> out;
    for (const auto& draft : root_) out.push_back(convert(*draft));
    return out;
  }

 private:
  static Field convert(const Draft& draft) {
    Field field{draft.name, draft.path, draft.list, {}};
    for (const auto& child : draft.children) field.children.push_back(convert(*child));
    return field;
  }

  Draft* add(const Path& path, bool list) {
    if (path.root == PathRoot::data || path.segments.empty()) return nullptr;
    std::size_t level = scopes_.size() - 1;
    if (path.root == PathRoot::root) level = 0;
    else level -= std::min<std::size_t>(level, static_cast<std::size_t>(path.up));
    const Scope& scope = scopes_[level];
    std::string joined;
    for (const Segment& s : path.segments) {
      if (!joined.empty()) joined += '.';
      joined += s.name;
    }
    std::string full = scope.prefix + joined;
    for (auto& existing : *scope.fields) {
      if (existing->path == full) {
        existing->list = existing->list || list;
        return existing.get();
      }
    }
    auto draft = std::make_unique<Draft>();
    draft->name = path.segments.back().name;
    draft->path = std::move(full);
    draft->list = list;
    scope.fields->push_back(std::move(draft));
    return scope.fields->back().get();
  }

  void expression(const Expr& e) {
    if (e.kind == Expr::Kind::path) {
      add(e.path, false);
      return;
    }
    if (e.kind != Expr::Kind::call) return;
    const std::string helper = e.helper->name;
    const bool reads_list = helper == "sum" || helper == "join";
    for (std::size_t i = 0; i < e.params.size(); ++i) {
      const Expr& param = e.params[i];
      if (i == 0 && reads_list && param.kind == Expr::Kind::path) {
        Draft* list = add(param.path, true);
        // {{sum items "price"}} reads items[].price
        if (list && helper == "sum" && e.params.size() > 1 && e.params[1].kind == Expr::Kind::literal &&
            e.params[1].literal.is_string()) {
          Path item;
          item.segments.push_back(Segment{e.params[1].literal.get<std::string>()});
          enter(list, true);
          add(item, false);
          leave();
        }
        continue;
      }
      expression(param);
    }
    for (const auto& named : e.hash) expression(named.second);
  }

  void enter(Draft* field, bool list) {
    if (!field) {
      scopes_.push_back(Scope{&discarded_, ""});
      return;
    }
    scopes_.push_back(Scope{&field->children, field->path + (list ? "[]." : ".")});
  }
  void leave() { scopes_.pop_back(); }

  // A block whose body runs in the context of its value (each, with, sections).
  void scoped_block(const Node& n, bool list) {
    Draft* field = nullptr;
    if (n.expr.kind == Expr::Kind::path) field = add(n.expr.path, list);
    else expression(n.expr);
    const bool anonymous = n.expr.kind == Expr::Kind::path && n.expr.path.segments.empty();
    if (anonymous) {
      walk(n.body);  // {{#each this}}: the body reads from the same place
    } else {
      enter(field, list);
      walk(n.body);
      leave();
    }
    walk(n.inverse);
  }

  void include(const Unit* unit) {
    if (!unit || std::find(active_.begin(), active_.end(), unit) != active_.end()) return;
    active_.push_back(unit);
    walk(unit->nodes);
    active_.pop_back();
  }

  void walk(const std::vector<Node>& nodes) {
    for (const Node& n : nodes) {
      switch (n.kind) {
        case NodeKind::text: break;
        case NodeKind::value: expression(n.expr); break;
        case NodeKind::section:
        case NodeKind::each: scoped_block(n, true); break;
        case NodeKind::with: scoped_block(n, false); break;
        case NodeKind::inverted:
        case NodeKind::if_block:
        case NodeKind::unless_block:
          expression(n.expr);
          walk(n.body);
          walk(n.inverse);
          break;
        case NodeKind::partial:
          if (n.dynamic) expression(n.expr);
          if (n.has_context && n.expr.kind == Expr::Kind::path && !n.expr.path.segments.empty()) {
            enter(add(n.expr.path, false), false);
            include(n.target);
            leave();
          } else {
            include(n.target);
          }
          break;
        case NodeKind::parent:
          if (n.dynamic) expression(n.expr);
          overrides_.push_back(&n.arguments);
          include(n.target);
          overrides_.pop_back();
          break;
        case NodeKind::block: {
          // An override may contain a place of its own name: walk each body once.
          const std::vector<Node>* body = &override_for(n);
          if (std::find(active_bodies_.begin(), active_bodies_.end(), body) != active_bodies_.end()) break;
          active_bodies_.push_back(body);
          walk(*body);
          active_bodies_.pop_back();
          break;
        }
      }
    }
  }

  const std::vector<Node>& override_for(const Node& site) const {
    for (const auto* arguments : overrides_)
      for (const Node* argument : *arguments)
        if (argument->name == site.name) return argument->body;
    return site.body;
  }

  const Compiled& compiled_;
  std::vector<std::unique_ptr<Draft>> root_;
  std::vector<std::unique_ptr<Draft>> discarded_;
  std::vector<Scope> scopes_;
  std::vector<const Unit*> active_;
  std::vector<const std::vector<const Node*>*> overrides_;
  std::vector<const std::vector<Node>*> active_bodies_;
};

}  // namespace

std::vector<Field> discover_fields(const Compiled& compiled) { return Collector(compiled).run(); }

}  // namespace s2d::tmpl::detail
