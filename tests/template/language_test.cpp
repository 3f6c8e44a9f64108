// Every construct of the language: Mustache core, Handlebars blocks and
// paths, whitespace rules, partials and inheritance, strict/lenient lookups.
#include "tests/template/template_fixture.hpp"

#include <boost/test/unit_test.hpp>

using s2d::tmpl::Escape;
using s2d::tmpl::test::compile_error;
using s2d::tmpl::test::json;
using s2d::tmpl::test::Options;
using s2d::tmpl::test::render;

namespace {

Options lenient() {
  Options o;
  o.strict = false;
  return o;
}

const json kOrder = json::parse(R"({
  "title": "Order",
  "customer": {"name": "Ann", "address": {"city": "Paris"}},
  "items": [{"name": "pen", "price": 2}, {"name": "ink", "price": 5}, {"name": "pad", "price": 3}],
  "rates": {"b": 2, "a": 1},
  "empty": [],
  "tags": ["x", "y"]
})");

}  // namespace

BOOST_AUTO_TEST_SUITE(paths)

BOOST_AUTO_TEST_CASE(interpolation_and_dotted_paths) {
  BOOST_TEST(render("Hi {{customer.name}} from {{customer.address.city}}", kOrder) == "Hi Ann from Paris");
  BOOST_TEST(render("{{customer/address/city}}", kOrder) == "Paris");
  BOOST_TEST(render("{{ title }}", kOrder) == "Order");
}

BOOST_AUTO_TEST_CASE(this_dot_and_implicit_iterator) {
  BOOST_TEST(render("{{#each tags}}[{{this}}|{{.}}]{{/each}}", kOrder) == "[x|x][y|y]");
  BOOST_TEST(render("{{#with customer}}{{this.name}} {{./name}}{{/with}}", kOrder) == "Ann Ann");
}

BOOST_AUTO_TEST_CASE(parent_paths) {
  BOOST_TEST(render("{{#each items}}{{name}}/{{../title}} {{/each}}", kOrder) == "pen/Order ink/Order pad/Order ");
  BOOST_TEST(render("{{#with customer}}{{#with address}}{{../name}}@{{city}} {{../../title}}{{/with}}{{/with}}",
                    kOrder) == "Ann@Paris Order");
}

BOOST_AUTO_TEST_CASE(root_and_literal_segments) {
  BOOST_TEST(render("{{#each items}}{{@root.title}}{{/each}}", kOrder) == "OrderOrderOrder");
  BOOST_TEST(render("{{[first name]}}", json{{"first name", "Bo"}}) == "Bo");
  BOOST_TEST(render("{{items.1.name}} {{items.[2].name}}", kOrder) == "ink pad");
  BOOST_TEST(render("{{items.length}} {{title.length}}", kOrder) == "3 5");
}

BOOST_AUTO_TEST_CASE(mustache_lookup_walks_up_the_context_stack) {
  BOOST_TEST(render("{{#customer}}{{name}} {{title}}{{/customer}}", kOrder) == "Ann Order");
}

BOOST_AUTO_TEST_CASE(each_and_with_end_the_search_like_handlebars) {
  auto e = s2d::tmpl::test::render_error("{{#each items}}{{title}}{{/each}}", kOrder);
  BOOST_TEST(e.placeholder == "items[0].title");
  BOOST_TEST(render("{{#each items}}[{{title}}]{{/each}}", kOrder, lenient()) == "[][][]");
  BOOST_TEST(render("{{#with customer}}{{../title}} {{@root.title}}{{/with}}", kOrder) == "Order Order");
  json data = json::parse(R"({"name":"outer","items":[{"name":"in","details":{"size":1}}]})");
  BOOST_TEST(render("{{#each items}}{{#details}}{{name}}:{{size}}{{/details}}{{/each}}", data) == "in:1");
}

