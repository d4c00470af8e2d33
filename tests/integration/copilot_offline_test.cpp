#include <catch2/catch.hpp>

#include <cstdio>
#include <regex>

#include "tests/support/copilot_fixtures.hpp"

using namespace aegis;
using test::HttpClient;
using test::kUnit202;
using json = nlohmann::json;

namespace {

test::GatewayFixture offline_gateway() {
  return test::copilot_gateway([](config::Config& c) { c.copilot.provider = "offline"; });
}

std::string percent(double probability) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %%", probability * 100.0);
  return text;
}

}  // namespace

TEST_CASE("offline: a risk question with context makes one predict_failure call and answers from its result",
          "[copilot][offline]") {
  auto gateway = offline_gateway();
  HttpClient client(gateway.port());
  const auto envelope = test::copilot_chat(client, test::user_turn("What is the failure risk of this machine?", kUnit202));
  CHECK(envelope["error"].is_null());
  const auto& data = envelope["data"];
  CHECK(data["provider"] == "offline");
  CHECK(std::regex_match(data["session_id"].get<std::string>(), std::regex("ses_[0-9a-f]{24}")));
  CHECK(data["tool_calls"] == json::array({{{"name", "predict_failure"}, {"arguments", kUnit202}}}));
  // The same tool layer as the endpoint: the same result.
  const auto expected = test::tool_endpoint(client, "predict_failure", kUnit202);
  CHECK(data["tool_results"] ==
        json::array({{{"tool_name", "predict_failure"}, {"success", true}, {"result", expected}}}));
  const auto reply = data["reply"].get<std::string>();
  CHECK_THAT(reply, Catch::StartsWith("The failure probability of unit UNIT_202 (product L47181) is " +
                                      percent(expected["failure_probability"].get<double>())));
  CHECK_THAT(reply, Catch::Contains(expected["recommendation"].get<std::string>()));
  CHECK(test::count_rows(gateway, "copilot_message", "session_id = '" + data["session_id"].get<std::string>() + "'") == 2);
}

TEST_CASE("offline: a question without ids gets a clarifying reply and no tool call", "[copilot][offline]") {
  auto gateway = offline_gateway();
  HttpClient client(gateway.port());
  const auto data = test::copilot_chat(client, test::user_turn("Check the failure risk"))["data"];
  CHECK(data["tool_calls"] == json::array());
  CHECK(data["tool_results"] == json::array());
  CHECK(data["reply"] == "Which unit do you mean? Please tell me its product id and unit id.");
}

TEST_CASE("offline: a unit that breaks the tool gives success false and a manual inspection", "[copilot][offline]") {
  auto gateway = offline_gateway();
  HttpClient client(gateway.port());
  const json broken{{"product_id", "L47181"}, {"unit_id", "UNIT_999"}};
  const auto data = test::copilot_chat(client, test::user_turn("Is this unit going to fail?", broken))["data"];
  CHECK(data["tool_calls"] == json::array({{{"name", "predict_failure"}, {"arguments", broken}}}));
  const std::string error = "No telemetry found for product_id=L47181, unit_id=UNIT_999";
  CHECK(data["tool_results"] == json::array({{{"tool_name", "predict_failure"}, {"success", false}, {"error", error}}}));
  CHECK(data["reply"] == "I could not get a failure prediction for unit UNIT_999 (product L47181): " + error +
                             ". Please arrange a manual inspection of the unit.");
  // The endpoint reports the same failure as a 404.
  const auto endpoint = client.post("/copilot/tools/predict_failure", broken.dump());
  CHECK(endpoint.status == 404);
  CHECK(endpoint.json()["error"] == error);
}

