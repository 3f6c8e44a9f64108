// Errors a template author sees: syntax errors at compile time (line, column,
// offending tag), missing fields at render time (full data path, loop index),
// and the limits that stop hostile templates and data.
#include "tests/template/template_fixture.hpp"

#include <boost/test/unit_test.hpp>

using s2d::tmpl::test::compile_error;
using s2d::tmpl::test::json;
using s2d::tmpl::test::Options;
using s2d::tmpl::test::render;
using s2d::tmpl::test::render_error;

BOOST_AUTO_TEST_SUITE(syntax_errors)

BOOST_AUTO_TEST_CASE(unclosed_tag) {
  auto e = compile_error("Hello\n  {{name\nmore");
  BOOST_TEST(e.code == "template_syntax_error");
  BOOST_TEST(e.line == 2);
  BOOST_TEST(e.column == 3);
  BOOST_TEST(e.tag == "{{name");
  BOOST_TEST(e.message == "unclosed tag: {{ has no matching }}");
}

BOOST_AUTO_TEST_CASE(unclosed_block_names_the_opening_tag_and_its_line) {
  auto e = compile_error("<ul>\n  {{#each items}}\n  <li>{{name}}</li>\n</ul>\n");
  BOOST_TEST(e.line == 2);
  BOOST_TEST(e.column == 3);
  BOOST_TEST(e.tag == "{{#each items}}");
  BOOST_TEST(e.message == "unclosed block {{#each items}} opened at line 2: add {{/each}}");
}

BOOST_AUTO_TEST_CASE(mismatched_and_stray_closing_tags) {
  auto e = compile_error("{{#if a}}\n{{#each b}}\n{{/if}}");
  BOOST_TEST(e.line == 3);
  BOOST_TEST(e.column == 1);
  BOOST_TEST(e.tag == "{{/if}}");
  BOOST_TEST(e.message == "{{/if}} does not close {{#each b}} opened at line 2; expected {{/each}}");
  auto stray = compile_error("text {{/each}}");
  BOOST_TEST(stray.column == 6);
  BOOST_TEST(stray.message == "{{/each}} closes no open block");
}

BOOST_AUTO_TEST_CASE(expression_errors_point_into_the_tag) {
  auto unknown = compile_error("x {{frobnicate a}}");
  BOOST_TEST(unknown.column == 5);
  BOOST_TEST(unknown.tag == "{{frobnicate a}}");
  BOOST_TEST(unknown.message == "unknown helper 'frobnicate' in {{frobnicate a}}");
  BOOST_TEST(compile_error("{{upper a b}}").message ==
             "wrong number of arguments for 'upper': use {{upper text}} in {{upper a b}}");
  BOOST_TEST(compile_error("{{a..b}}").message == "empty segment in path a..b in {{a..b}}");
  BOOST_TEST(compile_error("{{@foo}}").message ==
             "unknown data variable @foo (use @index, @key, @first, @last or @root) in {{@foo}}");
  auto unterminated = compile_error("{{default x \"abc}}");
  BOOST_TEST(unterminated.message == "unclosed tag: {{ has no matching }}");
  BOOST_TEST(compile_error("{{upper (lower a}}").message == "unclosed '(' in a subexpression in {{upper (lower a}}");
  BOOST_TEST(compile_error("{{#if}}x{{/if}}").message == "if takes exactly one argument: {{#if value}} in {{#if}}");
  BOOST_TEST(compile_error("{{}}").message == "empty tag {{}}");
  BOOST_TEST(compile_error("{{=<% %}}").code == "template_syntax_error");
}

BOOST_AUTO_TEST_CASE(unsupported_handlebars_forms_say_so) {
  BOOST_TEST(compile_error("{{#> layout}}x{{/layout}}").message ==
             "{{#> layout}}: partial blocks and decorators are not supported; use {{< layout}} with {{$block}} "
             "arguments");
  auto params = compile_error("{{#each items as |item|}}{{item}}{{/each}}");
  BOOST_TEST(params.column == 15);
  BOOST_TEST(params.message ==
             "block parameters (as |name|) are not supported: use this, ../ and @index in "
             "{{#each items as |item|}}");
}

