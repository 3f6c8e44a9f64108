#include <boost/test/unit_test.hpp>

#include "core/generation.hpp"

using namespace s2d;
using S = GenerationStatus;

BOOST_AUTO_TEST_SUITE(generation_state_machine)

BOOST_AUTO_TEST_CASE(allowed_transitions) {
  BOOST_TEST(can_transition(S::pending, S::running));
  BOOST_TEST(can_transition(S::pending, S::canceled));
  BOOST_TEST(can_transition(S::running, S::completed));
  BOOST_TEST(can_transition(S::running, S::failed));
  BOOST_TEST(can_transition(S::running, S::canceled));
  BOOST_TEST(can_transition(S::running, S::pending));  // re-queued after a lost render
}

BOOST_AUTO_TEST_CASE(terminal_states_never_change) {
  for (auto from : {S::completed, S::failed, S::canceled})
    for (auto to : {S::pending, S::running, S::completed, S::failed, S::canceled})
      BOOST_TEST_CONTEXT(to_string(from) << " -> " << to_string(to)) { BOOST_TEST(!can_transition(from, to)); }
}

BOOST_AUTO_TEST_CASE(pending_cannot_complete_without_running) {
  BOOST_TEST(!can_transition(S::pending, S::completed));
  BOOST_TEST(!can_transition(S::pending, S::pending));
}

BOOST_AUTO_TEST_CASE(transition_stamps_times_and_counts_attempts) {
  Generation g;
  BOOST_TEST(transition(g, S::running, 100));
  BOOST_TEST(g.started_ms == 100);
  BOOST_TEST(g.attempts == 1);
  BOOST_TEST(transition(g, S::pending, 150));
  BOOST_TEST(transition(g, S::running, 200));
  BOOST_TEST(g.attempts == 2);
  BOOST_TEST(transition(g, S::completed, 300));
  BOOST_TEST(g.completed_ms == 300);
  BOOST_TEST(!transition(g, S::failed, 400));
  BOOST_TEST(int(g.status) == int(S::completed));
  BOOST_TEST(g.completed_ms == 300);
}

BOOST_AUTO_TEST_CASE(storage_codec_round_trips_every_field) {
  Generation g;
  g.id = "gen_01";
  g.workspace_id = "ws_01";
  g.template_id = "tpl_01";
  g.template_version = 3;
  g.data_source_id = "src_01";
  g.filters = {{"account_id", "42"}};
  g.formats = {"pdf", "docx"};
  g.metadata = {{"crm", "hubspot"}};
  g.options = {{"locale", "de-DE"}};
  g.status = S::completed;
  g.created_ms = 1;
  g.started_ms = 2;
  g.completed_ms = 3;
  g.outputs.push_back({"pdf", "file_01", "application/pdf", 1234, "ab12", 2, false});
  g.error = nullptr;
  g.warnings = {"missing glyph"};
  g.idempotency_key = "key-1";
  g.attempts = 2;

  auto stored = to_storage(g);
  auto back = generation_from_storage(nlohmann::json::parse(stored.dump()));
  BOOST_TEST(to_storage(back) == stored);
  BOOST_TEST(back.outputs.at(0).size_bytes == 1234);
  BOOST_TEST(int(back.status) == int(S::completed));
}

BOOST_AUTO_TEST_CASE(codec_ignores_unknown_fields_and_defaults_missing_ones) {
  auto g = generation_from_storage({{"id", "gen_x"}, {"added_in_a_later_version", 1}});
  BOOST_TEST(g.id == "gen_x");
  BOOST_TEST(int(g.status) == int(S::pending));
  BOOST_TEST(g.outputs.empty());
}

BOOST_AUTO_TEST_SUITE_END()
