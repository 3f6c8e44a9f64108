// The chart spec: what it accepts, and the structured error for what it does not.
#include "renderers/chart/spec.hpp"
#include "renderers/render.hpp"

#include <boost/test/unit_test.hpp>

namespace s2d::chart {
namespace {

using nlohmann::json;

const json kData = {
    {"quarters",
     {{{"quarter", "Q1"}, {"revenue", 120}, {"target", 100}},
      {{"quarter", "Q2"}, {"revenue", "135.5"}, {"target", nullptr}},
      {{"quarter", "Q3"}, {"revenue", -20}, {"target", 150}}}},
    {"accounts", {{{"name", "A"}, {"usage", {{{"m", "Jan"}, {"v", 1}}}}}}}};

struct Parsed {
  bool ok = false;
  Chart chart;
  SpecError error;
};

Parsed parse(const std::string& yaml, bool strict = true, int first_line = 10) {
  Parsed out;
  SpecInput input;
  input.text = yaml;
  input.first_line = first_line;
  input.strict = strict;
  out.ok = parse_chart(input, kData, &out.chart, &out.error);
  return out;
}

Parsed parse_failing(const std::string& yaml, bool strict = true) {
  Parsed out = parse(yaml, strict);
  BOOST_TEST_REQUIRE(!out.ok, "accepted: " << yaml);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(spec)

BOOST_AUTO_TEST_CASE(a_column_chart_reads_its_rows_into_series) {
  const auto parsed = parse("type: column\ntitle: Revenue\ndata: quarters\nx: quarter\ny: [revenue, target]\n");
  BOOST_TEST_REQUIRE(parsed.ok, parsed.error.message);
  const Chart& chart = parsed.chart;
  BOOST_TEST(chart.title == "Revenue");
  BOOST_TEST(chart.categories == (std::vector<std::string>{"Q1", "Q2", "Q3"}));
  BOOST_TEST_REQUIRE(chart.series.size() == 2u);
  BOOST_TEST(chart.series[0].name == "revenue");
  BOOST_TEST(*chart.series[0].values[1] == 135.5);  // numeric text is a number
  BOOST_TEST(!chart.series[1].values[1].has_value());  // null is a gap
  BOOST_TEST(*chart.series[0].values[2] == -20);
  BOOST_TEST((chart.legend == Legend::bottom));
}

BOOST_AUTO_TEST_CASE(series_carry_names_and_colours_and_the_options_their_values) {
  const auto parsed = parse(
      "type: bar\nstacked: true\ndata: quarters\nx: quarter\nseries:\n  - {field: revenue, name: Revenue, color: \"#AA0000\"}\n"
      "  - target\nformat: currency eur 0\nwidth: 80%\nheight: 16:9\nlegend: none\nlabels: true\n");
  BOOST_TEST_REQUIRE(parsed.ok, parsed.error.message);
  const Chart& chart = parsed.chart;
  BOOST_TEST(chart.stacked);
  BOOST_TEST(chart.series[0].name == "Revenue");
  BOOST_TEST(chart.series[0].color == "#aa0000");
  BOOST_TEST(chart.series[1].name == "target");
  BOOST_TEST((chart.format.kind == ValueFormat::Kind::currency));
  BOOST_TEST(chart.format.currency == "EUR");
  BOOST_TEST(chart.format.decimals == 0);
  BOOST_TEST(*chart.width_percent == 80);
  BOOST_TEST(std::abs(*chart.aspect - 9.0 / 16) < 1e-9);
  BOOST_TEST((chart.legend == Legend::none));
  BOOST_TEST(chart.labels);
}

BOOST_AUTO_TEST_CASE(sizes_in_millimetres_and_pies_with_their_legend_on_the_right) {
  const auto parsed = parse("type: doughnut\ndata: quarters\nx: quarter\ny: target\nwidth: 120mm\nheight: 70\n", false);
  BOOST_TEST_REQUIRE(parsed.ok, parsed.error.message);
  BOOST_TEST(*parsed.chart.width_mm == 120);
  BOOST_TEST(*parsed.chart.height_mm == 70);
  BOOST_TEST((parsed.chart.legend == Legend::right));
}

BOOST_AUTO_TEST_CASE(an_unknown_type_names_the_chart_the_field_and_its_line) {
  const auto parsed = parse_failing("title: Revenue\ntype: radar\ndata: quarters\nx: quarter\ny: revenue\n");
  BOOST_TEST(parsed.error.code == "invalid_chart");
  BOOST_TEST(parsed.error.chart == "Revenue");
  BOOST_TEST(parsed.error.field == "type");
  BOOST_TEST(parsed.error.line == 11);  // the block starts at line 10; type is its second line
  BOOST_TEST(parsed.error.message.find("radar") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_field_is_an_error_in_strict_mode_and_a_gap_otherwise) {
  const std::string yaml = "data: quarters\nx: quarter\ny: [revenue, profit]\n";
  const auto strict = parse_failing(yaml);
  BOOST_TEST(strict.error.code == "missing_required_field");
  BOOST_TEST(strict.error.placeholder == "quarters[0].profit");
  BOOST_TEST(strict.error.field == "y");
  BOOST_TEST(strict.error.chart == "chart 1");
  BOOST_TEST(strict.error.line == 12);
  // Lenient: the profit series has no value at all, which is still no chart.
  const auto lenient = parse_failing(yaml, false);
  BOOST_TEST(lenient.error.code == "invalid_chart");
  BOOST_TEST(lenient.error.message.find("has no values") != std::string::npos);
  const auto gaps = parse("data: quarters\nx: quarter\ny: [revenue, target]\n", false);
  BOOST_TEST(gaps.ok);
}

BOOST_AUTO_TEST_CASE(a_missing_data_path_names_the_path) {
  const auto parsed = parse_failing("data: account.quarters\nx: quarter\ny: revenue\n");
  BOOST_TEST(parsed.error.code == "missing_required_field");
  BOOST_TEST(parsed.error.placeholder == "account.quarters");
  BOOST_TEST(parsed.error.field == "data");
  BOOST_TEST(parsed.error.line == 10);
}

BOOST_AUTO_TEST_CASE(a_non_numeric_value_is_refused_with_its_path) {
  const auto parsed = parse_failing("data: quarters\nx: quarter\ny: quarter\n");
  BOOST_TEST(parsed.error.code == "invalid_chart");
  BOOST_TEST(parsed.error.placeholder == "quarters[0].quarter");
  BOOST_TEST(parsed.error.message.find("not a number") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_kind_of_bad_spec_gets_its_own_message) {
  const std::pair<const char*, const char*> cases[] = {
      {"data: quarters\nx: quarter\ny: revenue\ncolour: red\n", "colour"},
      {"data: quarters\nx: quarter\n", "y"},
      {"data: quarters\ny: revenue\n", "x"},
      {"x: quarter\ny: revenue\n", "data"},
      {"data: quarters\nx: quarter\ny: []\n", "y"},
      {"type: line\nstacked: true\ndata: quarters\nx: quarter\ny: revenue\n", "stacked"},
      {"type: pie\ndata: quarters\nx: quarter\ny: [revenue, target]\n", "y"},
      {"type: pie\ndata: quarters\nx: quarter\ny: revenue\n", "y"},  // -20 cannot be a slice
      {"data: quarters\nx: quarter\ny: revenue\nformat: money\n", "format"},
      {"data: quarters\nx: quarter\ny: revenue\nformat: currency euro\n", "format"},
      {"data: quarters\nx: quarter\ny: revenue\nwidth: 400%\n", "width"},
      {"data: quarters\nx: quarter\ny: revenue\nheight: tall\n", "height"},
      {"data: quarters\nx: quarter\ny: revenue\nlegend: left\n", "legend"},
      {"data: quarters\nx: quarter\ny: revenue\nlabels: yes please\n", "labels"},
      {"data: quarters\nx: quarter\nseries: [{field: revenue, colour: red}]\n", "series"},
      {"data: quarters\nx: quarter\nseries: [{field: revenue, color: red}]\n", "series"},
      {"data: quarters\nx: quarter\ny: revenue\nseries: [target]\n", "series"},
      {"type: scatter\ndata: quarters\nx: quarter\ny: revenue\n", "x"},
      {"data: accounts\nx: name\ny: usage\n", "y"},
  };
  for (const auto& [yaml, field] : cases) {
    const auto parsed = parse(yaml);
    BOOST_TEST(!parsed.ok, yaml);
    BOOST_TEST(parsed.error.field == field, yaml << " -> " << parsed.error.field << ": " << parsed.error.message);
    BOOST_TEST(!parsed.error.message.empty());
  }
}

BOOST_AUTO_TEST_CASE(yaml_errors_point_at_their_line_and_a_list_is_not_a_spec) {
  const auto broken = parse_failing("data: quarters\nx: [quarter\ny: revenue\n");
  BOOST_TEST(broken.error.code == "invalid_chart");
  BOOST_TEST(broken.error.line >= 11);
  BOOST_TEST(broken.error.column > 0);
  const auto list = parse_failing("- a\n- b\n");
  BOOST_TEST(list.error.message.find("mapping") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rows_may_be_written_in_the_spec_and_paths_may_index_lists) {
  const auto inline_rows = parse("data: [{k: a, v: 1}, {k: b, v: 2}]\nx: k\ny: v\n");
  BOOST_TEST_REQUIRE(inline_rows.ok, inline_rows.error.message);
  BOOST_TEST(inline_rows.chart.categories.size() == 2u);
  BOOST_TEST(find_path(kData, "accounts[0].usage") == &kData["accounts"][0]["usage"]);
  BOOST_TEST(find_path(kData, "accounts.0.name")->get<std::string>() == "A");
  BOOST_TEST(find_path(kData, "accounts[1].usage") == nullptr);
  BOOST_TEST(find_path(kData, "accounts[x]") == nullptr);
  BOOST_TEST(find_path(kData, "quarters..x") == nullptr);
  BOOST_TEST(find_path(kData, "") == nullptr);
}

BOOST_AUTO_TEST_CASE(too_many_rows_are_refused) {
  json rows = json::array();
  for (int i = 0; i <= static_cast<int>(kMaxRows); ++i) rows.push_back({{"k", i}, {"v", i}});
  SpecInput input;
  const std::string yaml = "data: rows\nx: k\ny: v\n";
  input.text = yaml;
  Chart chart;
  SpecError error;
  BOOST_TEST(!parse_chart(input, json{{"rows", rows}}, &chart, &error));
  BOOST_TEST(error.field == "data");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(spec_in_templates)

render::Result render_template(const std::string& source, const json& data, const std::string& format = "txt") {
  render::Request request;
  request.source = source;
  request.data = data;
  request.formats = {format};
  request.deterministic = true;
  return render::render(request);
}

BOOST_AUTO_TEST_CASE(values_come_through_the_template_language) {
  const std::string source =
      "# Report\n\n```chart\ntitle: {{account.name}} revenue\ndata: accounts[{{index}}].usage\nx: m\ny: v\n```\n";
  const json data = {{"account", {{"name", "R&D *EU* #1: (north)"}}}, {"index", 0}, {"accounts", kData["accounts"]}};
  const auto result = render_template(source, data);
  BOOST_TEST_REQUIRE(!result.error, result.error->message);
  const std::string& text = result.outputs[0].bytes;
  BOOST_TEST(text.find("R&D *EU* #1: (north) revenue") != std::string::npos, text);
  BOOST_TEST(text.find("Jan") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_spec_error_fails_the_render_with_the_template_line) {
  const std::string source =
      "---\ntitle: T\n---\n# Report\n\n{{#if show}}\nShown\n{{/if}}\n\n```chart\ntitle: Usage\ndata: accounts\nx: name\n"
      "y: seats\n```\n";
  const auto result = render_template(source, {{"show", true}, {"accounts", kData["accounts"]}});
  BOOST_TEST_REQUIRE(result.error.has_value());
  BOOST_TEST(result.error->type == "template_error");
  BOOST_TEST(result.error->code == "missing_required_field");
  BOOST_TEST(result.error->placeholder == "accounts[0].seats");
  BOOST_TEST(result.error->line == 14);  // "y: seats" in the source, front matter counted
  BOOST_TEST(result.error->context["chart"] == "Usage");
  BOOST_TEST(result.error->context["field"] == "y");
  BOOST_TEST(result.outputs.empty());
}

BOOST_AUTO_TEST_CASE(charts_in_a_loop_point_at_the_merged_line) {
  const std::string source = "{{#each groups}}\n```chart\ndata: rows\nx: k\ny: {{field}}\n```\n{{/each}}\n";
  const json data = {{"groups", {{{"field", "v"}}, {{"field", "w"}}}}, {"rows", {{{"k", "a"}, {"v", 1}}}}};
  const auto result = render_template(source, data);
  BOOST_TEST_REQUIRE(result.error.has_value());
  BOOST_TEST(result.error->placeholder == "rows[0].w");
  BOOST_TEST(result.error->context["chart"] == "chart 2");
  BOOST_TEST(result.error->line == 9);  // the second copy's "y:" in the merged text
}

BOOST_AUTO_TEST_CASE(charts_in_a_loop_share_one_budget_of_rows) {
  json rows = json::array();
  for (int i = 0; i < 9000; ++i) rows.push_back({{"k", i}, {"v", i}});
  json groups = json::array();
  for (int i = 0; i < 12; ++i) groups.push_back(i);
  const auto result = render_template("{{#each groups}}\n```chart\ndata: rows\nx: k\ny: v\n```\n{{/each}}\n",
                                      {{"groups", groups}, {"rows", rows}});
  BOOST_TEST_REQUIRE(result.error.has_value());
  BOOST_TEST(result.error->code == "invalid_chart");
  BOOST_TEST(result.error->context["chart"] == "chart 12");  // 12 x 9000 rows passes 100,000 at the twelfth
  BOOST_TEST(result.error->message.find("100000 rows") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace s2d::chart
