// Field discovery: the data a template reads, with loops as [] and the
// fields read inside loops and with-blocks as children.
#include "tests/template/template_fixture.hpp"

#include <boost/test/unit_test.hpp>

using s2d::tmpl::test::json;

namespace {

json fields_of(const std::string& source, std::map<std::string, std::string> partials = {}) {
  s2d::tmpl::CompileOptions options;
  options.partials = std::move(partials);
  s2d::tmpl::Error error;
  auto compiled = s2d::tmpl::Template::compile(source, options, &error);
  BOOST_TEST_REQUIRE(compiled != nullptr, error.message);
  return compiled->fields_json();
}

json field(const std::string& name, const std::string& path, bool list = false, json children = json::array()) {
  return {{"name", name}, {"path", path}, {"list", list}, {"children", std::move(children)}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(plain_and_dotted_fields_in_order_without_duplicates) {
  BOOST_TEST(fields_of("{{title}} {{customer.address.city}} {{title}}") ==
             json::array({field("title", "title"), field("city", "customer.address.city")}));
}

BOOST_AUTO_TEST_CASE(loops_with_children) {
  json expected = json::array({field("items", "items", true,
                                     json::array({field("name", "items[].name"), field("price", "items[].price")})),
                               field("currency", "currency")});
  BOOST_TEST(fields_of("{{#each items}}{{name}} {{price}} {{../currency}} {{@index}} {{this}}{{/each}}") == expected);
}

BOOST_AUTO_TEST_CASE(nested_loops_sections_and_with) {
  BOOST_TEST(fields_of("{{#each orders}}{{#each lines}}{{sku}}{{/each}}{{/each}}") ==
             json::array({field("orders", "orders", true,
                                json::array({field("lines", "orders[].lines", true,
                                                   json::array({field("sku", "orders[].lines[].sku")}))}))}));
  BOOST_TEST(fields_of("{{#with customer}}{{name}}{{/with}}{{#rows}}{{n}}{{/rows}}") ==
             json::array({field("customer", "customer", false, json::array({field("name", "customer.name")})),
                          field("rows", "rows", true, json::array({field("n", "rows[].n")}))}));
}

BOOST_AUTO_TEST_CASE(conditions_helpers_and_optional_fields) {
  BOOST_TEST(fields_of("{{#if paid}}{{currency total \"EUR\" locale=loc}}{{/if}}{{default phone \"-\"}}") ==
             json::array({field("paid", "paid"), field("total", "total"), field("loc", "loc"),
                          field("phone", "phone")}));
  BOOST_TEST(fields_of("{{sum items \"price\"}}") ==
             json::array({field("items", "items", true, json::array({field("price", "items[].price")}))}));
}

BOOST_AUTO_TEST_CASE(partials_contribute_their_fields) {
  BOOST_TEST(fields_of("{{#each items}}{{> row}}{{/each}}", {{"row", "{{sku}}{{> row_extra}}"}, {"row_extra", "{{qty}}"}}) ==
             json::array({field("items", "items", true,
                                json::array({field("sku", "items[].sku"), field("qty", "items[].qty")}))}));
}

BOOST_AUTO_TEST_CASE(fields_struct_matches_json) {
  s2d::tmpl::Error error;
  auto compiled = s2d::tmpl::Template::compile("{{#each items}}{{price}}{{/each}}", {}, &error);
  BOOST_TEST_REQUIRE(compiled != nullptr);
  const auto& fields = compiled->fields();
  BOOST_TEST_REQUIRE(fields.size() == 1u);
  BOOST_TEST(fields[0].name == "items");
  BOOST_TEST(fields[0].list);
  BOOST_TEST_REQUIRE(fields[0].children.size() == 1u);
  BOOST_TEST(fields[0].children[0].path == "items[].price");
}
