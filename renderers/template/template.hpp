#pragma once
// The template language: Mustache (spec-conformant) with Handlebars blocks,
// paths and helpers, locale-aware formatting through ICU, and output-aware
// escaping. A template compiles once into an immutable AST that any number
// of threads may render at the same time. Reference: docs/templates/language.md.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace s2d::tmpl {

// How interpolated values are escaped, chosen by the document the output lands in.
enum class Escape { html, markdown, xml, none };

struct Limits {
  int max_depth = 64;                          // nested blocks, partials and subexpressions
  std::size_t max_output_bytes = 64u << 20;    // merged text
  std::size_t max_iterations = 1'000'000;      // loop iterations plus partial expansions
};

struct Error {               // code: template_syntax_error | missing_required_field | limit_exceeded | helper_error
  std::string code, message, placeholder, tag;   // placeholder = full data path (items[3].price)
  int line = 0, column = 0;                      // 1-based, in the template source
};

struct Field {               // field discovery: what data the template reads
  std::string name;          // last path segment, e.g. "price"
  std::string path;          // full path from the root, loops as [] : "items[].price"
  bool list = false;         // iterated by #each / a section
  std::vector<Field> children;  // fields read inside the loop/with block, relative to it
};

struct CompileOptions {
  Escape escape = Escape::html;
  bool strict = true;                                // missing interpolated field -> error
  std::map<std::string, std::string> partials;       // name -> source
  int first_line = 1;                                // line number of the source's first line (front matter offset)
};

struct RenderOptions {
  std::string locale = "en-US";
  std::string timezone = "UTC";
  Limits limits;
};

class Template {
 public:
  struct Impl;

  // nullptr + *error on a syntax error.
  static std::shared_ptr<const Template> compile(std::string_view source, const CompileOptions& options,
                                                 Error* error);
  // false + *error on failure; thread-safe: many threads may render one Template at once.
  bool render(const nlohmann::json& data, const RenderOptions& options, std::string* out, Error* error) const;
  const std::vector<Field>& fields() const;
  nlohmann::json fields_json() const;   // [{"name","path","list","children":[...]}]

  explicit Template(std::unique_ptr<Impl> impl);
  ~Template();
  Template(const Template&) = delete;
  Template& operator=(const Template&) = delete;

 private:
  std::unique_ptr<Impl> impl_;
};

// Compiles once per (source, options) and shares the result; bounded LRU, thread-safe.
std::shared_ptr<const Template> compile_cached(std::string_view source, const CompileOptions& options,
                                               Error* error);

// The helper names the language knows (for editors and the API's template checks).
std::vector<std::string> helper_names();

}  // namespace s2d::tmpl
