#include "renderers/office_template/charts.hpp"

#include "renderers/chart/model.hpp"
#include "renderers/chart/spec.hpp"
#include "renderers/ooxml/chart_part.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>

namespace s2d::office_template::charts {
namespace {

using nlohmann::json;

bool is_chart_part(const std::string& name, const std::string& folder) {
  const std::string prefix = folder + "charts/";
  return name.rfind(prefix, 0) == 0 && name.find('/', prefix.size()) == std::string::npos && name.size() > 4 &&
         name.compare(name.size() - 4, 4, ".xml") == 0;
}

pugi::xml_node first_named(pugi::xml_node root, std::string_view name) {
  pugi::xml_node found;
  each_element(root, [&](pugi::xml_node node) {
    if (!found && named(node, name)) found = node;
  });
  return found;
}

std::vector<pugi::xml_node> all_named(pugi::xml_node root, std::string_view name) {
  std::vector<pugi::xml_node> out;
  each_element(root, [&](pugi::xml_node node) {
    if (named(node, name)) out.push_back(node);
  });
  return out;
}

// A series' name as its cache holds it (c:tx/c:strRef/c:strCache/c:pt/c:v, or c:tx/c:v).
pugi::xml_node series_name_value(pugi::xml_node series) {
  auto tx = series.child("c:tx");
  if (auto cached = tx.child("c:strRef").child("c:strCache").child("c:pt").child("c:v")) return cached;
  return tx.child("c:v");
}

// ---- prepare ------------------------------------------------------------------

class ChartPreparer {
 public:
  ChartPreparer(const std::string& name, PreparedChart* out) : name_(name), out_(out) {}

  bool run(pugi::xml_document& document, bool* has_tags, Error* error) {
    auto chart = document.child("c:chartSpace").child("c:chart");
    for (auto title : all_named(document, "c:title"))
      if (!scan_title(title, title == chart.child("c:title"), error)) return false;
    if (!scan_first_series(chart.child("c:plotArea"), error)) return false;
    *has_tags = found_tags_;
    return true;
  }

 private:
  const std::string& name_;
  PreparedChart* out_;
  int paragraph_ = 0;
  bool found_tags_ = false;

  PartSource& source() { return out_->part.source; }

  bool scan_title(pugi::xml_node title, bool chart_title, Error* error) {
    for (auto paragraph : all_named(title, "a:p")) {
      Where where{name_, ++paragraph_, "", 0, ""};
      ParagraphText text;
      if (!scan_paragraph(paragraph, {"a:p", "a:t"}, &source(), where, &text, error)) return false;
      for (const auto& found : text.tags) {
        found_tags_ = true;
        const Tag& tag = source().tag(found.tag);
        if (tag.kind == Tag::Kind::chart) {
          if (!chart_title) return *error = fail(found.tag, "{{chart ...}} goes in the chart's own title, not an axis title"), false;
          if (!take_chart_tag(found.tag, true, error)) return false;
          source().set_piece_text(found.piece, "");
        } else if (tag.kind == Tag::Kind::image || tag.kind == Tag::Kind::markdown || tag.kind == Tag::Kind::pagebreak) {
          return *error = fail(found.tag, tag.written + " is not available in a chart's title"), false;
        }
      }
    }
    return true;
  }

  // The first series' name may be the chart tag (where PowerPoint's "Edit
  // data" puts the header the author typed).
  bool scan_first_series(pugi::xml_node plot_area, Error* error) {
    auto value = series_name_value(first_named(plot_area, "c:ser"));
    if (!value) return true;
    const std::string written = straighten(value.text().get());
    const auto begin = written.find_first_not_of(" \t"), end = written.find_last_not_of(" \t");
    if (begin == std::string::npos || written.compare(begin, 2, "{{") != 0 || written.compare(end - 1, 2, "}}") != 0)
      return true;
    Tag tag;
    std::string problem;
    if (!classify_tag(written.substr(begin, end - begin + 1), &tag, &problem) || tag.kind != Tag::Kind::chart) return true;
    found_tags_ = true;
    const int index = source().add_tag(tag, Where{name_, 0, "", 0, "first series name"});
    if (!take_chart_tag(index, false, error)) return false;
    value.text().set("");
    return true;
  }

