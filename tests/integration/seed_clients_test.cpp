// What the seed backend's own clients rely on, over real HTTP: its cloud
// back-end parses a job's `reason` with two regular expressions, reads
// forecast confidence as a word, sends `{}` and expects the seed's 400,
// passes the chat answer with the seed's fields to its web front-end, and
// sends no API key.
#include <catch2/catch.hpp>
#include <cmath>
#include <regex>
#include <set>

#include "engine/scoring/predictor.hpp"
#include "engine/telemetry/telemetry_store.hpp"
#include "tests/support/copilot_fixtures.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/model_fixtures.hpp"

using namespace aegis;
using test::HttpClient;
using json = nlohmann::json;
using Verb = boost::beast::http::verb;

namespace {

// The seed cloud back-end's patterns (src/services/recommendationService.js).
const std::regex kConfidencePattern(R"(Failure probability:\s*([\d.]+)%)");
const std::regex kHoursPattern(R"(RUL:\s*([\d.]+)h)");

// Two degrading units and a healthy one, with the test models.
test::GatewayFixture fleet(const std::function<void(config::Config&)>& configure = nullptr) {
  return test::GatewayFixture(
      [](store::Database& db, models::ModelRegistry& registry) {
        telemetry::TelemetryStore store(db);
        const auto profile = profiles::ai4i_profile();
        store.insert(profile, test::unit_history("L47181", "UNIT_202", 60, true));
        store.insert(profile, test::unit_history("L47181", "UNIT_203", 40, true));
        store.insert(profile, test::unit_history("L47181", "UNIT_101", 60, false));
        test::install_test_models(registry);
      },
      configure);
}

json unit(const char* unit_id) { return {{"product_id", "L47181"}, {"unit_id", unit_id}}; }

json data_of(const test::HttpResult& response, int status = 200) {
  INFO(response.body);
  REQUIRE(response.status == status);
  return response.json()["data"];
}

// What the cloud back-end reads out of `reason`: both numbers must be found
// and equal the job's probability (as a percentage, 2 decimals) and RUL
// (hours, 1 decimal).
void check_reason(const json& job) {
  INFO(job.dump());
  const std::string reason = job["reason"];
  std::smatch confidence, hours;
  REQUIRE(std::regex_search(reason, confidence, kConfidencePattern));
  REQUIRE(std::regex_search(reason, hours, kHoursPattern));
  const double probability = job["failure_probability"], rul = job["rul_hours"];
  CHECK(std::stod(confidence[1]) == Approx(probability * 100.0).margin(0.005));
  CHECK(std::stod(hours[1]) == Approx(rul).margin(0.05));
  char expected[96];
  std::snprintf(expected, sizeof expected, "Failure probability: %.2f%%, RUL: %.1fh", probability * 100.0, rul);
  CHECK(reason == expected);
  // The gateway's own wording has a field of its own.
  CHECK_THAT(job["at_risk_because"].get<std::string>(), Catch::Contains(">="));
}

}  // namespace

TEST_CASE("seed clients: a job's reason is the seed's text, which the cloud back-end's patterns read",
          "[seed][schedule]") {
  auto gateway = fleet();
  HttpClient client(gateway.port());
  const auto plan = data_of(client.post("/optimizer/schedule",
                                        json{{"unit_list", json::array({unit("UNIT_202"), unit("UNIT_101")})}}.dump()));
  REQUIRE(plan["maintenance_scheduled"] == 1);
  const auto& planned = plan["recommendations"][0];
  check_reason(planned);
  CHECK(planned["failure_probability"].get<double>() >= 0.7);

  const auto listed = data_of(client.get("/maintenance/schedule"));
  REQUIRE(listed.size() == 1);
  check_reason(listed[0]);
  CHECK(listed[0]["reason"] == planned["reason"]);
  CHECK(listed[0]["failure_probability"] == planned["failure_probability"]);
  CHECK(listed[0]["rul_hours"] == planned["rul_hours"]);
  CHECK(listed[0]["at_risk_because"] == planned["at_risk_because"]);

  // The copilot's schedule tool plans through the same code.
  const auto tool = data_of(
      client.post("/copilot/tools/optimize_schedule", json{{"unit_list", json::array({unit("UNIT_203")})}}.dump()));
  REQUIRE(tool["units_scheduled"] == 1);
  check_reason(tool["recommendations"][0]);
}

TEST_CASE("seed clients: forecast confidence is a word, derived from the interval, with the numbers beside it",
          "[seed][predict]") {
  auto gateway = fleet();
  HttpClient client(gateway.port());
  const auto forecast = data_of(client.post(
      "/predict/forecast", json{{"product_id", "L47181"}, {"unit_id", "UNIT_101"}, {"horizon_steps", 30}}.dump()));
  REQUIRE(forecast["interval_level"].get<double>() > 0);  // a calibrated regressor
  std::set<std::string> words;
  for (const auto& step : forecast["forecast"]) {
    INFO(step.dump());
    REQUIRE(step["confidence"].is_string());
    const std::string word = step["confidence"];
    words.insert(word);
    CHECK(word == scoring::forecast_confidence(step["predicted_rul_hours"], step["lower_bound_hours"],
                                               step["upper_bound_hours"], true));
    CHECK(step["confidence_score"].get<double>() >= 0.5);
    CHECK(step["confidence_score"].get<double>() <= 0.95);
  }
  CHECK(words.size() >= 1);
  for (const auto& word : words) CHECK((word == "high" || word == "medium" || word == "low"));
}

