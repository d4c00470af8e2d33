#include <catch2/catch.hpp>

#include "engine/copilot/intent.hpp"

using namespace aegis::copilot;

namespace {
const std::vector<aegis::telemetry::UnitKey> kKnown{{"L47181", "UNIT_202"}, {"L47181", "7"}, {"M14860", "7"}};
}

TEST_CASE("the offline copilot reads the seed's questions", "[copilot]") {
  CHECK(detect_intent("I'm worried about UNIT_202") == Intent::failure_risk);
  CHECK(detect_intent("Check the failure risk") == Intent::failure_risk);
  CHECK(detect_intent("How much time do we have?") == Intent::remaining_life);
  CHECK(detect_intent("What is the RUL of unit 7?") == Intent::remaining_life);
  CHECK(detect_intent("Schedule maintenance for it") == Intent::schedule);
  CHECK(detect_intent("Show the schedule") == Intent::show_schedule);
  CHECK(detect_intent("Any open jobs?") == Intent::show_schedule);
  CHECK(detect_intent("Which units are at risk?") == Intent::fleet_status);
  CHECK(detect_intent("Good morning") == Intent::unknown);
  CHECK(detect_intent("What are your rules?") == Intent::unknown);  // "rul" only as a word
}

TEST_CASE("ids are found by known names or after the words unit and product", "[copilot]") {
  auto ids = find_ids("I'm worried about unit_202.", kKnown);
  CHECK(ids.unit_id == "UNIT_202");
  CHECK_FALSE(ids.product_id);
  ids = find_ids("unit 7 of product M14860", kKnown);
  CHECK(ids.unit_id == "7");
  CHECK(ids.product_id == "M14860");
  ids = find_ids("we have 7 days", kKnown);  // a number alone is not a unit
  CHECK_FALSE(ids.unit_id);
  CHECK(find_ids("what about UNIT_555?", kKnown).unit_id == "UNIT_555");
}

TEST_CASE("the unit comes from the question, the context, then history; its product when unique", "[copilot]") {
  Conversation conversation{{{"user", "I'm worried about UNIT_202"}, {"assistant", "..."}, {"user", "How long?"}}, {}};
  auto resolved = resolve_unit(conversation, kKnown);
  REQUIRE(resolved.unit);
  CHECK(*resolved.unit == aegis::telemetry::UnitKey{"L47181", "UNIT_202"});

  conversation.context = {"M14860", "7"};
  resolved = resolve_unit(conversation, kKnown);
  CHECK(*resolved.unit == aegis::telemetry::UnitKey{"M14860", "7"});

  Conversation ambiguous{{{"user", "How is unit 7?"}}, {}};
  resolved = resolve_unit(ambiguous, kKnown);
  CHECK_FALSE(resolved.unit);
  CHECK(resolved.candidate_products == std::vector<std::string>{"L47181", "M14860"});
}