  bool take_chart_tag(int tag, bool in_title, Error* error) {
    if (!out_->data_path.empty()) return *error = fail(tag, "a chart takes its data from one {{chart ...}} tag"), false;
    out_->data_path = source().tag(tag).expression;
    out_->tag = tag;
    out_->in_title = in_title;
    return true;
  }

  Error fail(int tag, const std::string& message) { return source().error_at(tag, "template_invalid", message); }
};

// ---- the data -----------------------------------------------------------------

struct SeriesData {
  std::string name;
  std::vector<std::optional<double>> values;
};

struct ChartData {
  std::vector<std::string> labels;
  std::vector<SeriesData> series;
};

std::string number_text(double value) {
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

class RowsReader {
 public:
  RowsReader(const PreparedChart& chart, std::vector<std::string> template_names)
      : chart_(chart), template_names_(std::move(template_names)) {}

  bool read(const json& data, ChartData* out, Error* error) {
    const std::string& path = chart_.data_path;
    const json* rows = chart::find_path(data, path);
    if (!rows) return fail("missing_required_field", "missing required field '" + path + "'", path, error);
    if (!rows->is_array()) return fail("invalid_chart", "'" + path + "' is not a list of rows", path, error);
    if (rows->size() > chart::kMaxRows)
      return fail("limit_exceeded", "'" + path + "' has more than 10000 rows", path, error);
    bool positional = false;
    for (const auto& row : *rows) positional = positional || (row.is_object() && row.contains("values"));
    for (std::size_t i = 0; i < rows->size(); ++i) {
      const json& row = (*rows)[i];
      const std::string where = path + "[" + std::to_string(i) + "]";
      if (!row.is_object()) return fail("invalid_chart", "'" + where + "' is not an object with a label", where, error);
      auto label = row.find("label");
      if (label == row.end()) return fail("missing_required_field", "missing required field '" + where + ".label'", where + ".label", error);
      out->labels.push_back(label->is_string() ? label->get<std::string>() : label->dump());
    }
    return (positional ? read_positional(*rows, out, error) : read_named(*rows, out, error)) && check_series(*out, error);
  }

 private:
  const PreparedChart& chart_;
  std::vector<std::string> template_names_;

  bool fail(const char* code, const std::string& message, const std::string& placeholder, Error* error) const {
    *error = chart_.part.source.error_at(chart_.tag, code, message);
    error->placeholder = placeholder;
    return false;
  }

  bool value_of(const json& value, const std::string& where, std::optional<double>* out, Error* error) const {
    if (value.is_null()) return true;
    if (value.is_number()) {
      *out = value.get<double>();
      return true;
    }
    if (value.is_string()) {
      const std::string& text = value.get_ref<const std::string&>();
      char* end = nullptr;
      const double number = std::strtod(text.c_str(), &end);
      if (!text.empty() && end == text.c_str() + text.size() && std::isfinite(number)) {
        *out = number;
        return true;
      }
    }
    return fail("invalid_chart", "'" + where + "' is not a number", where, error);
  }

  // [{label, values: [n, ...]}]: series by position, named as in the template.
  bool read_positional(const json& rows, ChartData* out, Error* error) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto values = rows[i].find("values");
      const std::string where = chart_.data_path + "[" + std::to_string(i) + "].values";
      if (values == rows[i].end()) return fail("missing_required_field", "missing required field '" + where + "'", where, error);
      if (!values->is_array()) return fail("invalid_chart", "'" + where + "' is not a list of numbers", where, error);
      count = std::max(count, values->size());
      if (count > chart::kMaxSeries) break;
    }
    if (count > chart::kMaxSeries) return check_series_count(count, error);
    out->series.resize(count);
    for (std::size_t k = 0; k < count; ++k) {
      const bool named = k < template_names_.size() && !template_names_[k].empty();
      out->series[k].name = named ? template_names_[k] : "Series " + std::to_string(k + 1);
      out->series[k].values.resize(rows.size());
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const json& values = rows[i]["values"];
      for (std::size_t k = 0; k < values.size(); ++k)
        if (!value_of(values[k], chart_.data_path + "[" + std::to_string(i) + "].values[" + std::to_string(k) + "]",
                      &out->series[k].values[i], error))
          return false;
    }
    return true;
  }

