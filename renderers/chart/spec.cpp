// The chart spec: YAML (core's YAML->JSON) checked key by key, then the data
// rows it names read into series. Every failure names the chart, the spec
// key and, for data problems, the data path.
#include "renderers/chart/spec.hpp"

#include "core/yaml_json.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <set>

namespace s2d::chart {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTextBytes = 500;
constexpr double kMaxMagnitude = 1e15;  // beyond this a double no longer holds whole cents
constexpr int kMaxSpecDepth = 8;

const std::set<std::string, std::less<>>& known_keys() {
  static const std::set<std::string, std::less<>> keys = {
      "type", "stacked", "title", "data", "x", "y", "series", "format",
      "width", "height", "legend", "labels", "x_title", "y_title"};
  return keys;
}

// Template values arrive Markdown-escaped (the merge cannot know it writes
// into a fenced block): backslash escapes and the character references the
// escaper writes for leading blanks are undone here.
std::string unescape_markdown(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && std::ispunct(static_cast<unsigned char>(text[i + 1]))) {
      out += text[++i];
    } else if (text.compare(i, 5, "&#32;") == 0) {
      out += ' ';
      i += 4;
    } else if (text.compare(i, 4, "&#9;") == 0) {
      out += '\t';
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

bool read_double(std::string_view text, double* value) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  auto result = std::from_chars(text.data(), text.data() + text.size(), *value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size() && std::isfinite(*value);
}

constexpr const char* kTextKeys[] = {"title", "x_title", "y_title"};

// A text option takes the rest of its line as it is: a merged value may hold
// ": ", quotes or " #" that YAML would read as syntax (Markdown output leaves
// a '#' inside a line unescaped), so a title line carries no comment. Such
// lines are rewritten as one JSON (so YAML) string, Markdown escapes undone.
// Line numbers stay as they were.
std::string quote_text_lines(std::string_view text) {
  std::string out;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(start, end - start);
    start = end + 1;
    std::string line(row);
    for (const char* key : kTextKeys) {
      const std::string_view name(key);
      if (row.size() <= name.size() || row.compare(0, name.size(), name) != 0 || row[name.size()] != ':') continue;
      std::string_view value = row.substr(name.size() + 1);
      std::string plain = trim(value);
      if (plain.size() >= 2 && (plain.front() == '"' || plain.front() == '\'') && plain.back() == plain.front())
        plain = plain.substr(1, plain.size() - 2);
      line = std::string(name) + ": " + json(unescape_markdown(plain)).dump(-1, ' ', false, json::error_handler_t::replace);
    }
    out += line;
    out += '\n';
  }
  return out;
}

// YAML parsing (yaml-cpp) costs more than drawing a chart's XML, and a
// batch renders the same spec again and again: specs read once are kept,
// a bounded number, least recently used first out. Thread-safe.
class SpecCache {
 public:
  std::shared_ptr<const json> find(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = entries_.find(text);
    if (found == entries_.end()) return nullptr;
    order_.splice(order_.begin(), order_, found->second.second);
    return found->second.first;
  }

  void keep(const std::string& text, std::shared_ptr<const json> spec) {
    if (text.size() > kMaxKeptText) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (entries_.count(text)) return;
    order_.push_front(text);
    entries_.emplace(text, std::make_pair(std::move(spec), order_.begin()));
    if (entries_.size() > kMaxEntries) {
      entries_.erase(order_.back());
      order_.pop_back();
    }
  }

 private:
  static constexpr std::size_t kMaxEntries = 256, kMaxKeptText = 16 * 1024;
  std::mutex mutex_;
  std::list<std::string> order_;
  std::map<std::string, std::pair<std::shared_ptr<const json>, std::list<std::string>::iterator>> entries_;
};

SpecCache& spec_cache() {
  static SpecCache cache;
  return cache;
}

// Reads the spec of one chart; `fail` records the first problem.
class SpecReader {
 public:
  SpecReader(const SpecInput& input, const json& data, Chart* chart, SpecError* error)
      : input_(input), data_(data), chart_(*chart), error_(*error) {}

