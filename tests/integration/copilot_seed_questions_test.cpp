// The offline copilot with what the seed's clients send: the chat's context
// naming the unit, and the Indonesian quick questions of the seed's web
// front-end (and their English variants), answered in the language asked.
#include <catch2/catch.hpp>
#include <cstdio>

#include "engine/telemetry/telemetry_store.hpp"
#include "tests/support/copilot_fixtures.hpp"
#include "tests/support/model_fixtures.hpp"

using namespace aegis;
using test::HttpClient;
using json = nlohmann::json;

namespace {

// Unit "7" exists in two products; UNIT_202 degrades.
test::GatewayFixture two_product_gateway() {
  return test::GatewayFixture(
      [](store::Database& db, models::ModelRegistry& registry) {
        telemetry::TelemetryStore store(db);
        const auto profile = profiles::ai4i_profile();
        store.insert(profile, test::unit_history("L47181", "7", 60, true));
        store.insert(profile, test::unit_history("M14860", "7", 60, false));
        store.insert(profile, test::unit_history("L47181", "UNIT_202", 60, true));
        test::install_test_models(registry);
      },
      [](config::Config& c) { c.copilot.provider = "offline"; });
}

json unit(const char* product, const char* unit_id) { return {{"product_id", product}, {"unit_id", unit_id}}; }

json calls_of(const json& data) {
  json names = json::array();
  for (const auto& call : data["tool_calls"]) names.push_back(call["name"]);
  return names;
}

std::string percent(double probability) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %%", probability * 100.0);
  return text;
}

std::string hours(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

}  // namespace

TEST_CASE("copilot context: the product it names settles a unit id several products have", "[copilot][offline][seed]") {
  auto gateway = two_product_gateway();
  HttpClient client(gateway.port());
  const std::string question = "What is the failure risk of unit 7?";

  const auto unsettled = test::copilot_chat(client, test::user_turn(question))["data"];
  CHECK(unsettled["tool_calls"] == json::array());
  CHECK(unsettled["reply"] == "Unit 7 exists in several products (L47181, M14860). Which product do you mean?");

  for (const auto& context : {json{{"product_id", "M14860"}}, unit("M14860", "7")}) {
    const auto data = test::copilot_chat(client, test::user_turn(question, context))["data"];
    CHECK(data["tool_calls"] == json::array({{{"name", "predict_failure"}, {"arguments", unit("M14860", "7")}}}));
    CHECK_THAT(data["reply"].get<std::string>(),
               Catch::StartsWith("The failure probability of unit 7 (product M14860)"));
  }
  // Only the unit in the context: the question need not name it.
  const auto from_context =
      test::copilot_chat(client, test::user_turn("How much time do we have?", unit("L47181", "7")))["data"];
  CHECK(from_context["tool_calls"] == json::array({{{"name", "predict_rul"}, {"arguments", unit("L47181", "7")}}}));
  // The question's own words win over the context.
  const auto named = test::copilot_chat(
      client, test::user_turn("What is the failure risk of unit 7 of product L47181?", unit("M14860", "7")))["data"];
  CHECK(named["tool_calls"] == json::array({{{"name", "predict_failure"}, {"arguments", unit("L47181", "7")}}}));
  const auto other_unit =
      test::copilot_chat(client, test::user_turn("Is UNIT_202 going to fail?", unit("M14860", "7")))["data"];
  CHECK(other_unit["tool_calls"] ==
        json::array({{{"name", "predict_failure"}, {"arguments", unit("L47181", "UNIT_202")}}}));
}