  // [{label, revenue: n, target: n}]: one series per number field, the
  // template's series names first (in its order), then the others by name.
  bool read_named(const json& rows, ChartData* out, Error* error) {
    std::set<std::string> fields;
    for (const auto& row : rows)
      for (auto it = row.begin(); it != row.end(); ++it)
        if (it.key() != "label" && (it.value().is_number() || it.value().is_null() || it.value().is_string()))
          fields.insert(it.key());
    std::vector<std::string> order;
    for (const auto& name : template_names_)
      if (fields.count(name) && std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
    for (const auto& field : fields)
      if (std::find(order.begin(), order.end(), field) == order.end()) order.push_back(field);
    if (order.size() > chart::kMaxSeries) return check_series_count(order.size(), error);
    for (const auto& field : order) {
      SeriesData series{field, std::vector<std::optional<double>>(rows.size())};
      for (std::size_t i = 0; i < rows.size(); ++i) {
        auto value = rows[i].find(field);
        if (value != rows[i].end() &&
            !value_of(*value, chart_.data_path + "[" + std::to_string(i) + "]." + field, &series.values[i], error))
          return false;
      }
      out->series.push_back(std::move(series));
    }
    return true;
  }

  bool check_series_count(std::size_t count, Error* error) const {
    return fail("invalid_chart", "'" + chart_.data_path + "' gives " + std::to_string(count) +
                                     " series; a chart holds at most 24", chart_.data_path, error);
  }

  bool check_series(const ChartData& data, Error* error) const {
    if (!data.series.empty() || data.labels.empty()) return true;
    return fail("invalid_chart", "the rows of '" + chart_.data_path + "' have no numbers: give each row 'values' or "
                                 "number fields beside its 'label'", chart_.data_path, error);
  }
};

// ---- the chart part -------------------------------------------------------------

std::string column_of(std::size_t series) { return std::string(1, static_cast<char>('B' + series)); }

std::string range(const std::string& column, std::size_t rows) {
  return "Sheet1!$" + column + "$2:$" + column + "$" + std::to_string(rows < 1 ? 2 : rows + 1);
}

// Replaces the children of `holder` with a reference and its cache.
void write_strings(pugi::xml_node holder, const std::string& formula, const std::vector<std::string>& texts) {
  while (holder.first_child()) holder.remove_child(holder.first_child());
  auto ref = holder.append_child("c:strRef");
  ref.append_child("c:f").text().set(formula.c_str());
  auto cache = ref.append_child("c:strCache");
  cache.append_child("c:ptCount").append_attribute("val") = static_cast<unsigned>(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto point = cache.append_child("c:pt");
    point.append_attribute("idx") = static_cast<unsigned>(i);
    point.append_child("c:v").text().set(texts[i].c_str());
  }
}

void write_numbers(pugi::xml_node holder, const std::string& formula, const std::vector<std::optional<double>>& values) {
  std::string format = holder.child("c:numRef").child("c:numCache").child_value("c:formatCode");
  if (format.empty()) format = "General";
  while (holder.first_child()) holder.remove_child(holder.first_child());
  auto ref = holder.append_child("c:numRef");
  ref.append_child("c:f").text().set(formula.c_str());
  auto cache = ref.append_child("c:numCache");
  cache.append_child("c:formatCode").text().set(format.c_str());
  cache.append_child("c:ptCount").append_attribute("val") = static_cast<unsigned>(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) continue;   // a gap
    auto point = cache.append_child("c:pt");
    point.append_attribute("idx") = static_cast<unsigned>(i);
    point.append_child("c:v").text().set(number_text(*values[i]).c_str());
  }
}

// The child of a series named `name`, created at its place in the schema's order when missing.
pugi::xml_node series_child(pugi::xml_node series, const char* name, std::initializer_list<const char*> later) {
  if (auto found = series.child(name)) return found;
  for (const char* next : later)
    if (auto before = series.child(next)) return series.insert_child_before(name, before);
  return series.append_child(name);
}

void drop_points_beyond(pugi::xml_node series, std::size_t count) {
  auto beyond = [&](pugi::xml_node node) { return node.child("c:idx").attribute("val").as_ullong() >= count; };
  for (auto point = series.child("c:dPt"); point;) {
    auto next = point.next_sibling("c:dPt");
    if (beyond(point)) series.remove_child(point);
    point = next;
  }
  auto labels = series.child("c:dLbls");
  for (auto label = labels.child("c:dLbl"); label;) {
    auto next = label.next_sibling("c:dLbl");
    if (beyond(label)) labels.remove_child(label);
    label = next;
  }
}

void set_number(pugi::xml_node series, const char* name, std::initializer_list<const char*> later, unsigned value) {
  auto node = series_child(series, name, later);
  if (!node.attribute("val")) node.append_attribute("val");
  node.attribute("val").set_value(value);
}

void fill_series(pugi::xml_node series, std::size_t k, const ChartData& data) {
  const bool scatter = named(series.parent(), "c:scatterChart");
  set_number(series, "c:idx", {"c:order", "c:tx", "c:spPr"}, static_cast<unsigned>(k));
  set_number(series, "c:order", {"c:tx", "c:spPr"}, static_cast<unsigned>(k));
  auto tx = series.child("c:tx");
  if (!tx) tx = series.insert_child_after("c:tx", series.child("c:order"));
  write_strings(tx, "Sheet1!$" + column_of(k) + "$1", {data.series[k].name});
  const char* cat_name = scatter ? "c:xVal" : "c:cat";
  const char* val_name = scatter ? "c:yVal" : "c:val";
  write_strings(series_child(series, cat_name, {val_name, "c:shape", "c:smooth", "c:bubbleSize", "c:extLst"}),
                range("A", data.labels.size()), data.labels);
  write_numbers(series_child(series, val_name, {"c:shape", "c:smooth", "c:bubbleSize", "c:extLst"}),
                range(column_of(k), data.labels.size()), data.series[k].values);
  drop_points_beyond(series, data.labels.size());
}

// Series colours for the series a chart gains, apart from each other and in greyscale print.
const std::vector<std::string>& added_colors() {
  static const std::vector<std::string> colors = {"0B3D91", "E8A33D", "2A9D8F", "D1495B", "7B5EA7",
                                                  "9BC53D", "6C757D", "F28482", "3D5A80", "1F77B4"};
  return colors;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// A copied series keeps its look (line width, markers, labels) in a colour
// no other series has; a series without colours of its own gets the reader's.
void recolor(pugi::xml_node series, std::set<std::string>* used) {
  std::string color;
  for (const auto& candidate : added_colors())
    if (!used->count(candidate)) {
      color = candidate;
      break;
    }
  if (color.empty()) color = added_colors()[used->size() % added_colors().size()];
  used->insert(color);
  for (auto fill : all_named(series, "a:solidFill")) {
    while (fill.first_child()) fill.remove_child(fill.first_child());
    fill.append_child("a:srgbClr").append_attribute("val") = color.c_str();
  }
}

// As many series as the data has: the last one copied for more, the last
// ones dropped for fewer.
void fit_series(pugi::xml_node plot_area, const ChartData& data) {
  auto series = all_named(plot_area, "c:ser");
  std::set<std::string> used;
  for (auto one : series)
    for (auto color : all_named(one, "a:srgbClr")) used.insert(upper(color.attribute("val").value()));
  while (series.size() < data.series.size()) {
    auto last = series.back();
    auto copy = last.parent().insert_copy_after(last, last);
    for (const char* per_point : {"c:dPt", "c:trendline", "c:errBars", "c:extLst"})
      while (auto node = copy.child(per_point)) copy.remove_child(node);
    recolor(copy, &used);
    series.push_back(copy);
  }
  while (series.size() > data.series.size()) {
    series.back().parent().remove_child(series.back());
    series.pop_back();
  }
  for (std::size_t k = 0; k < series.size(); ++k) fill_series(series[k], k, data);
}

chart::Chart workbook_chart(const ChartData& data, bool scatter) {
  chart::Chart chart;
  chart.type = scatter ? chart::Type::scatter : chart::Type::column;
  chart.categories = data.labels;
  if (scatter)
    for (const auto& label : data.labels) chart.x_values.push_back(std::strtod(label.c_str(), nullptr));
  for (const auto& series : data.series) {
    chart::Series out;
    out.name = series.name;
    out.field = series.name;
    out.values = series.values;
    chart.series.push_back(std::move(out));
  }
  return chart;
}

// The embedded workbook the chart's "Edit data" opens: the template's is
// replaced; a chart without one (LibreOffice's PPTX) gets one.
void write_workbook(pugi::xml_document& document, const std::string& part, const ChartData& data, bool scatter,
                    const Options& options, PackageEdits* edits) {
  const std::string workbook = office::chart_workbook(workbook_chart(data, scatter), office::Options{options.deterministic});
  auto space = document.child("c:chartSpace");
  auto external = space.child("c:externalData");
  auto rels = edits->rels(part).child("Relationships");
  if (external) {
    auto rel = rels.find_child_by_attribute("Relationship", "Id", external.attribute("r:id").value());
    if (rel && std::string_view(rel.attribute("TargetMode").value()) != "External") {
      const std::string target = resolve_target(part, rel.attribute("Target").value());
      const std::string_view type = rel.attribute("Type").value();
      if (type == office::reltype::package && target.size() > 5 && target.compare(target.size() - 5, 5, ".xlsx") == 0) {
        edits->put(target, workbook);
        return;
      }
    }
    space.remove_child(external);   // linked or an old OLE workbook: the caches are the data now
  }
  const std::string folder = part.substr(0, part.rfind("charts/"));
  std::string name;
  for (int n = 1; name.empty() || edits->has(name); ++n) name = folder + "embeddings/s2d-chart-data" + std::to_string(n) + ".xlsx";
  edits->put(name, workbook);
  edits->ensure_default("xlsx", std::string(office::mediatype::workbook));
  const std::string id = edits->add_relationship(part, office::reltype::package, "../embeddings/" + name.substr(name.rfind('/') + 1), false);
  pugi::xml_node before;
  for (const char* later : {"c:printSettings", "c:userShapes", "c:extLst"})
    if (!before) before = space.child(later);
  external = before ? space.insert_child_before("c:externalData", before) : space.append_child("c:externalData");
  external.append_attribute("r:id") = id.c_str();
  external.append_child("c:autoUpdate").append_attribute("val") = 0;
  if (!space.attribute("xmlns:r")) space.append_attribute("xmlns:r") = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
}

// A title that was only the chart tag goes, and Office must not draw its automatic one instead.
void drop_blank_title(pugi::xml_node chart) {
  auto title = chart.child("c:title");
  if (!title) return;
  std::string text;
  for (auto node : all_named(title, "a:t")) text += node.text().get();
  if (text.find_first_not_of(" \t\r\n") != std::string::npos) return;
  chart.remove_child(title);
  auto deleted = chart.child("c:autoTitleDeleted");
  if (!deleted) deleted = chart.prepend_child("c:autoTitleDeleted");
  if (!deleted.attribute("val")) deleted.append_attribute("val");
  deleted.attribute("val").set_value(1);
}

std::vector<std::string> template_series_names(pugi::xml_node plot_area) {
  std::vector<std::string> names;
  for (auto series : all_named(plot_area, "c:ser")) names.push_back(series_name_value(series).text().get());
  return names;
}

bool merge_chart(const PreparedChart& prepared, const json& data, const Options& options, PackageEdits* edits,
                 Error* error) {
  const std::string& name = prepared.part.name;
  std::string xml;
  if (!render_part(prepared.part, data, options, &xml, error)) return false;
  pugi::xml_document document;
  if (!load_xml(&document, xml)) {
    *error = Error::of("render_failed", "the merge of " + name + " produced malformed XML", name);
    return false;
  }
  auto chart = document.child("c:chartSpace").child("c:chart");
  auto plot_area = chart.child("c:plotArea");
  if (!prepared.data_path.empty()) {
    if (first_named(plot_area, "c:bubbleChart") || !first_named(plot_area, "c:ser")) {
      *error = prepared.part.source.error_at(prepared.tag, "invalid_chart",
                                             "this chart cannot take data: it has no series, or is a bubble chart");
      return false;
    }
    ChartData rows;
    if (!RowsReader(prepared, template_series_names(plot_area)).read(data, &rows, error)) return false;
    const bool scatter = static_cast<bool>(first_named(plot_area, "c:scatterChart"));
    fit_series(plot_area, rows);
    write_workbook(document, name, rows, scatter, options, edits);
  }
  if (prepared.in_title) drop_blank_title(chart);
  edits->put(name, save_xml(document));
  return true;
}

std::string numbered_copy_name(PackageEdits* edits, const std::string& name) {
  const auto slash = name.rfind('/') + 1, dot = name.rfind('.');
  const std::string stem = name.substr(0, dot == std::string::npos || dot < slash ? name.size() : dot);
  const std::string extension = name.substr(stem.size());
  std::string copy;
  for (int n = 2; copy.empty() || edits->has(copy); ++n) copy = stem + "-" + std::to_string(n) + extension;
  return copy;
}

std::string copy_part(PackageEdits* edits, const std::string& name) {
  std::string bytes;
  edits->read(name, &bytes);
  const std::string copy = numbered_copy_name(edits, name);
  edits->put(copy, std::move(bytes));
  const std::string type = edits->override_of(name);
  if (!type.empty()) edits->add_override(copy, type);
  return copy;
}

}  // namespace

bool prepare(const PackageIn& in, const std::string& folder, std::vector<PreparedChart>* out, nlohmann::json* fields,
             Error* error) {
  for (const auto& name : in.names()) {
    if (!is_chart_part(name, folder)) continue;
    std::string bytes, message;
    pugi::xml_document document;
    if (!in.read(name, &bytes, &message) || !load_xml(&document, bytes)) {
      *error = Error::of("template_invalid", "part " + name + " is not well-formed XML", name);
      return false;
    }
    if (!document.child("c:chartSpace")) continue;
    PreparedChart chart;
    chart.part.name = name;
    bool has_tags = false;
    if (!ChartPreparer(name, &chart).run(document, &has_tags, error)) return false;
    if (!has_tags) continue;
    if (!compile_part(document, &chart.part, error)) return false;
    merge_fields(fields, chart.part.compiled->fields_json());
    if (!chart.data_path.empty()) {
      json field = {{"name", chart.data_path.substr(chart.data_path.find_last_of(".]") + 1)},
                    {"path", chart.data_path},
                    {"list", true},
                    {"children", json::array()}};
      merge_fields(fields, json::array({std::move(field)}));
    }
    out->push_back(std::move(chart));
  }
  return true;
}

bool merge(const std::vector<PreparedChart>& charts, const nlohmann::json& data, const Options& options,
           PackageEdits* edits, Error* error) {
  for (const auto& chart : charts)
    if (!merge_chart(chart, data, options, edits, error)) return false;
  return true;
}

std::string copy_chart(PackageEdits* edits, const std::string& chart_part) {
  const std::string copy = copy_part(edits, chart_part);
  auto& copy_rels = edits->rels(copy);
  copy_rels.reset(edits->rels(chart_part));
  for (auto rel : copy_rels.child("Relationships").children("Relationship")) {
    if (std::string_view(rel.attribute("TargetMode").value()) == "External") continue;
    const std::string target = resolve_target(chart_part, rel.attribute("Target").value());
    if (!edits->has(target)) continue;
    const std::string copied = copy_part(edits, target);
    const std::string relative = rel.attribute("Target").value();
    const auto slash = relative.rfind('/');
    const std::string folder = slash == std::string::npos ? "" : relative.substr(0, slash + 1);
    rel.attribute("Target").set_value((folder + copied.substr(copied.rfind('/') + 1)).c_str());
  }
  return copy;
}

}  // namespace s2d::office_template::charts