  bool read() {
    error_.chart = "chart " + std::to_string(input_.ordinal);
    const std::string text = quote_text_lines(input_.text);
    std::shared_ptr<const json> spec = spec_cache().find(text);
    if (!spec) {
      auto parsed = std::make_shared<json>();
      YamlError yaml_error;
      if (!yaml_to_json(text, parsed.get(), &yaml_error, kMaxSpecDepth)) {
        error_.message = "chart spec is not valid YAML: " + yaml_error.message;
        error_.line = input_.first_line + std::max(0, yaml_error.line - 1);
        error_.column = yaml_error.column;
        error_.field.clear();
        return false;
      }
      spec = std::move(parsed);
      spec_cache().keep(text, spec);
    }
    if (!spec->is_object()) return fail("", "a chart spec is a YAML mapping of keys such as type, data, x and y");
    spec_ = spec.get();
    if (spec_->contains("title") && !read_text("title", &chart_.title)) return false;
    if (!chart_.title.empty()) error_.chart = chart_.title;
    for (const auto& entry : spec_->items())
      if (!known_keys().count(entry.key())) return fail(entry.key(), "unknown chart option '" + entry.key() + "'");
    chart_.locale = input_.locale;
    return read_type() && read_stacked() && read_text("x_title", &chart_.x_title) &&
           read_text("y_title", &chart_.y_title) && read_format() && read_size() && read_legend() &&
           read_labels() && read_series_fields() && read_rows() && check_values();
  }

 private:
  bool fail(const std::string& field, std::string message, std::string placeholder = {},
            std::string code = "invalid_chart") {
    error_.code = std::move(code);
    error_.field = field;
    error_.placeholder = std::move(placeholder);
    error_.message = error_.chart + ": " + message;
    locate(field);
    return false;
  }

  // The line of a top-level key in the block (its first line when unknown).
  void locate(const std::string& field) {
    error_.line = input_.first_line;
    error_.column = 1;
    if (field.empty()) return;
    std::size_t line = 0, start = 0;
    const std::string_view text = input_.text;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view row = text.substr(start, end - start);
      if (row.size() > field.size() && row.compare(0, field.size(), field) == 0 &&
          (row[field.size()] == ':' || row[field.size()] == ' ')) {
        error_.line = input_.first_line + static_cast<int>(line);
        return;
      }
      ++line;
      start = end + 1;
    }
  }

  const json* option(const char* key) const {
    auto found = spec_->find(key);
    return found == spec_->end() || found->is_null() ? nullptr : &*found;
  }

  bool read_text(const char* key, std::string* out) {
    const json* value = option(key);
    if (!value) return true;
    if (value->is_string()) {
      *out = value->get<std::string>();  // unescaped by quote_text_lines
    } else if (value->is_number() || value->is_boolean()) {
      *out = value->dump();
    } else {
      return fail(key, std::string("'") + key + "' must be text");
    }
    if (out->size() > kMaxTextBytes) return fail(key, std::string("'") + key + "' is longer than 500 bytes");
    return true;
  }

  bool read_word(const char* key, std::string* out) {
    const json* value = option(key);
    if (!value) return true;
    if (!value->is_string()) return fail(key, std::string("'") + key + "' must be one of the words listed for it");
    *out = lower(trim(unescape_markdown(value->get_ref<const std::string&>())));
    return true;
  }

  bool read_type() {
    std::string type = "column";
    if (!read_word("type", &type)) return false;
    static const std::pair<const char*, Type> types[] = {
        {"column", Type::column}, {"bar", Type::bar},   {"line", Type::line},       {"area", Type::area},
        {"pie", Type::pie},       {"doughnut", Type::doughnut}, {"scatter", Type::scatter}};
    for (const auto& [name, value] : types)
      if (type == name) {
        chart_.type = value;
        return true;
      }
    return fail("type", "unknown chart type '" + type + "'; use column, bar, line, area, pie, doughnut or scatter");
  }

  bool read_flag(const char* key, bool* out) {
    const json* value = option(key);
    if (!value) return true;
    if (!value->is_boolean()) return fail(key, std::string("'") + key + "' must be true or false");
    *out = value->get<bool>();
    return true;
  }

  bool read_stacked() {
    if (!read_flag("stacked", &chart_.stacked)) return false;
    if (chart_.stacked && chart_.type != Type::column && chart_.type != Type::bar && chart_.type != Type::area)
      return fail("stacked", "'stacked' applies to column, bar and area charts only");
    return true;
  }

  bool read_labels() { return read_flag("labels", &chart_.labels); }