BOOST_AUTO_TEST_CASE(scalars_print_like_javascript) {
  json data = {{"i", 42}, {"neg", -7}, {"f", 1.5}, {"third", 0.1 + 0.2}, {"t", true}, {"n", nullptr},
               {"big", 1e21}, {"whole", 3.0}};
  BOOST_TEST(render("{{i}} {{neg}} {{f}} {{third}} {{t}} [{{n}}] {{big}} {{whole}}", data) ==
             "42 -7 1.5 0.30000000000000004 true [] 1e+21 3");
  BOOST_TEST(render("{{tags}}", kOrder) == "x,y");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(blocks)

BOOST_AUTO_TEST_CASE(if_else_if_else) {
  const std::string tpl = "{{#if a}}A{{else if b}}B{{else if (eq c 3)}}C{{else}}D{{/if}}";
  BOOST_TEST(render(tpl, {{"a", true}, {"b", true}, {"c", 3}}) == "A");
  BOOST_TEST(render(tpl, {{"a", false}, {"b", 1}, {"c", 3}}) == "B");
  BOOST_TEST(render(tpl, {{"a", 0}, {"b", ""}, {"c", 3}}) == "C");
  BOOST_TEST(render(tpl, {{"a", nullptr}, {"b", json::array()}, {"c", 4}}) == "D");
}

BOOST_AUTO_TEST_CASE(if_treats_missing_as_false_even_when_strict) {
  BOOST_TEST(render("{{#if nothing}}yes{{else}}no{{/if}}") == "no");
  BOOST_TEST(render("{{#if obj}}yes{{/if}}", {{"obj", json::object()}}) == "yes");
}

BOOST_AUTO_TEST_CASE(unless) {
  BOOST_TEST(render("{{#unless paid}}due{{else}}paid{{/unless}}", {{"paid", false}}) == "due");
  BOOST_TEST(render("{{#unless paid}}due{{else}}paid{{/unless}}", {{"paid", true}}) == "paid");
}

BOOST_AUTO_TEST_CASE(each_with_data_variables) {
  BOOST_TEST(render("{{#each items}}{{@index}}:{{name}}{{#if @first}}^{{/if}}{{#if @last}}${{/if}}"
                    "{{#unless @last}},{{/unless}}{{/each}}",
                    kOrder) == "0:pen^,1:ink,2:pad$");
}

BOOST_AUTO_TEST_CASE(each_over_an_object_in_key_order) {
  BOOST_TEST(render("{{#each rates}}{{@key}}={{this}}@{{@index}};{{/each}}", kOrder) == "a=1@0;b=2@1;");
}

BOOST_AUTO_TEST_CASE(each_else_for_empty_lists) {
  BOOST_TEST(render("{{#each empty}}x{{else}}none{{/each}}", kOrder) == "none");
  BOOST_TEST(render("{{#each nothing}}x{{else}}none{{/each}}", json{{"nothing", nullptr}}) == "none");
}

BOOST_AUTO_TEST_CASE(nested_each_with_parent_data) {
  json data = json::parse(R"({"rows":[{"n":"a","cells":[1,2]},{"n":"b","cells":[3]}]})");
  BOOST_TEST(render("{{#each rows}}{{#each cells}}{{../n}}{{this}}{{@index}} {{/each}}{{/each}}", data) ==
             "a10 a21 b30 ");
}

BOOST_AUTO_TEST_CASE(with_and_else) {
  BOOST_TEST(render("{{#with customer}}{{name}} in {{address.city}}{{/with}}", kOrder) == "Ann in Paris");
  BOOST_TEST(render("{{#with c}}x{{else}}no customer{{/with}}", {{"c", nullptr}}) == "no customer");
}

BOOST_AUTO_TEST_CASE(mustache_sections_and_inverted_sections) {
  BOOST_TEST(render("{{#items}}{{name}} {{/items}}", kOrder) == "pen ink pad ");
  BOOST_TEST(render("{{#customer}}{{name}}{{/customer}}", kOrder) == "Ann");
  BOOST_TEST(render("{{#flag}}on{{/flag}}{{^flag}}off{{/flag}}", {{"flag", false}}) == "off");
  BOOST_TEST(render("{{^empty}}nothing{{/empty}}", kOrder) == "nothing");
  BOOST_TEST(render("{{#items}}{{@index}}{{/items}}", kOrder) == "012");
  BOOST_TEST(render("{{#empty}}x{{else}}none{{/empty}}", kOrder) == "none");
}

BOOST_AUTO_TEST_CASE(helper_result_as_a_section) {
  BOOST_TEST(render("{{#gt total 100}}big{{else}}small{{/gt}}", {{"total", 150}}) == "big");
}

BOOST_AUTO_TEST_CASE(standalone_block_lines_leave_no_blank_lines) {
  const std::string tpl =
      "<ul>\n"
      "  {{#each items}}\n"
      "  <li>{{name}}</li>\n"
      "  {{else}}\n"
      "  <li>none</li>\n"
      "  {{/each}}\n"
      "</ul>\n";
  BOOST_TEST(render(tpl, kOrder) == "<ul>\n  <li>pen</li>\n  <li>ink</li>\n  <li>pad</li>\n</ul>\n");
  BOOST_TEST(render(tpl, json{{"items", json::array()}}) == "<ul>\n  <li>none</li>\n</ul>\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(syntax)

BOOST_AUTO_TEST_CASE(comments) {
  BOOST_TEST(render("a{{! short }}b{{!-- long with }} inside --}}c") == "abc");
  BOOST_TEST(render("a\n{{!-- standalone\nmulti-line --}}\nb") == "a\nb");
}

BOOST_AUTO_TEST_CASE(whitespace_control) {
  BOOST_TEST(render("a  {{~x~}}  b", {{"x", "X"}}) == "aXb");
  BOOST_TEST(render("<p>\n  {{~#if ok~}}\n  yes\n  {{~/if~}}\n</p>", {{"ok", true}}) == "<p>yes</p>");
  BOOST_TEST(render("[ {{~{x}~}} ]", {{"x", "<b>"}}) == "[<b>]");
}

BOOST_AUTO_TEST_CASE(literals) {
  BOOST_TEST(render("{{default missing \"dq\"}} {{default missing 'sq'}} {{default missing 'it\\'s'}}",
                    json::object()) == "dq sq it&#x27;s");
  BOOST_TEST(render("{{add 2 -3}} {{add 1.5 1}} {{#if true}}t{{/if}}{{#if false}}f{{/if}}{{#if null}}n{{/if}}") ==
             "-1 2.5 t");
}

BOOST_AUTO_TEST_CASE(subexpressions_and_hash_arguments) {
  BOOST_TEST(render("{{upper (default nick name)}}", {{"name", "bob"}}) == "BOB");
  BOOST_TEST(render("{{#if (and (gt qty 0) (not paid))}}bill{{/if}}", {{"qty", 2}, {"paid", false}}) == "bill");
  BOOST_TEST(render("{{number (mul price qty) decimals=2}}", {{"price", 1.25}, {"qty", 3}}) == "3.75");
}

BOOST_AUTO_TEST_CASE(raw_output) {
  json data = {{"html", "<b>&</b>"}};
  BOOST_TEST(render("{{html}}|{{{html}}}|{{&html}}", data) == "&lt;b&gt;&amp;&lt;/b&gt;|<b>&</b>|<b>&</b>");
}

BOOST_AUTO_TEST_CASE(set_delimiters) {
  BOOST_TEST(render("{{=<% %>=}}<% title %> {{title}} <%={{ }}=%>{{title}}", kOrder) == "Order {{title}} Order");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(partials_and_inheritance)

BOOST_AUTO_TEST_CASE(partial_with_current_context_and_argument) {
  Options o;
  o.partials = {{"line", "{{name}}={{price}}"}};
  BOOST_TEST(render("{{#each items}}{{> line}};{{/each}}", kOrder, o) == "pen=2;ink=5;pad=3;");
  o.partials = {{"who", "{{name}}/{{address.city}}"}};
  BOOST_TEST(render("{{> who customer}}", kOrder, o) == "Ann/Paris");
}

BOOST_AUTO_TEST_CASE(standalone_partial_is_indented) {
  Options o;
  o.partials = {{"rows", "<tr>\n  <td>{{name}}</td>\n</tr>\n"}};
  BOOST_TEST(render("<table>\n  {{#each items}}\n  {{> rows}}\n  {{/each}}\n</table>\n",
                    json::parse(R"({"items":[{"name":"a"}]})"), o) ==
             "<table>\n  <tr>\n    <td>a</td>\n  </tr>\n</table>\n");
}

BOOST_AUTO_TEST_CASE(dynamic_partial) {
  Options o;
  o.partials = {{"pdf", "PDF"}, {"html", "HTML"}};
  BOOST_TEST(render("{{>*kind}}", {{"kind", "html"}}, o) == "HTML");
}

BOOST_AUTO_TEST_CASE(layout_inheritance) {
  Options o;
  o.partials = {{"layout", "<title>{{$title}}Untitled{{/title}}</title>\n<main>\n  {{$body}}\n  empty\n  {{/body}}\n"
                           "</main>\n"}};
  const std::string page = "{{<layout}}\n{{$title}}Invoice{{/title}}\n{{$body}}\n<p>{{customer.name}}</p>\n{{/body}}\n"
                           "{{/layout}}\n";
  BOOST_TEST(render(page, kOrder, o) == "<title>Invoice</title>\n<main>\n  <p>Ann</p>\n</main>\n");
  BOOST_TEST(render("{{<layout}}{{/layout}}", kOrder, o) == "<title>Untitled</title>\n<main>\n  empty\n</main>\n");
}

BOOST_AUTO_TEST_CASE(recursive_partial_over_a_tree) {
  Options o;
  o.partials = {{"node", "{{name}}{{#if children}}({{#each children}}{{> node}}{{/each}}){{/if}}"}};
  json tree = json::parse(R"({"name":"a","children":[{"name":"b","children":[{"name":"c"}]},{"name":"d"}]})");
  BOOST_TEST(render("{{> node}}", tree, o) == "a(b(c)d)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(strictness)

BOOST_AUTO_TEST_CASE(lenient_mode_prints_missing_fields_as_empty) {
  BOOST_TEST(render("[{{missing}}|{{a.b.c}}|{{{raw}}}|{{upper nothing}}|{{currency none \"EUR\"}}]", json::object(),
                    lenient()) == "[||||]");
}

BOOST_AUTO_TEST_CASE(default_makes_a_field_optional_in_strict_mode) {
  BOOST_TEST(render("{{default customer.phone \"-\"}}", kOrder) == "-");
  BOOST_TEST(render("{{default customer.name \"-\"}}", kOrder) == "Ann");
}

BOOST_AUTO_TEST_CASE(compiled_template_is_reused_with_other_data) {
  s2d::tmpl::Error error;
  auto compiled = s2d::tmpl::Template::compile("{{#each items}}{{name}}{{/each}}", {}, &error);
  BOOST_TEST_REQUIRE(compiled != nullptr);
  std::string first, second;
  BOOST_TEST(compiled->render(kOrder, {}, &first, &error));
  BOOST_TEST(compiled->render(json::parse(R"({"items":[{"name":"z"}]})"), {}, &second, &error));
  BOOST_TEST(first == "peninkpad");
  BOOST_TEST(second == "z");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(escape_modes)

BOOST_AUTO_TEST_CASE(escape_none_copies_values) {
  Options o;
  o.escape = Escape::none;
  BOOST_TEST(render("{{v}}", {{"v", "<&>*"}}, o) == "<&>*");
}

BOOST_AUTO_TEST_SUITE_END()