BOOST_AUTO_TEST_CASE(else_misuse) {
  BOOST_TEST(compile_error("a {{else}} b").message ==
             "{{else}} outside a block: it belongs inside {{#if}}, {{#each}}, {{#with}}, {{#unless}} or a section");
  auto twice = compile_error("{{#if a}}1{{else}}2{{else}}3{{/if}}");
  BOOST_TEST(twice.column == 20);
}

BOOST_AUTO_TEST_CASE(line_numbers_count_from_the_front_matter_offset) {
  Options o;
  o.first_line = 5;  // four lines of front matter came before the body
  auto e = compile_error("ok\n{{#if x}}", o);
  BOOST_TEST(e.line == 6);
}

BOOST_AUTO_TEST_CASE(errors_inside_partials_name_the_partial) {
  Options o;
  o.partials = {{"row", "<td>\n{{/td}}"}};
  auto e = compile_error("{{> row}}", o);
  BOOST_TEST(e.message == "in partial 'row': {{/td}} closes no open block");
  BOOST_TEST(e.line == 2);
  BOOST_TEST(compile_error("{{> nowhere}}").message == "no partial named 'nowhere'");
  Options lenient;
  lenient.strict = false;
  BOOST_TEST(render("[{{> nowhere}}]", json::object(), lenient) == "[]");
}