  // "number", "number 1", "currency EUR", "currency EUR 0", "percent", "percent 1".
  bool read_format() {
    std::string text;
    if (!read_word("format", &text)) return false;
    if (text.empty()) return true;
    std::vector<std::string> words;
    for (std::size_t at = 0; at < text.size();) {
      std::size_t end = text.find(' ', at);
      if (end == std::string::npos) end = text.size();
      if (end > at) words.push_back(text.substr(at, end - at));
      at = end + 1;
    }
    ValueFormat& format = chart_.format;
    std::size_t next = 1;
    if (words[0] == "number") {
      format.kind = ValueFormat::Kind::number;
    } else if (words[0] == "percent") {
      format.kind = ValueFormat::Kind::percent;
    } else if (words[0] == "currency") {
      format.kind = ValueFormat::Kind::currency;
      if (words.size() < 2 || words[1].size() != 3 ||
          !std::all_of(words[1].begin(), words[1].end(), [](unsigned char c) { return std::isalpha(c); }))
        return fail("format", "'format: currency' needs an ISO 4217 code, e.g. 'currency EUR'");
      for (char c : words[1]) format.currency += char(std::toupper(static_cast<unsigned char>(c)));
      next = 2;
    } else {
      return fail("format", "unknown format '" + words[0] + "'; use number, currency CODE or percent");
    }
    if (words.size() > next + 1) return fail("format", "'format' has too many words");
    if (words.size() == next + 1) {
      const std::string& digits = words[next];
      if (digits.size() != 1 || !std::isdigit(static_cast<unsigned char>(digits[0])))
        return fail("format", "the decimals of 'format' must be a digit 0-9");
      format.decimals = digits[0] - '0';
    }
    return true;
  }

  // "100%", "120mm", 120 (mm); heights also "16:9" (width:height).
  bool read_length(const char* key, bool allow_percent, bool allow_ratio) {
    const json* value = option(key);
    if (!value) return true;
    const bool is_width = std::string_view(key) == "width";
    std::string text = value->is_number() ? value->dump() + "mm" : value->is_string() ? trim(value->get<std::string>()) : "";
    double number = 0;
    if (allow_percent && text.size() > 1 && text.back() == '%' && read_double(text.substr(0, text.size() - 1), &number)) {
      if (number < 10 || number > 100) return fail(key, "'width' in percent must be between 10% and 100%");
      chart_.width_percent = number;
      return true;
    }
    if (text.size() > 2 && text.compare(text.size() - 2, 2, "mm") == 0 &&
        read_double(text.substr(0, text.size() - 2), &number)) {
      if (number < 10 || number > 1000) return fail(key, std::string("'") + key + "' must be between 10mm and 1000mm");
      (is_width ? chart_.width_mm : chart_.height_mm) = number;
      return true;
    }
    const auto colon = text.find(':');
    double w = 0, h = 0;
    if (allow_ratio && colon != std::string::npos && read_double(text.substr(0, colon), &w) &&
        read_double(text.substr(colon + 1), &h) && w > 0 && h > 0) {
      if (h / w < 0.1 || h / w > 3) return fail(key, "the aspect ratio of 'height' must be between 10:1 and 1:3");
      chart_.aspect = h / w;
      return true;
    }
    return fail(key, is_width ? "'width' must be a percentage (80%) or millimetres (120mm)"
                              : "'height' must be millimetres (70mm) or a width:height ratio (16:9)");
  }

  bool read_size() { return read_length("width", true, false) && read_length("height", false, true); }

  bool read_legend() {
    std::string legend;
    if (!read_word("legend", &legend)) return false;
    if (legend.empty()) {
      chart_.legend = chart_.round() ? Legend::right : Legend::bottom;
      return true;
    }
    static const std::pair<const char*, Legend> positions[] = {
        {"top", Legend::top}, {"bottom", Legend::bottom}, {"right", Legend::right}, {"none", Legend::none}};
    for (const auto& [name, value] : positions)
      if (legend == name) {
        chart_.legend = value;
        return true;
      }
    return fail("legend", "unknown legend position '" + legend + "'; use top, bottom, right or none");
  }

  bool read_field_name(const json& value, const char* key, std::string* out) {
    if (!value.is_string() || trim(value.get<std::string>()).empty())
      return fail(key, std::string("'") + key + "' must name a field of the data rows");
    *out = unescape_markdown(trim(value.get<std::string>()));
    return true;
  }

