#include "renderers/template/template.hpp"

#include "renderers/template/ast.hpp"
#include "renderers/template/evaluator.hpp"
#include "renderers/template/fields.hpp"
#include "renderers/template/helpers.hpp"
#include "renderers/template/parser.hpp"
#include "renderers/template/scanner.hpp"

#include <list>
#include <mutex>
#include <unordered_map>

namespace s2d::tmpl {

struct Template::Impl {
  detail::Compiled compiled;
};

namespace {

using detail::Node;
using detail::NodeKind;
using detail::Unit;

// Points static partials and parents at their compiled units. In strict mode
// a partial that does not exist is an upload-time error; in lenient mode it
// renders as nothing, as the Mustache spec asks.
bool resolve(detail::Compiled& compiled, const Unit& unit, std::vector<Node>& nodes, Error* error) {
  for (Node& n : nodes) {
    if ((n.kind == NodeKind::partial || n.kind == NodeKind::parent) && !n.dynamic) {
      auto it = compiled.partials.find(n.name);
      if (it != compiled.partials.end()) {
        n.target = it->second.get();
      } else if (compiled.strict) {
        std::string_view tag = std::string_view(unit.source).substr(n.offset, n.tag_end - n.offset);
        detail::syntax_error(unit.source, unit.first_line, n.offset, tag,
                             "no partial named '" + n.name + "'" +
                                 (unit.name.empty() ? "" : " (in partial '" + unit.name + "')"),
                             error);
        return false;
      }
    }
    if (n.kind == NodeKind::parent)
      for (const Node& argument : n.body) n.arguments.push_back(&argument);
    if (!resolve(compiled, unit, n.body, error) || !resolve(compiled, unit, n.inverse, error)) return false;
  }
  return true;
}

nlohmann::json field_json(const Field& field) {
  nlohmann::json children = nlohmann::json::array();
  for (const Field& child : field.children) children.push_back(field_json(child));
  return {{"name", field.name}, {"path", field.path}, {"list", field.list}, {"children", std::move(children)}};
}

// Compiled templates keyed by everything that shapes them. Bounded by entry
// count and by the bytes of source held, least recently used first out.
class TemplateCache {
 public:
  std::shared_ptr<const Template> get(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);
    return it->second->second;
  }

  void put(const std::string& key, std::shared_ptr<const Template> compiled) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (index_.count(key)) return;
    entries_.emplace_front(key, std::move(compiled));
    index_[key] = entries_.begin();
    bytes_ += key.size();
    while (entries_.size() > kMaxEntries || (bytes_ > kMaxBytes && entries_.size() > 1)) {
      bytes_ -= entries_.back().first.size();
      index_.erase(entries_.back().first);
      entries_.pop_back();
    }
  }

 private:
  static constexpr std::size_t kMaxEntries = 512;
  static constexpr std::size_t kMaxBytes = 64u << 20;
  std::mutex mutex_;
  std::list<std::pair<std::string, std::shared_ptr<const Template>>> entries_;
  std::unordered_map<std::string, decltype(entries_)::iterator> index_;
  std::size_t bytes_ = 0;
};

void append_sized(std::string& key, std::string_view part) {
  key += std::to_string(part.size());
  key += ':';
  key += part;
}

std::string cache_key(std::string_view source, const CompileOptions& options) {
  std::string key;
  key += static_cast<char>('0' + static_cast<int>(options.escape));
  key += options.strict ? 's' : 'l';
  key += std::to_string(options.first_line);
  key += '|';
  for (const auto& [name, text] : options.partials) {
    append_sized(key, name);
    append_sized(key, text);
  }
  key += '|';
  key += source;
  return key;
}

}  // namespace

Template::Template(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Template::~Template() = default;

std::shared_ptr<const Template> Template::compile(std::string_view source, const CompileOptions& options,
                                                  Error* error) {
  auto impl = std::make_unique<Impl>();
  detail::Compiled& compiled = impl->compiled;
  compiled.strict = options.strict;
  compiled.main.source = std::string(source);
  compiled.main.first_line = options.first_line;
  if (!detail::parse_unit(&compiled.main, options.escape, error)) return nullptr;
  for (const auto& [name, text] : options.partials) {
    auto unit = std::make_unique<Unit>();
    unit->name = name;
    unit->source = text;
    if (!detail::parse_unit(unit.get(), options.escape, error)) {
      if (error) error->message = "in partial '" + name + "': " + error->message;
      return nullptr;
    }
    compiled.partials.emplace(name, std::move(unit));
  }
  if (!resolve(compiled, compiled.main, compiled.main.nodes, error)) return nullptr;
  for (auto& [name, unit] : compiled.partials)
    if (!resolve(compiled, *unit, unit->nodes, error)) return nullptr;
  compiled.fields = detail::discover_fields(compiled);
  return std::make_shared<const Template>(std::move(impl));
}

bool Template::render(const nlohmann::json& data, const RenderOptions& options, std::string* out,
                      Error* error) const {
  return detail::render_compiled(impl_->compiled, data, options, out, error);
}

const std::vector<Field>& Template::fields() const { return impl_->compiled.fields; }

nlohmann::json Template::fields_json() const {
  nlohmann::json out = nlohmann::json::array();
  for (const Field& field : impl_->compiled.fields) out.push_back(field_json(field));
  return out;
}

std::shared_ptr<const Template> compile_cached(std::string_view source, const CompileOptions& options,
                                               Error* error) {
  static TemplateCache cache;
  std::string key = cache_key(source, options);
  if (auto hit = cache.get(key)) return hit;
  auto compiled = Template::compile(source, options, error);
  if (compiled) cache.put(key, compiled);
  return compiled;
}

std::vector<std::string> helper_names() {
  std::vector<std::string> names = {"if", "unless", "each", "with"};
  for (const auto& helper : detail::all_helpers()) names.emplace_back(helper.name);
  return names;
}

}  // namespace s2d::tmpl
