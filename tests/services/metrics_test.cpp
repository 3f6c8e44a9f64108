#include <boost/test/unit_test.hpp>

#include "services/metrics.hpp"

#include <string>

using namespace s2d;

namespace {

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(counters_are_typed_counter_and_end_in_total) {
  Metrics metrics;
  metrics.count(Counter::http_requests, {"/v1/generations", status_class(202)});
  metrics.count(Counter::http_requests, {"/v1/generations", status_class(202)});
  metrics.count(Counter::http_requests, {"/v1/generations", status_class(415)});
  const auto text = metrics.exposition({});
  BOOST_TEST(has_line(text, "# TYPE s2d_http_requests_total counter"));
  BOOST_TEST(has_line(text, "s2d_http_requests_total{route=\"/v1/generations\",status_class=\"2xx\"} 2"), text);
  BOOST_TEST(has_line(text, "s2d_http_requests_total{route=\"/v1/generations\",status_class=\"4xx\"} 1"), text);
  BOOST_TEST(text.find("# HELP s2d_http_requests_total ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(histogram_buckets_are_cumulative_with_sum_and_count) {
  Metrics metrics;
  metrics.observe(Histogram::render_duration, {"pdf"}, 0.02);
  metrics.observe(Histogram::render_duration, {"pdf"}, 0.3);
  metrics.observe(Histogram::render_duration, {"pdf"}, 5000);
  const auto text = metrics.exposition({});
  BOOST_TEST(has_line(text, "# TYPE s2d_render_duration_seconds histogram"));
  BOOST_TEST(has_line(text, "s2d_render_duration_seconds_bucket{format=\"pdf\",le=\"0.01\"} 0"), text);
  BOOST_TEST(has_line(text, "s2d_render_duration_seconds_bucket{format=\"pdf\",le=\"0.05\"} 1"), text);
  BOOST_TEST(has_line(text, "s2d_render_duration_seconds_bucket{format=\"pdf\",le=\"0.5\"} 2"), text);
  BOOST_TEST(has_line(text, "s2d_render_duration_seconds_bucket{format=\"pdf\",le=\"600\"} 2"), text);
  BOOST_TEST(has_line(text, "s2d_render_duration_seconds_bucket{format=\"pdf\",le=\"+Inf\"} 3"), text);
  BOOST_TEST(has_line(text, "s2d_render_duration_seconds_sum{format=\"pdf\"} 5000.32"), text);
  BOOST_TEST(has_line(text, "s2d_render_duration_seconds_count{format=\"pdf\"} 3"), text);
}

BOOST_AUTO_TEST_CASE(level_and_sampled_gauges_follow_the_families) {
  Metrics metrics;
  metrics.add(LevelGauge::generations_in_flight, 3);
  metrics.add(LevelGauge::generations_in_flight, -1);
  const auto text = metrics.exposition({{"render_slots", "Render slots.", 4}});
  BOOST_TEST(has_line(text, "# TYPE s2d_generations_in_flight gauge"));
  BOOST_TEST(has_line(text, "s2d_generations_in_flight 2"), text);
  BOOST_TEST(has_line(text, "# HELP s2d_render_slots Render slots."));
  BOOST_TEST(has_line(text, "s2d_render_slots 4"), text);
}

BOOST_AUTO_TEST_CASE(label_values_are_escaped) {
  Metrics metrics;
  metrics.count(Counter::auth_failures, {"a\"b\\c\nd"});
  BOOST_TEST(has_line(metrics.exposition({}), R"(s2d_auth_failures_total{reason="a\"b\\c\nd"} 1)"));
}

BOOST_AUTO_TEST_CASE(status_classes) {
  BOOST_TEST(status_class(204) == "2xx");
  BOOST_TEST(status_class(507) == "5xx");
}

BOOST_AUTO_TEST_SUITE_END()
