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

TEST_CASE("the seed front-end's Indonesian quick questions and their English variants", "[copilot]") {
  CHECK(detect_intent("Tampilkan mesin yang memerlukan pemeliharaan minggu ini") == Intent::due_this_week);
  CHECK(detect_intent("Tampilkan status untuk mesin nomor 7") == Intent::unit_status);
  CHECK(detect_intent("Tampilkan riwayat pemeliharaan mesin nomor 7") == Intent::maintenance_history);
  CHECK(detect_intent("Ada berapa mesin yang sedang rusak saat ini?") == Intent::fleet_status);
  CHECK(detect_intent("Which machines need maintenance this week?") == Intent::due_this_week);
  CHECK(detect_intent("What is due for maintenance?") == Intent::due_this_week);
  CHECK(detect_intent("Show the status of unit 7") == Intent::unit_status);
  CHECK(detect_intent("What is the condition of machine 7?") == Intent::unit_status);
  CHECK(detect_intent("Maintenance history of UNIT_202") == Intent::maintenance_history);
  CHECK(detect_intent("fleet status") == Intent::fleet_status);  // the whole fleet, not one unit
  CHECK(detect_intent("Schedule maintenance this week for unit 7") == Intent::schedule);
  CHECK(detect_intent("Jadwalkan pemeliharaan untuk mesin nomor 7") == Intent::schedule);
  CHECK(detect_intent("Berapa sisa umur mesin nomor 7?") == Intent::remaining_life);
  CHECK(detect_intent("Apakah mesin nomor 7 berisiko gagal?") == Intent::failure_risk);

  CHECK(find_ids("Tampilkan status untuk mesin nomor 7", kKnown).unit_id == "7");
  CHECK(find_ids("status of machine #7", kKnown).unit_id == "7");
  CHECK(find_ids("mesin nomor 7 produk M14860", kKnown).product_id == "M14860");
  CHECK_FALSE(find_ids("Tampilkan status untuk mesin nomor #", kKnown).unit_id);
}

TEST_CASE("the answer's language is the newest question's that shows one", "[copilot]") {
  CHECK(message_language("Tampilkan status untuk mesin nomor 7") == Language::indonesian);
  CHECK(message_language("Show the status of unit 7") == Language::english);
  CHECK_FALSE(message_language("M14860"));
  CHECK_FALSE(message_language("7"));
  Conversation conversation{{{"user", "Tampilkan status untuk mesin nomor 7"}, {"assistant", "..."}, {"user", "M14860"}}, {}};
  CHECK(reply_language(conversation) == Language::indonesian);
  conversation.messages.push_back({"assistant", "..."});
  conversation.messages.push_back({"user", "and what is the risk?"});
  CHECK(reply_language(conversation) == Language::english);
  CHECK(reply_language(Conversation{}) == Language::english);
}

TEST_CASE("a unit id several products have takes the product the context names, unless the question names one",
          "[copilot]") {
  Conversation conversation{{{"user", "What is the risk of unit 7?"}}, {"M14860", std::nullopt}};
  auto resolved = resolve_unit(conversation, kKnown);
  REQUIRE(resolved.unit);
  CHECK(*resolved.unit == aegis::telemetry::UnitKey{"M14860", "7"});

  conversation.context = {"M14860", "7"};
  CHECK(*resolve_unit(conversation, kKnown).unit == aegis::telemetry::UnitKey{"M14860", "7"});

  conversation.messages = {{"user", "What is the risk of unit 7 of product L47181?"}};
  CHECK(*resolve_unit(conversation, kKnown).unit == aegis::telemetry::UnitKey{"L47181", "7"});

  // A context product that has no such unit does not settle it.
  conversation = Conversation{{{"user", "What is the risk of unit 7?"}}, {"P999", std::nullopt}};
  resolved = resolve_unit(conversation, kKnown);
  CHECK_FALSE(resolved.unit);
  CHECK(resolved.candidate_products == std::vector<std::string>{"L47181", "M14860"});
}

TEST_CASE("a name that is also an Indonesian word does not make an English question Indonesian", "[copilot]") {
  CHECK(message_language("Dan here. What is the failure risk of UNIT_008?") == Language::english);
  CHECK(message_language("Apa status mesin ini?") == Language::indonesian);
}