  bool read_color(const json& value, std::string* out) {
    if (!value.is_string()) return fail("series", "a series' color must be \"#rrggbb\"");
    std::string color = unescape_markdown(trim(value.get<std::string>()));
    if (color.size() != 7 || color[0] != '#' ||
        !std::all_of(color.begin() + 1, color.end(), [](unsigned char c) { return std::isxdigit(c); }))
      return fail("series", "a series' color must be \"#rrggbb\", not '" + color + "'");
    *out = lower(color);
    return true;
  }

  bool read_series_fields() {
    const json* x = option("x");
    if (!x) return fail("x", "'x' is missing: name the field that holds the categories");
    if (!read_field_name(*x, "x", &chart_.x_field)) return false;
    const json* y = option("y");
    const json* series = option("series");
    if (y && series) return fail("series", "give either 'y' or 'series', not both");
    if (y) {
      const json list = y->is_array() ? *y : json::array({*y});
      for (const auto& field : list) {
        Series entry;
        if (!read_field_name(field, "y", &entry.field)) return false;
        entry.name = entry.field;
        chart_.series.push_back(std::move(entry));
      }
    } else if (series) {
      if (!series->is_array()) return fail("series", "'series' must be a list of {field, name, color}");
      for (const auto& item : *series) {
        Series entry;
        if (item.is_string()) {
          if (!read_field_name(item, "series", &entry.field)) return false;
        } else if (item.is_object()) {
          for (const auto& part : item.items())
            if (part.key() != "field" && part.key() != "name" && part.key() != "color")
              return fail("series", "unknown series option '" + part.key() + "'; use field, name and color");
          if (!item.contains("field") || !read_field_name(item["field"], "series", &entry.field)) return false;
          if (item.contains("name") && !item["name"].is_null()) {
            const json& name = item["name"];
            entry.name = name.is_string() ? unescape_markdown(name.get<std::string>()) : name.dump();
          }
          if (item.contains("color") && !item["color"].is_null() && !read_color(item["color"], &entry.color))
            return false;
        } else {
          return fail("series", "'series' must be a list of {field, name, color}");
        }
        if (entry.name.empty()) entry.name = entry.field;
        chart_.series.push_back(std::move(entry));
      }
    }
    if (chart_.series.empty()) return fail(series ? "series" : "y", "no series: give 'y' (a field or a list) or 'series'");
    if (chart_.series.size() > kMaxSeries) return fail(y ? "y" : "series", "more than 24 series");
    if (chart_.round() && chart_.series.size() != 1)
      return fail(y ? "y" : "series", "a pie or doughnut chart shows exactly one series");
    return true;
  }

  // The rows: a data path, or a list written in the spec itself.
  bool rows(const json** out) {
    const json* data = option("data");
    if (!data) return fail("data", "'data' is missing: name the list of rows in the data, e.g. 'data: quarters'");
    if (data->is_array()) {
      *out = data;
      path_ = "data";
      return true;
    }
    if (!data->is_string()) return fail("data", "'data' must be a path into the data (quarters) or a list of rows");
    path_ = unescape_markdown(trim(data->get<std::string>()));
    const json* found = find_path(data_, path_);
    if (!found || found->is_null()) {
      if (input_.strict) return fail("data", "the data has no '" + path_ + "'", path_, "missing_required_field");
      static const json empty = json::array();
      *out = &empty;
      return true;
    }
    if (!found->is_array()) return fail("data", "'" + path_ + "' is not a list of rows", path_);
    *out = found;
    return true;
  }