TEST_CASE("forecast confidence words: the interval's width against the predicted RUL", "[seed][predict]") {
  CHECK(scoring::forecast_confidence(100, 50, 150, true) == "high");      // 100 h wide of 100 h
  CHECK(scoring::forecast_confidence(100, 40, 200, true) == "medium");    // 160 h
  CHECK(scoring::forecast_confidence(100, 0, 201, true) == "low");        // 201 h
  CHECK(scoring::forecast_confidence(0.2, 0, 0.9, true) == "high");       // under an hour counts as one
  CHECK(scoring::forecast_confidence(100, 100, 100, false) == "medium");  // no calibration: the seed's word
}

TEST_CASE("seed clients: {} or no body on a route that needs one is 400 'Request body required'", "[seed]") {
  auto gateway = fleet();
  HttpClient client(gateway.port());
  for (const char* route : {"/predict/classification", "/predict/forecast", "/optimizer/schedule", "/retrain/run",
                            "/copilot/chat", "/copilot/tools/predict_failure", "/copilot/tools/predict_rul",
                            "/copilot/tools/optimize_schedule", "/copilot/tools/maintenance_history"}) {
    for (const char* body : {"{}", "", " { } ", "[]", "null", "0", "false", "\"\""}) {
      INFO(route << " with body '" << body << "'");
      const auto response = client.post(route, body);
      CHECK(response.status == 400);
      CHECK(response.json() == json{{"data", nullptr}, {"error", "Request body required"}});
    }
  }
  // Nothing was planned or trained by them.
  CHECK(test::count_rows(gateway, "maintenance_schedule", "1") == 0);
  // The fleet tools take optional filters: {} is a request for everything.
  CHECK(data_of(client.post("/copilot/tools/list_units", "{}"))["count"] == 3);
}

TEST_CASE("seed clients: the chat answer carries intermediate_steps, execution_time_seconds and timestamp",
          "[seed][copilot]") {
  auto gateway = fleet([](config::Config& c) { c.copilot.provider = "offline"; });
  HttpClient client(gateway.port());
  const auto before = time::now();
  const auto started = std::chrono::steady_clock::now();
  const auto data = test::copilot_chat(client, test::user_turn("What is the failure risk?", unit("UNIT_202")))["data"];
  const std::chrono::duration<double> round_trip = std::chrono::steady_clock::now() - started;
  const auto after = time::now();
  const auto expected = test::tool_endpoint(client, "predict_failure", unit("UNIT_202"));
  CHECK(data["intermediate_steps"] ==
        json::array({{{"tool", "predict_failure"}, {"tool_input", unit("UNIT_202")}, {"output", expected.dump()}}}));
  REQUIRE(data["execution_time_seconds"].is_number_float());
  CHECK(data["execution_time_seconds"].get<double>() >= 0.0);
  CHECK(data["execution_time_seconds"].get<double>() <= round_trip.count());
  const auto stamped = time::parse_iso8601(data["timestamp"].get<std::string>());
  REQUIRE(stamped);
  CHECK(*stamped >= before);
  CHECK(*stamped <= after);
  // Today's fields stay.
  CHECK(data["tool_calls"].size() == 1);
  CHECK(data["tool_results"].size() == 1);
  CHECK(data["provider"] == "offline");

  const auto no_tool = test::copilot_chat(client, test::user_turn("Hello"))["data"];
  CHECK(no_tool["intermediate_steps"] == json::array());
}

TEST_CASE("seed clients: a failing tool's step carries its error as output", "[seed][copilot]") {
  auto gateway = fleet([](config::Config& c) { c.copilot.provider = "offline"; });
  HttpClient client(gateway.port());
  const auto data = test::copilot_chat(client, test::user_turn("Will it fail?", unit("UNIT_999")))["data"];
  CHECK(data["intermediate_steps"] ==
        json::array({{{"tool", "predict_failure"},
                      {"tool_input", unit("UNIT_999")},
                      {"output", "No telemetry found for product_id=L47181, unit_id=UNIT_999"}}}));
}

TEST_CASE("seed clients: a trusted network lets the cloud back-end in without a key while keys are on",
          "[seed][http]") {
  auto gateway = fleet([](config::Config& c) {
    c.copilot.provider = "offline";
    c.auth.api_keys = {"operator-key-0001:operate"};
    c.auth.trusted_networks = {"127.0.0.1/32:operate"};
  });
  HttpClient client(gateway.port());
  // What the back-end calls: GET /maintenance/schedule and POST /copilot/chat, no key.
  CHECK(data_of(client.get("/maintenance/schedule")) == json::array());
  CHECK(data_of(client.post("/copilot/chat", test::user_turn("Hello").dump()))["provider"] == "offline");
  // Not beyond the network's scope, and a wrong key is still refused.
  const auto admin = client.post("/models/reload", "{}");
  CHECK(admin.status == 403);
  CHECK(admin.json()["error"] == "Trusted network lacks the 'admin' scope; present an API key that has it");
  CHECK(client.request(Verb::get, "/maintenance/schedule", "", {{"X-API-Key", "wrong-key-00001"}}).status == 401);
}

TEST_CASE("seed clients: without a trusted network the same request needs a key", "[seed][http]") {
  auto gateway = fleet([](config::Config& c) {
    c.auth.api_keys = {"operator-key-0001:operate"};
    c.auth.trusted_networks = {"10.20.0.0/16:operate"};
  });
  HttpClient client(gateway.port());
  const auto refused = client.get("/maintenance/schedule");
  CHECK(refused.status == 401);
  CHECK(refused.json()["error"] == "Missing or unknown API key");
}
