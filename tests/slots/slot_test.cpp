// The render slot codec, the framed pipe protocol and the cluster token.
#define BOOST_TEST_MODULE slots
#include "slots/cluster_token.hpp"
#include "slots/codec.hpp"
#include "slots/frame.hpp"
#include "slots/office_pdf.hpp"
#include "slots/slot.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unistd.h>

using namespace s2d;

namespace {

slots::Job sample_job() {
  slots::Job job;
  job.template_kind = "markdown";
  job.source = "# Hello {{name}}\n";
  job.data_json = R"({"name":"Ada"})";
  job.formats = {"pdf", "md"};
  job.locale = "de-DE";
  job.default_locale = "en-US";
  job.timezone = "Europe/Berlin";
  job.assets = {{"logo.png", "image/png", std::string("\x89PNG\0\x01", 6)}};
  job.deterministic = true;
  job.max_output_bytes = 1234;
  job.max_iterations = 99;
  job.max_depth = 7;
  return job;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_job_survives_the_round_trip) {
  std::string error;
  auto decoded = slots::decode_job(slots::encode_job(sample_job()), &error);
  BOOST_REQUIRE_MESSAGE(decoded, error);
  auto job = sample_job();
  BOOST_TEST(decoded->source == job.source);
  BOOST_TEST(decoded->data_json == job.data_json);
  BOOST_TEST(decoded->formats == job.formats);
  BOOST_TEST(decoded->timezone == job.timezone);
  BOOST_REQUIRE(decoded->assets.size() == 1u);
  BOOST_TEST(decoded->assets[0].bytes == job.assets[0].bytes);
  BOOST_TEST(decoded->deterministic);
  BOOST_TEST(decoded->max_output_bytes == 1234u);
  BOOST_TEST(decoded->max_depth == 7);
}

BOOST_AUTO_TEST_CASE(a_result_survives_the_round_trip) {
  render::Result result;
  result.outputs.push_back({"pdf", "application/pdf", std::string("%PDF\0x", 6), 3});
  result.warnings = {"no font covers U+1F600"};
  std::string error;
  auto decoded = slots::decode_result(slots::encode_result(result), &error);
  BOOST_REQUIRE_MESSAGE(decoded, error);
  BOOST_REQUIRE(decoded->outputs.size() == 1u);
  BOOST_TEST(decoded->outputs[0].bytes == result.outputs[0].bytes);
  BOOST_TEST(decoded->outputs[0].pages == 3);
  BOOST_TEST(!decoded->error);
  BOOST_TEST(decoded->warnings == result.warnings);

  render::Result failed;
  failed.error = render::Failure{};
  failed.error->code = "missing_required_field";
  failed.error->placeholder = "customer.name";
  failed.error->line = 3;
  failed.error->context = {{"record_index", 2}};
  decoded = slots::decode_result(slots::encode_result(failed), &error);
  BOOST_REQUIRE_MESSAGE(decoded, error);
  BOOST_REQUIRE(decoded->error);
  BOOST_TEST(decoded->error->code == "missing_required_field");
  BOOST_TEST(decoded->error->line == 3);
  BOOST_TEST(decoded->error->context["record_index"] == 2);
}

BOOST_AUTO_TEST_CASE(truncated_foreign_and_other_version_payloads_are_refused) {
  auto payload = slots::encode_job(sample_job());
  std::string error;
  for (std::size_t cut = 0; cut < payload.size(); ++cut)
    BOOST_TEST(!slots::decode_job(payload.substr(0, cut), &error));
  BOOST_TEST(!slots::decode_job(payload + "x", &error));
  BOOST_TEST(error.find("trailing") != std::string::npos);

  auto other_version = payload;
  other_version[4] = char(slots::kWireVersion + 1);
  BOOST_TEST(!slots::decode_job(other_version, &error));
  BOOST_TEST(error.find("wire version") != std::string::npos);

  BOOST_TEST(!slots::decode_result(payload, &error));  // a job is not a result
  BOOST_TEST(!slots::decode_job("GET / HTTP/1.1\r\n", &error));
}

BOOST_AUTO_TEST_CASE(a_huge_count_is_refused_before_allocating) {
  auto payload = slots::encode_result(render::Result{});
  // The output count sits right after the 7-byte header.
  payload[7] = payload[8] = payload[9] = payload[10] = char(0xff);
  std::string error;
  BOOST_TEST(!slots::decode_result(payload, &error));
  BOOST_TEST(error.find("count") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(frames_cross_a_pipe_and_a_closed_pipe_is_reported) {
  int fds[2];
  BOOST_REQUIRE(::pipe(fds) == 0);
  std::string big(3 << 20, 'x');  // larger than the pipe buffer: short writes and reads
  std::thread writer([&] {
    BOOST_CHECK(slots::write_frame(fds[1], big));
    BOOST_CHECK(slots::write_frame(fds[1], ""));
    ::close(fds[1]);
  });
  std::string payload;
  BOOST_TEST(int(slots::read_frame(fds[0], 4 << 20, &payload)) == int(slots::FrameStatus::ok));
  BOOST_TEST(payload == big);
  BOOST_TEST(int(slots::read_frame(fds[0], 4 << 20, &payload)) == int(slots::FrameStatus::ok));
  BOOST_TEST(payload.empty());
  writer.join();
  BOOST_TEST(int(slots::read_frame(fds[0], 4 << 20, &payload)) == int(slots::FrameStatus::closed));
  ::close(fds[0]);
}

BOOST_AUTO_TEST_CASE(a_frame_over_the_limit_is_not_read) {
  int fds[2];
  BOOST_REQUIRE(::pipe(fds) == 0);
  BOOST_REQUIRE(slots::write_frame(fds[1], std::string(100, 'x')));
  std::string payload;
  BOOST_TEST(int(slots::read_frame(fds[0], 99, &payload)) == int(slots::FrameStatus::too_large));
  ::close(fds[0]);
  ::close(fds[1]);
}

BOOST_AUTO_TEST_CASE(a_job_renders_in_process_and_bad_data_is_a_failure) {
  auto job = sample_job();
  job.formats = {"md"};
  job.assets.clear();
  auto result = slots::render_job(job);
  BOOST_REQUIRE(!result.error);
  BOOST_TEST(result.outputs.at(0).bytes.find("Hello Ada") != std::string::npos);
  job.data_json = "{not json";
  result = slots::render_job(job);
  BOOST_REQUIRE(result.error);
  BOOST_TEST(result.error->code == "render_failed");
}

// A DOCX template with a tag, written by the Markdown renderer (the tag passes through as data).
std::string docx_template() {
  render::Request request;
  request.source = "# Invoice {{o}}number{{c}}\n\nFor {{o}}customer{{c}}\n";
  request.data = {{"o", "{{"}, {"c", "}}"}};
  request.formats = {"docx"};
  auto written = render::render(request);
  BOOST_REQUIRE(!written.error);
  return written.outputs.at(0).bytes;
}

BOOST_AUTO_TEST_CASE(an_office_template_renders_to_pdf_through_the_slots_libreoffice) {
  slots::Job job;
  job.template_kind = "docx";
  job.source = docx_template();
  job.data_json = R"({"number": "INV-9", "customer": "Quokka"})";
  job.formats = {"pdf", "docx"};
  slots::OfficePdf office;
  auto result = slots::render_job(job, &office);
  const std::string why = result.error ? result.error->message : std::string();
  BOOST_REQUIRE_MESSAGE(!result.error.has_value(), why);
  BOOST_REQUIRE(result.outputs.size() == 2);
  const auto& pdf = result.outputs[0];
  BOOST_TEST(pdf.format == "pdf");
  BOOST_TEST(pdf.content_type == "application/pdf");
  BOOST_TEST(pdf.bytes.rfind("%PDF-", 0) == 0);
  BOOST_TEST(pdf.bytes.find("%%EOF") != std::string::npos);
  BOOST_TEST(pdf.pages == 1);
  BOOST_TEST(result.outputs[1].format == "docx");
  // Warm: the same instance converts again; a package LibreOffice cannot open is a render failure.
  BOOST_TEST(!slots::render_job(job, &office).error);
  auto broken = office.to_pdf("PK\x03\x04 not a package", "docx");
  BOOST_TEST(!broken.error.empty());
  BOOST_TEST(broken.pdf.empty());
}

BOOST_AUTO_TEST_CASE(an_office_pdf_without_a_converter_is_refused) {
  slots::Job job;
  job.template_kind = "docx";
  job.source = docx_template();
  job.data_json = R"({"number": "INV-9", "customer": "Quokka"})";
  job.formats = {"docx", "pdf"};
  auto result = slots::render_job(job);
  BOOST_REQUIRE(result.error);
  BOOST_TEST(result.error->code == "output_format_unsupported");
  BOOST_TEST(result.outputs.empty());
  BOOST_TEST(slots::uses_office("docx", job.formats));
  BOOST_TEST(!slots::uses_office("docx", {"docx"}));
  BOOST_TEST(slots::uses_office("xlsx", {"xlsx", "pdf"}));
  BOOST_TEST(!slots::uses_office("markdown", {"pdf"}));
}

BOOST_AUTO_TEST_CASE(pdf_pages_are_counted_from_page_objects_not_the_page_tree) {
  BOOST_TEST(slots::count_pdf_pages("1 0 obj<</Type/Pages/Count 2>> 2 0 obj<</Type/Page>> 3 0 obj<</Type/Page/Parent 1 0 R>>") == 2);
  BOOST_TEST(slots::count_pdf_pages("<</Type/PageLabel>>") == 0);
  BOOST_TEST(slots::count_pdf_pages("") == 0);
}

BOOST_AUTO_TEST_CASE(the_cluster_token_is_read_trimmed_and_compared_whole) {
  auto dir = std::string(::getenv("TMPDIR") ? ::getenv("TMPDIR") : "/tmp");
  auto path = dir + "/s2d-slot-test-token-" + std::to_string(::getpid());
  std::string token, error;
  {
    std::FILE* file = std::fopen(path.c_str(), "w");
    std::fputs("  0123456789abcdef-secret\n", file);
    std::fclose(file);
  }
  BOOST_REQUIRE_MESSAGE(slots::load_cluster_token(path, &token, &error), error);
  BOOST_TEST(token == "0123456789abcdef-secret");
  BOOST_TEST(slots::cluster_token_matches(token, "0123456789abcdef-secret"));
  BOOST_TEST(!slots::cluster_token_matches(token, "0123456789abcdef-secreT"));
  BOOST_TEST(!slots::cluster_token_matches(token, "0123456789abcdef"));
  BOOST_TEST(!slots::cluster_token_matches(token, ""));
  BOOST_TEST(!slots::cluster_token_matches("", ""));  // no token configured: nobody joins

  {
    std::FILE* file = std::fopen(path.c_str(), "w");
    std::fputs("short\n", file);
    std::fclose(file);
  }
  BOOST_TEST(!slots::load_cluster_token(path, &token, &error));
  BOOST_TEST(error.find("at least 16") != std::string::npos);
  std::remove(path.c_str());
  BOOST_TEST(!slots::load_cluster_token(path, &token, &error));
  BOOST_TEST(error.find("cannot read") != std::string::npos);
  BOOST_TEST(!slots::load_cluster_token("", &token, &error));
}