TEST_CASE("offline: worried, how much time, schedule it: the unit comes from history and the job is stored",
          "[copilot][offline]") {
  auto gateway = offline_gateway();
  HttpClient client(gateway.port());
  const auto first = test::copilot_chat(client, test::user_turn("I'm worried about UNIT_202"))["data"];
  CHECK(first["tool_calls"] == json::array({{{"name", "predict_failure"}, {"arguments", kUnit202}}}));
  const auto session = first["session_id"].get<std::string>();

  const auto second = test::copilot_chat(client, test::user_turn("How much time do we have?", nullptr, session))["data"];
  CHECK(second["session_id"] == session);
  CHECK(second["tool_calls"] == json::array({{{"name", "predict_rul"}, {"arguments", kUnit202}}}));
  const auto rul = second["tool_results"][0]["result"];
  CHECK(rul == test::tool_endpoint(client, "predict_rul", kUnit202));
  char hours[32];
  std::snprintf(hours, sizeof hours, "%.1f hours", rul["current_rul_hours"].get<double>());
  CHECK_THAT(second["reply"].get<std::string>(), Catch::Contains(hours));

  const auto third = test::copilot_chat(client, test::user_turn("Schedule maintenance for it", nullptr, session))["data"];
  CHECK(third["tool_calls"] ==
        json::array({{{"name", "optimize_schedule"}, {"arguments", {{"unit_list", json::array({kUnit202})}}}}}));
  const auto& plan = third["tool_results"][0];
  REQUIRE(plan["success"] == true);
  CHECK(plan["result"]["units_scheduled"] == 1);
  const auto schedule_id = plan["result"]["schedule_id"].get<std::string>();
  CHECK(test::count_rows(gateway, "maintenance_schedule",
                         "schedule_id = '" + schedule_id +
                             "' AND product_id = 'L47181' AND unit_id = 'UNIT_202' AND status = 'PENDING'") == 1);
  CHECK_THAT(third["reply"].get<std::string>(), Catch::StartsWith("Scheduled maintenance (schedule " + schedule_id + "):"));
  CHECK(test::count_rows(gateway, "copilot_message", "session_id = '" + session + "'") == 6);

  // The open jobs, then the session cleared: the unit is no longer known.
  const auto jobs = test::copilot_chat(client, test::user_turn("Show the schedule", nullptr, session))["data"];
  CHECK(jobs["tool_calls"] == json::array({{{"name", "list_open_maintenance_jobs"}, {"arguments", json::object()}}}));
  CHECK(jobs["tool_results"][0]["result"]["count"] == 1);
  CHECK(jobs["tool_results"][0]["result"]["jobs"][0]["schedule_id"] == schedule_id);

  const auto cleared = client.request(boost::beast::http::verb::delete_, "/copilot/session/" + session);
  CHECK(cleared.status == 200);
  CHECK(cleared.json()["data"] == json{{"session_id", session}, {"cleared", true}});
  CHECK(test::count_rows(gateway, "copilot_message", "session_id = '" + session + "'") == 0);
  const auto after = test::copilot_chat(client, test::user_turn("How much time do we have?", nullptr, session))["data"];
  CHECK(after["tool_calls"] == json::array());
  CHECK(after["reply"] == "Which unit do you mean? Please tell me its product id and unit id.");
}

TEST_CASE("offline: fleet questions and anything else always get an answer", "[copilot][offline]") {
  auto gateway = offline_gateway();
  HttpClient client(gateway.port());
  const auto fleet = test::copilot_chat(client, test::user_turn("Which units are at risk?"))["data"];
  CHECK(fleet["tool_calls"] == json::array({{{"name", "fleet_risk_summary"}, {"arguments", json::object()}}}));
  const auto& summary = fleet["tool_results"][0]["result"];
  CHECK(summary["total_units"] == 2);
  CHECK(summary["not_scored"] == 2);  // streaming scoring has seen no live reading yet
  CHECK(fleet["reply"] == "Of 2 units, 0 are at risk, 0 are not, and 2 have not been scored since the gateway started.");

  const auto other = test::copilot_chat(client, test::user_turn("Hello"))["data"];
  CHECK(other["tool_calls"] == json::array());
  CHECK_THAT(other["reply"].get<std::string>(), Catch::StartsWith("I can check a unit's failure risk"));
}

TEST_CASE("copilot chat: invalid requests are 400 with the field named", "[copilot][offline]") {
  auto gateway = offline_gateway();
  HttpClient client(gateway.port());
  CHECK(test::copilot_chat(client, json::object(), 400)["error"] == "Request body required");
  CHECK(test::copilot_chat(client, {{"session_id", "s1"}}, 400)["error"] ==
        "messages is required and must be a non-empty list of at most 200");
  CHECK(test::copilot_chat(client, {{"messages", json::array({{{"role", "system"}, {"content", "x"}}})}}, 400)["error"] ==
        "Each message must have role \"user\" or \"assistant\" and a string content");
  CHECK(test::copilot_chat(client, {{"messages", json::array({{{"role", "assistant"}, {"content", "x"}}})}}, 400)["error"] ==
        "The last message must have role \"user\"");
  CHECK(test::copilot_chat(client, test::user_turn("Hi", nullptr, "bad id!"), 400)["error"] ==
        "session_id must be 1 to 128 letters, digits, '-' or '_'");
}

TEST_CASE("copilot: provider auto without a Gemini key answers offline", "[copilot][offline]") {
  auto gateway = test::copilot_gateway(nullptr);
  HttpClient client(gateway.port());
  CHECK(test::copilot_chat(client, test::user_turn("Hello"))["data"]["provider"] == "offline");
}