BOOST_AUTO_TEST_CASE(nesting_is_bounded_at_compile_time) {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "{{#a}}";
  for (int i = 0; i < 300; ++i) deep += "{{/a}}";
  BOOST_TEST(compile_error(deep).message == "blocks nested deeper than 256 levels");
  std::string chain = "{{#if a}}";
  for (int i = 0; i < 300; ++i) chain += "{{else if b}}";
  chain += "{{/if}}";
  BOOST_TEST(compile_error(chain).code == "template_syntax_error");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(missing_fields)

BOOST_AUTO_TEST_CASE(full_path_line_and_column) {
  auto e = render_error("Ship to:\n  {{customer.address.city}}", {{"customer", {{"address", json::object()}}}});
  BOOST_TEST(e.code == "missing_required_field");
  BOOST_TEST(e.placeholder == "customer.address.city");
  BOOST_TEST(e.line == 2);
  BOOST_TEST(e.column == 5);
  BOOST_TEST(e.tag == "{{customer.address.city}}");
  BOOST_TEST(e.message == "missing required field 'customer.address.city'");
}

BOOST_AUTO_TEST_CASE(loop_items_carry_their_index) {
  json data = json::parse(R"({"items":[{"price":1},{"price":2},{"price":3},{"name":"no price"}]})");
  auto e = render_error("{{#each items}}\n{{price}}\n{{/each}}", data);
  BOOST_TEST(e.placeholder == "items[3].price");
  BOOST_TEST(e.line == 2);
  json orders = json::parse(R"({"orders":[{"lines":[{"sku":"a"},{"qty":1}]}]})");
  BOOST_TEST(render_error("{{#each orders}}{{#each lines}}{{sku}}{{/each}}{{/each}}", orders).placeholder ==
             "orders[0].lines[1].sku");
  BOOST_TEST(render_error("{{#orders}}{{#lines}}{{sku}}{{/lines}}{{/orders}}", orders).placeholder ==
             "orders[0].lines[1].sku");
}

BOOST_AUTO_TEST_CASE(object_iteration_with_and_parent_paths) {
  json rates = json::parse(R"({"rates":{"a":{"value":1},"b":{}}})");
  BOOST_TEST(render_error("{{#each rates}}{{value}}{{/each}}", rates).placeholder == "rates.b.value");
  json c = json::parse(R"({"customer":{"name":"Ann"},"items":[1]})");
  BOOST_TEST(render_error("{{#with customer}}{{phone}}{{/with}}", c).placeholder == "customer.phone");
  BOOST_TEST(render_error("{{#each items}}{{../currency}}{{/each}}", c).placeholder == "currency");
  BOOST_TEST(render_error("{{#each items}}{{@root.total}}{{/each}}", c).placeholder == "total");
}

BOOST_AUTO_TEST_CASE(helper_arguments_and_loops_need_their_data) {
  BOOST_TEST(render_error("{{upper nick}}").placeholder == "nick");
  BOOST_TEST(render_error("{{currency order.total \"EUR\"}}", {{"order", json::object()}}).placeholder ==
             "order.total");
  BOOST_TEST(render_error("{{#each items}}x{{/each}}").placeholder == "items");
  BOOST_TEST(render_error("{{#with customer}}x{{/with}}").placeholder == "customer");
}

BOOST_AUTO_TEST_CASE(inside_a_partial) {
  Options o;
  o.partials = {{"row", "<td>{{sku}}</td>"}};
  auto e = render_error("{{#each items}}{{> row}}{{/each}}", json::parse(R"({"items":[{"sku":"a"},{}]})"), o);
  BOOST_TEST(e.placeholder == "items[1].sku");
  BOOST_TEST(e.message == "missing required field 'items[1].sku' (in partial 'row')");
  BOOST_TEST(e.column == 7);
}

BOOST_AUTO_TEST_CASE(null_is_present_not_missing) {
  BOOST_TEST(render("[{{phone}}]", {{"phone", nullptr}}) == "[]");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(limits)

BOOST_AUTO_TEST_CASE(recursion_depth) {
  Options o;
  o.partials = {{"self", "x{{> self}}"}};
  auto e = render_error("{{> self}}", json::object(), o);
  BOOST_TEST(e.code == "limit_exceeded");
  BOOST_TEST(e.message == "nesting deeper than 64 levels (blocks, partials and subexpressions) (in partial 'self')");
  o.limits.max_depth = 4;
  json nested = json::parse(R"({"a":{"a":{"a":{"a":{"a":{}}}}}})");
  BOOST_TEST(render_error("{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}x{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}", nested, o).code ==
             "limit_exceeded");
}

BOOST_AUTO_TEST_CASE(output_size) {
  Options o;
  o.limits.max_output_bytes = 100;
  json data = {{"items", json::array()}};
  for (int i = 0; i < 50; ++i) data["items"].push_back("abcdef");
  auto e = render_error("{{#each items}}{{this}}{{/each}}", data, o);
  BOOST_TEST(e.code == "limit_exceeded");
  BOOST_TEST(e.message == "output larger than 100 bytes");
}

BOOST_AUTO_TEST_CASE(loop_iterations) {
  Options o;
  o.limits.max_iterations = 10;
  json data = {{"items", json::array()}};
  for (int i = 0; i < 11; ++i) data["items"].push_back(i);
  BOOST_TEST(render("{{#each items}}{{#if @last}}{{this}}{{/if}}{{/each}}", {{"items", {1, 2}}}, o) == "2");
  auto e = render_error("{{#each items}}{{this}}{{/each}}", data, o);
  BOOST_TEST(e.code == "limit_exceeded");
  BOOST_TEST(e.message == "more than 10 loop iterations and partial expansions");
}

BOOST_AUTO_TEST_CASE(exponential_partials_stop_at_the_iteration_limit) {
  Options o;
  for (char c = 'a'; c < 'z'; ++c)
    o.partials[std::string(1, c)] = std::string("{{> ") + char(c + 1) + "}}{{> " + char(c + 1) + "}}";
  o.partials["z"] = "";
  // 2^25 expansions that print nothing: only the expansion count stops them.
  auto e = render_error("{{> a}}", json::object(), o);
  BOOST_TEST(e.code == "limit_exceeded");
  BOOST_TEST(e.message.rfind("more than 1000000 loop iterations and partial expansions", 0) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
