// How records become the documents of a generation, and required fields.
#define BOOST_TEST_MODULE generation_tests
#include <boost/test/unit_test.hpp>

#include "generation/data_resolution.hpp"
#include "generation/render_job.hpp"

using nlohmann::json;
using namespace s2d;

BOOST_AUTO_TEST_SUITE(documents_from_data)

BOOST_AUTO_TEST_CASE(one_record_is_the_data_several_are_a_list_or_one_document_each) {
  auto one = documents_from_records(json::array({{{"name", "a"}}}), false);
  BOOST_TEST(one.documents.size() == 1u);
  BOOST_TEST(one.documents[0] == json({{"name", "a"}}));
  BOOST_TEST(!one.per_record);

  auto listed = documents_from_records(json::array({{{"name", "a"}}, {{"name", "b"}}}), false);
  BOOST_TEST(listed.documents.size() == 1u);
  BOOST_TEST(listed.documents[0] == json({{"records", json::array({{{"name", "a"}}, {{"name", "b"}}})}}));

  auto each = documents_from_records(json::array({{{"name", "a"}}, {{"name", "b"}}}), true);
  BOOST_TEST(each.per_record);
  BOOST_TEST(each.documents.size() == 2u);
  BOOST_TEST(each.documents[1] == json({{"name", "b"}}));

  auto single_per_record = documents_from_records(json::array({{{"name", "a"}}}), true);
  BOOST_TEST(!single_per_record.per_record);
}

BOOST_AUTO_TEST_CASE(no_record_is_no_records_matched) {
  auto none = documents_from_records(json::array(), false);
  BOOST_TEST(none.documents.empty());
  BOOST_TEST(none.error["type"] == "data_source_error");
  BOOST_TEST(none.error["code"] == "no_records_matched");
  BOOST_TEST(documents_from_inline(json::array(), true).error["code"] == "no_records_matched");
}

BOOST_AUTO_TEST_CASE(an_inline_object_is_one_document_even_with_a_records_field) {
  auto inline_object = documents_from_inline({{"records", json::array({1, 2})}}, true);
  BOOST_TEST(inline_object.documents.size() == 1u);
  BOOST_TEST(!inline_object.per_record);
}

BOOST_AUTO_TEST_CASE(required_fields_are_dotted_paths_that_must_not_be_null) {
  json data = {{"customer", {{"name", "Ada"}, {"vat", nullptr}}}, {"total", 0}};
  BOOST_TEST(check_required_fields(json({"customer.name", "total"}), data).is_null());
  auto missing = check_required_fields(json({"customer.name", "customer.vat"}), data);
  BOOST_TEST(missing["code"] == "missing_required_field");
  BOOST_TEST(missing["placeholder"] == "customer.vat");
  BOOST_TEST(check_required_fields(json({"customer.name.first"}), data)["placeholder"] == "customer.name.first");
  BOOST_TEST(check_required_fields(json({"items"}), data)["type"] == "template_error");
}

BOOST_AUTO_TEST_SUITE_END()