TEST_CASE("copilot: the seed front-end's Indonesian quick questions are answered in Indonesian",
          "[copilot][offline][seed]") {
  auto gateway = two_product_gateway();
  HttpClient client(gateway.port());
  // One job for UNIT_202, planned from now: due this week.
  const auto plan =
      test::tool_endpoint(client, "optimize_schedule", {{"unit_list", json::array({unit("L47181", "UNIT_202")})}});
  REQUIRE(plan["units_scheduled"] == 1);
  const auto& job = plan["recommendations"][0];
  const std::string start = job["recommended_start"], end = job["recommended_end"], reason = job["reason"];

  SECTION("machines that need maintenance this week") {
    const auto data =
        test::copilot_chat(client, test::user_turn("Tampilkan mesin yang memerlukan pemeliharaan minggu ini"))["data"];
    CHECK(calls_of(data) ==
          json::array({"list_open_maintenance_jobs", "fleet_risk_summary", "list_open_maintenance_jobs"}));
    CHECK(data["tool_calls"][0]["arguments"] == json{{"within_days", 7}});
    CHECK(data["tool_results"][0]["result"]["count"] == 1);
    CHECK(data["reply"] ==
          "Pemeliharaan yang jatuh tempo dalam 7 hari ke depan, termasuk yang terlambat (1): unit "
          "UNIT_202 (produk L47181) PENDING mulai " +
              start + ".");
    const auto english =
        test::copilot_chat(client, test::user_turn("Which machines need maintenance this week?"))["data"];
    CHECK(english["reply"] ==
          "Maintenance due within the next 7 days, overdue jobs included (1): unit UNIT_202 "
          "(product L47181) PENDING from " +
              start + ".");
  }
  SECTION("the status of machine number N") {
    const auto data = test::copilot_chat(
        client, test::user_turn("Tampilkan status untuk mesin nomor 7", json{{"product_id", "L47181"}}))["data"];
    CHECK(calls_of(data) == json::array({"predict_failure", "predict_rul"}));
    CHECK(data["tool_calls"][0]["arguments"] == unit("L47181", "7"));
    const auto failure = test::tool_endpoint(client, "predict_failure", unit("L47181", "7"));
    const auto rul = test::tool_endpoint(client, "predict_rul", unit("L47181", "7"));
    CHECK(data["tool_results"][0]["result"] == failure);
    CHECK(data["tool_results"][1]["result"] == rul);
    const std::string reply = data["reply"];
    CHECK_THAT(reply, Catch::StartsWith("Status unit 7 (produk L47181): probabilitas kegagalan " +
                                        percent(failure["failure_probability"].get<double>())));
    CHECK_THAT(reply,
               Catch::Contains("Perkiraan sisa umur pakai: " + hours(rul["current_rul_hours"].get<double>()) + " jam"));
    // The front-end's text as sent, "#" and all: the unit comes from the context.
    const auto literal = test::copilot_chat(
        client, test::user_turn("Tampilkan status untuk mesin nomor #", unit("L47181", "UNIT_202")))["data"];
    CHECK(literal["tool_calls"][1] == json{{"name", "predict_rul"}, {"arguments", unit("L47181", "UNIT_202")}});
    CHECK_THAT(literal["reply"].get<std::string>(), Catch::StartsWith("Status unit UNIT_202 (produk L47181):"));
    // Without any unit in the conversation, the status of every machine.
    const auto fleet = test::copilot_chat(client, test::user_turn("Tampilkan status mesin"))["data"];
    CHECK(calls_of(fleet) == json::array({"fleet_risk_summary"}));
    CHECK_THAT(fleet["reply"].get<std::string>(), Catch::StartsWith("Dari 3 unit, "));
    // "Does unit N need maintenance?" is that unit's status.
    const auto one = test::copilot_chat(client, test::user_turn("Does UNIT_202 need maintenance?"))["data"];
    CHECK(calls_of(one) == json::array({"predict_failure", "predict_rul"}));
    const auto english =
        test::copilot_chat(client, test::user_turn("Show the status of machine 7 of product M14860"))["data"];
    CHECK(english["tool_calls"][0]["arguments"] == unit("M14860", "7"));
    CHECK_THAT(english["reply"].get<std::string>(),
               Catch::StartsWith("Status of unit 7 (product M14860): failure probability "));
  }
  SECTION("the maintenance history of machine number N") {
    const auto data =
        test::copilot_chat(client, test::user_turn("Tampilkan riwayat pemeliharaan mesin nomor UNIT_202"))["data"];
    CHECK(data["tool_calls"] ==
          json::array({{{"name", "maintenance_history"}, {"arguments", unit("L47181", "UNIT_202")}}}));
    CHECK(data["reply"] ==
          "Riwayat pemeliharaan unit UNIT_202 (produk L47181) (1 dari 1 pekerjaan, terbaru dulu): "
          "PENDING dari " +
              start + " sampai " + end + " (" + reason + ").");
    const auto none = test::copilot_chat(client, test::user_turn("Tampilkan riwayat pemeliharaan mesin nomor 7",
                                                                 json{{"product_id", "M14860"}}))["data"];
    CHECK(none["reply"] == "Belum ada catatan pekerjaan pemeliharaan untuk unit 7 (produk M14860).");
    const auto english = test::copilot_chat(client, test::user_turn("Maintenance history of UNIT_202?"))["data"];
    CHECK(english["reply"] ==
          "Maintenance history of unit UNIT_202 (product L47181) (1 of 1 jobs, newest first): "
          "PENDING from " +
              start + " to " + end + " (" + reason + ").");
  }
  SECTION("an answer to the copilot's question keeps the question asked and its language") {
    const auto first = test::copilot_chat(client, test::user_turn("Tampilkan status untuk mesin nomor 7"))["data"];
    CHECK(first["tool_calls"] == json::array());
    CHECK(first["reply"] == "Unit 7 ada di beberapa produk (L47181, M14860). Produk mana yang Anda maksud?");
    const auto second = test::copilot_chat(client, test::user_turn("M14860", nullptr, first["session_id"]))["data"];
    CHECK(calls_of(second) == json::array({"predict_failure", "predict_rul"}));
    CHECK(second["tool_calls"][0]["arguments"] == unit("M14860", "7"));
    CHECK_THAT(second["reply"].get<std::string>(), Catch::StartsWith("Status unit 7 (produk M14860): "));
    // A greeting names nothing: the copilot says what it can do, in the language asked.
    const auto hello = test::copilot_chat(client, test::user_turn("Halo, apa yang bisa kamu lakukan?"))["data"];
    CHECK_THAT(hello["reply"].get<std::string>(), Catch::StartsWith("Saya dapat memeriksa risiko kegagalan"));
  }
}
