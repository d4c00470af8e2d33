#include <catch2/catch.hpp>

#include "engine/streaming/running_window.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/model_fixtures.hpp"

using namespace aegis;
using test::HttpClient;

namespace {

nlohmann::json as_records(const std::vector<telemetry::Reading>& readings) {
  nlohmann::json records = nlohmann::json::array();
  for (const auto& r : readings) {
    records.push_back({{"product_id", r.product_id}, {"unit_id", r.unit_id}, {"ts", time::format_iso8601(r.timestamp)},
                       {"seq", r.step_index}, {"engine_type", r.engine_type}, {"air_temperature_K", r.values[0]},
                       {"process_temperature_K", r.values[1]}, {"rotational_speed_rpm", r.values[2]},
                       {"torque_Nm", r.values[3]}, {"tool_wear_min", r.values[4]}});
  }
  return records;
}

}  // namespace

TEST_CASE("Streaming scoring raises one alert per degrading unit and none for healthy ones", "[streaming]") {
  test::GatewayFixture gateway([](store::Database&, models::ModelRegistry& registry) { test::install_test_models(registry); });
  HttpClient client(gateway.port());
  const auto failing = test::unit_history("L47181", "FAILING", 60, true);
  const auto healthy = test::unit_history("L47181", "HEALTHY", 60, false);
  // Readings arrive a few at a time, as a feed would deliver them.
  for (std::size_t start = 0; start < failing.size(); start += 5) {
    std::vector<telemetry::Reading> batch(failing.begin() + static_cast<std::ptrdiff_t>(start),
                                          failing.begin() + static_cast<std::ptrdiff_t>(start + 5));
    batch.insert(batch.end(), healthy.begin() + static_cast<std::ptrdiff_t>(start),
                 healthy.begin() + static_cast<std::ptrdiff_t>(start + 5));
    REQUIRE(client.post("/telemetry", as_records(batch).dump()).json()["data"]["accepted"] == 10);
  }
  const auto alerts = client.get("/alerts").json()["data"];
  std::size_t failing_risk = 0, failing_rul = 0;
  for (const auto& alert : alerts) {
    CHECK(alert["unit_id"] == "FAILING");  // never the healthy unit
    CHECK(alert["transition"] == "raised");
    if (alert["kind"] == "failure_risk") {
      ++failing_risk;
      CHECK(alert["value"].get<double>() >= 0.7);
      CHECK(alert["model_name"] == "xgb_classifier");
    }
    if (alert["kind"] == "low_rul") {
      ++failing_rul;
      CHECK(alert["value"].get<double>() <= 24.0);
    }
  }
  CHECK(failing_risk == 1);  // hysteresis: once, however long it stays at risk
  CHECK(failing_rul <= 1);
  CHECK(client.get("/alerts?unit_id=HEALTHY").json()["data"].empty());
  CHECK(client.get("/alerts?unit_id=FAILING&limit=1").json()["data"].size() == 1);
  const auto bad_limit = client.get("/alerts?limit=5000");
  CHECK(bad_limit.status == 400);
  CHECK(bad_limit.json()["error"] == "limit must be an integer between 1 and 1000");

  // The latest scores equal what the prediction endpoint computes from the store.
  const auto units = client.get("/units").json()["data"];
  REQUIRE(units.size() == 2);
  const auto& failing_unit = units[0]["unit_id"] == "FAILING" ? units[0] : units[1];
  const double streamed = failing_unit["latest_scores"]["failure_probability"];
  const auto predicted = client.post("/predict/classification",
                                     nlohmann::json{{"model_name", "xgb_classifier"}, {"product_id", "L47181"},
                                                    {"unit_id", "FAILING"}}.dump())
                             .json()["data"]["probabilities"]["failure"]
                             .get<double>();
  CHECK(streamed == Approx(predicted).epsilon(1e-6));
  CHECK(failing_unit["latest_scores"]["reading_at"] == time::format_iso8601(failing.back().timestamp));
  CHECK(failing_unit["latest_scores"]["failure_mode"] == "Overstrain Failure");
  const auto& healthy_unit = units[0]["unit_id"] == "HEALTHY" ? units[0] : units[1];
  CHECK(healthy_unit["latest_scores"]["failure_mode"] == "No Failure");
}