  bool read_rows() {
    const json* list = nullptr;
    if (!rows(&list)) return false;
    if (list->empty()) return fail("data", "'" + path_ + "' has no rows", path_);
    if (list->size() > kMaxRows) return fail("data", "'" + path_ + "' has more than 10000 rows", path_);
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& row = (*list)[i];
      const std::string where = path_ + "[" + std::to_string(i) + "]";
      if (!row.is_object()) return fail("data", "row " + where + " is not an object", where);
      if (!read_category(row, where)) return false;
      for (auto& series : chart_.series) {
        std::optional<double> value;
        if (!read_value(row, series.field, where, &value)) return false;
        series.values.push_back(value);
      }
    }
    return true;
  }

  bool read_category(const json& row, const std::string& where) {
    const std::string placeholder = where + "." + chart_.x_field;
    auto found = row.find(chart_.x_field);
    const bool missing = found == row.end() || found->is_null();
    if (missing && input_.strict)
      return fail("x", "the data has no '" + placeholder + "'", placeholder, "missing_required_field");
    if (chart_.type == Type::scatter) {
      double x = 0;
      if (missing) return fail("x", "a scatter chart needs a number in every row's '" + chart_.x_field + "'", placeholder);
      if (!number_of(*found, &x)) return fail("x", "'" + placeholder + "' is not a number", placeholder);
      if (std::fabs(x) > kMaxMagnitude) return fail("x", "'" + placeholder + "' is out of range", placeholder);
      chart_.x_values.push_back(x);
      chart_.categories.push_back(found->dump());
      return true;
    }
    std::string text;
    if (!missing) {
      if (found->is_string()) {
        text = found->get<std::string>();
      } else if (found->is_number() || found->is_boolean()) {
        text = found->dump();
      } else {
        return fail("x", "'" + placeholder + "' is not text or a number", placeholder);
      }
    }
    if (text.size() > kMaxTextBytes) return fail("x", "'" + placeholder + "' is longer than 500 bytes", placeholder);
    chart_.categories.push_back(std::move(text));
    return true;
  }

  static bool number_of(const json& value, double* out) {
    if (value.is_number()) {
      *out = value.get<double>();
      return std::isfinite(*out);
    }
    return value.is_string() && read_double(value.get_ref<const std::string&>(), out);
  }

  bool read_value(const json& row, const std::string& field, const std::string& where, std::optional<double>* out) {
    const std::string placeholder = where + "." + field;
    const char* key = option("y") ? "y" : "series";
    auto found = row.find(field);
    if (found == row.end()) {
      if (input_.strict) return fail(key, "the data has no '" + placeholder + "'", placeholder, "missing_required_field");
      return true;
    }
    if (found->is_null()) return true;  // a gap, as in a spreadsheet
    double value = 0;
    if (!number_of(*found, &value)) return fail(key, "'" + placeholder + "' is not a number: " + found->dump().substr(0, 60), placeholder);
    if (std::fabs(value) > kMaxMagnitude) return fail(key, "'" + placeholder + "' is out of range", placeholder);
    *out = value;
    return true;
  }

  bool check_values() {
    const char* key = option("y") ? "y" : "series";
    for (const auto& series : chart_.series) {
      if (std::none_of(series.values.begin(), series.values.end(), [](const auto& v) { return v.has_value(); }))
        return fail(key, "series '" + series.name + "' has no values");
      if (chart_.round())
        for (std::size_t i = 0; i < series.values.size(); ++i)
          if (series.values[i] && *series.values[i] < 0)
            return fail(key, "a pie or doughnut cannot show the negative value of '" + chart_.categories[i] + "'",
                        path_ + "[" + std::to_string(i) + "]." + series.field);
    }
    return true;
  }

  const SpecInput& input_;
  const json& data_;
  Chart& chart_;
  SpecError& error_;
  const json* spec_ = nullptr;
  std::string path_;
};

}  // namespace

const nlohmann::json* find_path(const nlohmann::json& data, std::string_view path) {
  const json* at = &data;
  std::size_t i = 0;
  if (path.empty()) return nullptr;
  while (i < path.size()) {
    std::string segment;
    if (path[i] == '[') {
      const auto close = path.find(']', i);
      if (close == std::string_view::npos) return nullptr;
      segment = std::string(path.substr(i + 1, close - i - 1));
      i = close + 1;
      if (i < path.size() && path[i] == '.') ++i;
    } else {
      const auto end = path.find_first_of(".[", i);
      segment = std::string(path.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
      i = end == std::string_view::npos ? path.size() : end;
      if (i < path.size() && path[i] == '.') ++i;
    }
    if (segment.empty()) return nullptr;
    if (at->is_object()) {
      auto found = at->find(segment);
      if (found == at->end()) return nullptr;
      at = &*found;
    } else if (at->is_array()) {
      std::size_t index = 0;
      auto result = std::from_chars(segment.data(), segment.data() + segment.size(), index);
      if (result.ec != std::errc() || result.ptr != segment.data() + segment.size() || index >= at->size())
        return nullptr;
      at = &(*at)[index];
    } else {
      return nullptr;
    }
  }
  return at;
}

bool parse_chart(const SpecInput& input, const nlohmann::json& data, Chart* chart, SpecError* error) {
  *chart = Chart();
  *error = SpecError();
  return SpecReader(input, data, chart, error).read();
}

}  // namespace s2d::chart
