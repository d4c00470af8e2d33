#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <thread>

#include "engine/features/seed_features.hpp"
#include "engine/telemetry/telemetry_store.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/model_fixtures.hpp"

using namespace aegis;
using test::HttpClient;

namespace {

// Two units with 60 hourly readings each, and the three default models.
test::GatewayFixture scoring_gateway() {
  return test::GatewayFixture([](store::Database& db, models::ModelRegistry& registry) {
    telemetry::TelemetryStore store(db);
    const auto profile = profiles::ai4i_profile();
    store.insert(profile, test::unit_history("L47181", "HEALTHY", 60, false));
    store.insert(profile, test::unit_history("L47181", "FAILING", 60, true));
    // A turbofan engine: telemetry, but none an ai4i model can score.
    telemetry::Reading engine;
    engine.product_id = "FD001";
    engine.unit_id = "E1";
    engine.timestamp = time::from_epoch_ms(3'600'000);
    engine.values.assign(24, 1.0);
    store.insert(profiles::turbofan_profile(), std::vector<telemetry::Reading>{engine});
    test::install_test_models(registry);
  });
}

nlohmann::json post(HttpClient& client, const std::string& target, const nlohmann::json& body, int expected) {
  auto response = client.post(target, body.dump());
  INFO(target << " " << body.dump() << " -> " << response.body);
  REQUIRE(response.status == expected);
  return response.json();
}

}  // namespace

TEST_CASE("POST /predict/classification scores a unit from its telemetry", "[predict]") {
  auto gateway = scoring_gateway();
  HttpClient client(gateway.port());
  const auto asked_at = aegis::time::now();
  const auto failing = post(client, "/predict/classification",
                            {{"model_name", "xgb_classifier"}, {"product_id", "L47181"}, {"unit_id", "FAILING"}}, 200);
  const auto answered_at = aegis::time::now();
  const auto& data = failing["data"];
  CHECK(failing["error"].is_null());
  CHECK(data["prediction"] == 1);
  CHECK(data["failure_type"] == "Overstrain Failure");  // named by the failure-mode model
  CHECK(data["probabilities"]["failure"].get<double>() > 0.5);
  CHECK(data["probabilities"]["no_failure"].get<double>() ==
        Approx(1.0 - data["probabilities"]["failure"].get<double>()));
  CHECK(data["model_name"] == "xgb_classifier");
  CHECK(data["model_version"].get<std::string>().size() == 15);
  auto inputs_used = data["inputs_used"];
  // Without timestamp_before the rows are read up to now, and the answer
  // says when that was (the seed's string, never null).
  const auto read_until = aegis::time::parse_iso8601(inputs_used["timestamp_before"].get<std::string>());
  REQUIRE(read_until);
  CHECK(*read_until >= asked_at - std::chrono::seconds(1));
  CHECK(*read_until <= answered_at);
  inputs_used.erase("timestamp_before");
  CHECK(inputs_used ==
        nlohmann::json{{"source", "telemetry"}, {"product_id", "L47181"}, {"unit_id", "FAILING"}, {"rows_used", 50}});
  CHECK_FALSE(data["fallback_recommendation"].get<std::string>().empty());

  const auto healthy = post(client, "/predict/classification",
                            {{"model_name", "xgb_classifier"}, {"product_id", "L47181"}, {"unit_id", "HEALTHY"}}, 200);
  CHECK(healthy["data"]["prediction"] == 0);
  CHECK(healthy["data"]["failure_type"].is_null());  // the seed's null when no failure is predicted
  CHECK(healthy["data"]["fallback_recommendation"] == "Continue normal operation.");
}

TEST_CASE("timestamp_before limits the rows used, in naive, Z and offset forms", "[predict]") {
  auto gateway = scoring_gateway();
  HttpClient client(gateway.port());
  // Readings are hourly from 2024-01-01T00:00Z; 05:00 UTC includes rows 0..5.
  for (const char* form : {"2024-01-01T05:00:00", "2024-01-01T05:00:00Z", "2024-01-01T07:00:00+02:00"}) {
    INFO(form);
    const auto r = post(client, "/predict/classification",
                        {{"model_name", "xgb_classifier"}, {"product_id", "L47181"}, {"unit_id", "FAILING"},
                         {"timestamp_before", form}},
                        200);
    CHECK(r["data"]["inputs_used"]["rows_used"] == 6);
    CHECK(r["data"]["inputs_used"]["timestamp_before"] == "2024-01-01T05:00:00+00:00");
    CHECK(r["data"]["prediction"] == 0);  // early in its life the degrading unit was still fine
  }
  const auto before_any = client.post("/predict/classification",
                                      nlohmann::json{{"model_name", "xgb_classifier"}, {"product_id", "L47181"},
                                                     {"unit_id", "FAILING"}, {"timestamp_before", "2023-12-31T23:00:00Z"}}
                                          .dump());
  CHECK(before_any.status == 404);
  CHECK(before_any.json()["error"] == "No telemetry found for product_id=L47181, unit_id=FAILING");
}

TEST_CASE("Explicit features bypass telemetry and missing names count as 0", "[predict]") {
  auto gateway = scoring_gateway();
  HttpClient client(gateway.port());
  const nlohmann::json features{{"torque_Nm_mean", 70.0}, {"tool_wear_min_last", 190.0}, {"not_a_feature", 5}};
  const auto r = post(client, "/predict/classification",
                      {{"model_name", "xgb_classifier"}, {"product_id", "ANY"}, {"unit_id", "ANY"}, {"features", features}},
                      200);
  CHECK(r["data"]["inputs_used"] == nlohmann::json{{"source", "explicit_features"},
                                                   {"features", features},
                                                   {"ignored_features", {"not_a_feature"}}});
  CHECK(r["data"]["prediction"] == 1);

  const auto zeros = post(client, "/predict/classification",
                          {{"model_name", "xgb_classifier"}, {"product_id", "A"}, {"unit_id", "B"},
                           {"features", nlohmann::json::object()}},
                          200);
  CHECK(zeros["data"]["prediction"] == 0);
}

TEST_CASE("Classification errors carry the seed's messages", "[predict]") {
  auto gateway = scoring_gateway();
  HttpClient client(gateway.port());
  struct Case {
    nlohmann::json body;
    int status;
    std::string error;
  };
  const std::vector<Case> cases{
      {{{"product_id", "L47181"}, {"unit_id", "FAILING"}}, 400, "Missing required fields: model_name, product_id, unit_id"},
      {{{"model_name", "xgb_classifier"}, {"unit_id", "FAILING"}}, 400,
       "Missing required fields: model_name, product_id, unit_id"},
      {{{"model_name", "xgb_classifier"}, {"product_id", ""}, {"unit_id", "FAILING"}}, 400,
       "Missing required fields: model_name, product_id, unit_id"},
      {nlohmann::json::object(), 400, "Request body required"},
      {{{"timestamp_before", nullptr}}, 400, "Missing required fields: model_name, product_id, unit_id"},
      {{{"model_name", "xgb_classifier"}, {"product_id", "L47181"}, {"unit_id", "FAILING"},
        {"timestamp_before", "last tuesday"}},
       400, "Invalid timestamp format: last tuesday"},
      {{{"model_name", "xgb_classifier"}, {"product_id", "L47181"}, {"unit_id", "NOPE"}}, 404,
       "No telemetry found for product_id=L47181, unit_id=NOPE"},
      {{{"model_name", "xgb_classifier"}, {"product_id", "FD001"}, {"unit_id", "E1"}}, 404,
       "No telemetry found for product_id=FD001, unit_id=E1 (its readings are of the turbofan profile; model "
       "xgb_classifier scores ai4i units)"},
      {{{"model_name", "xgb_missing"}, {"product_id", "L47181"}, {"unit_id", "FAILING"}}, 404,
       "Model not available: xgb_missing"},
      {{{"model_name", "xgb_classifier"}, {"product_id", "P"}, {"unit_id", "U"}, {"features", {{"a", "high"}}}}, 400,
       "features.a must be a number"},
      {{{"model_name", "xgb_classifier"}, {"product_id", "P"}, {"unit_id", "U"}, {"features", {1, 2}}}, 400,
       "features must be an object of feature names to numbers"},
      {{{"model_name", 5.5}, {"product_id", "P"}, {"unit_id", "U"}}, 400, "model_name must be a string"},
      // A RUL or failure-mode model would give a number read as a probability.
      {{{"model_name", "xgb_regressor"}, {"product_id", "L47181"}, {"unit_id", "FAILING"}}, 400,
       "model_name xgb_regressor is a rul model, not a classification model"},
      {{{"model_name", "xgb_failure_mode"}, {"product_id", "P"}, {"unit_id", "U"}, {"features", {{"a", 1}}}}, 400,
       "model_name xgb_failure_mode is a failure_mode model, not a classification model"},
  };
  for (const auto& c : cases) {
    const auto r = post(client, "/predict/classification", c.body, c.status);
    CHECK(r["data"].is_null());
    CHECK(r["error"] == c.error);
  }
  auto array_body = client.post("/predict/classification", "[1,2]");
  CHECK(array_body.status == 400);
  CHECK(array_body.json()["error"] == "Request body must be a JSON object");
}

TEST_CASE("POST /predict/forecast never rises, never goes below zero, and carries an interval", "[predict]") {
  auto gateway = scoring_gateway();
  HttpClient client(gateway.port());
  const auto r = post(client, "/predict/forecast",
                      {{"product_id", "L47181"}, {"unit_id", "FAILING"}, {"horizon_steps", 40}}, 200);
  const auto& data = r["data"];
  CHECK(data["product_id"] == "L47181");
  CHECK(data["unit_id"] == "FAILING");
  CHECK(data["model_name"] == "xgb_regressor");
  CHECK(data["forecast_horizon_steps"] == 40);
  CHECK(data["telemetry_rows_used"] == 50);
  CHECK(data["baseline_timestamp"] == "2024-01-03T11:00:00+00:00");  // the 60th hourly reading
  CHECK(data["interval_level"] == Approx(0.9));
  const double current = data["current_rul_hours"];
  CHECK(current >= 0.0);
  CHECK(current < 60.0);  // tool wear near 200 min: little life left
  CHECK(data["lower_bound_hours"].get<double>() <= current);
  CHECK(data["upper_bound_hours"].get<double>() >= current);
  const auto& forecast = data["forecast"];
  REQUIRE(forecast.size() == 40);
  double previous = current;
  for (std::size_t i = 0; i < forecast.size(); ++i) {
    const auto& step = forecast[i];
    CHECK(step["step"] == static_cast<int>(i + 1));
    const double value = step["predicted_rul_hours"];
    CHECK(value >= 0.0);
    CHECK(value <= previous);
    CHECK(step["lower_bound_hours"].get<double>() <= value);
    CHECK(step["upper_bound_hours"].get<double>() >= value);
    CHECK(step["confidence"].is_string());  // the seed's type; the words are checked in seed_clients_test
    CHECK(step["confidence_score"].get<double>() > 0.0);
    previous = value;
  }
  CHECK(forecast[0]["timestamp"] == "2024-01-03T12:00:00+00:00");
  CHECK(forecast[39]["predicted_rul_hours"] == 0.0);

  const auto defaults = post(client, "/predict/forecast", {{"product_id", "L47181"}, {"unit_id", "HEALTHY"}}, 200);
  CHECK(defaults["data"]["forecast"].size() == 10);
  CHECK(defaults["data"]["current_rul_hours"].get<double>() > current);
}

TEST_CASE("Forecast errors carry the seed's messages", "[predict]") {
  auto gateway = scoring_gateway();
  HttpClient client(gateway.port());
  CHECK(post(client, "/predict/forecast", {{"unit_id", "FAILING"}}, 400)["error"] ==
        "Missing required fields: product_id, unit_id");
  CHECK(post(client, "/predict/forecast", {{"product_id", "L47181"}, {"unit_id", "NOPE"}}, 404)["error"] ==
        "No RUL telemetry found for product_id=L47181, unit_id=NOPE");
  CHECK(post(client, "/predict/forecast", {{"product_id", "FD001"}, {"unit_id", "E1"}}, 404)["error"] ==
        "No RUL telemetry found for product_id=FD001, unit_id=E1 (its readings are of the turbofan profile; model "
        "xgb_regressor scores ai4i units)");
  CHECK(post(client, "/predict/forecast", {{"product_id", "L47181"}, {"unit_id", "FAILING"}, {"horizon_steps", 0}},
             400)["error"] == "horizon_steps must be an integer between 1 and 1000");
  CHECK(post(client, "/predict/forecast", {{"product_id", "L47181"}, {"unit_id", "FAILING"}, {"model_name", "nope"}},
             404)["error"] == "Model not available: nope");
  CHECK(post(client, "/predict/forecast",
             {{"product_id", "L47181"}, {"unit_id", "FAILING"}, {"model_name", "xgb_classifier"}}, 400)["error"] ==
        "model_name xgb_classifier is a classification model, not a rul model");
}

TEST_CASE("GET /models lists the promoted models and POST /models/reload empties the cache", "[predict]") {
  auto gateway = scoring_gateway();
  HttpClient client(gateway.port());
  const auto models = client.get("/models").json()["data"];
  REQUIRE(models.size() == 3);
  CHECK(models[0]["model_name"] == "xgb_classifier");
  CHECK(models[1]["model_name"] == "xgb_failure_mode");
  CHECK(models[2]["model_name"] == "xgb_regressor");
  for (const auto& model : models) {
    CHECK(model["path"].get<std::string>().rfind("file://", 0) == 0);
    CHECK(model["metadata"]["feature_names"].is_array());
    CHECK(model["promoted_at"].is_string());
    CHECK(model.contains("metrics"));
  }
  CHECK(models[2]["metadata"]["calibration"]["method"] == "split_conformal");

  post(client, "/predict/classification",
       {{"model_name", "xgb_classifier"}, {"product_id", "L47181"}, {"unit_id", "FAILING"}}, 200);
  CHECK(client.get("/health").json()["data"]["cached_models_count"] == 2);  // classifier + failure mode
  const auto reload = post(client, "/models/reload", nlohmann::json::object(), 200)["data"];
  CHECK(reload["message"] == "Model cache cleared");
  CHECK(reload["cached_models_before"].size() == 2);
  CHECK(reload["cache_size_after"] == 0);
  CHECK(client.get("/health").json()["data"]["cached_models_count"] == 0);
}

TEST_CASE("Copilot tool endpoints score with the default models", "[predict]") {
  auto gateway = scoring_gateway();
  HttpClient client(gateway.port());
  const auto failure = post(client, "/copilot/tools/predict_failure", {{"product_id", "L47181"}, {"unit_id", "FAILING"}}, 200)["data"];
  CHECK(failure["product_id"] == "L47181");
  CHECK(failure["unit_id"] == "FAILING");
  CHECK(failure["will_fail"] == true);
  CHECK(failure["failure_type"] == "Overstrain Failure");
  CHECK(failure["failure_probability"].get<double>() > 0.5);
  CHECK_FALSE(failure["recommendation"].get<std::string>().empty());

  const auto rul = post(client, "/copilot/tools/predict_rul", {{"product_id", "L47181"}, {"unit_id", "FAILING"}, {"horizon_steps", 5}}, 200)["data"];
  CHECK(rul["forecast_horizon_steps"] == 5);
  CHECK(rul["critical"] == (rul["current_rul_hours"].get<double>() < 24.0));
  CHECK_FALSE(rul["recommendation"].get<std::string>().empty());

  CHECK(post(client, "/copilot/tools/predict_failure", {{"product_id", "L47181"}}, 400)["error"] ==
        "product_id and unit_id are required");
  CHECK(post(client, "/copilot/tools/predict_rul", {{"unit_id", "X"}}, 400)["error"] ==
        "product_id and unit_id are required");
  // The field rules the REST bodies follow hold for tool arguments too.
  CHECK(post(client, "/copilot/tools/predict_failure", {{"product_id", 5.5}, {"unit_id", "FAILING"}}, 400)["error"] ==
        "product_id must be a string");
  CHECK(post(client, "/copilot/tools/predict_rul",
             {{"product_id", "L47181"}, {"unit_id", "FAILING"}, {"horizon_steps", 0}}, 400)["error"] ==
        "horizon_steps must be an integer between 1 and 1000");
  CHECK(post(client, "/copilot/tools/predict_rul",
             {{"product_id", "L47181"}, {"unit_id", "FAILING"}, {"horizon_steps", 2.5}}, 400)["error"] ==
        "horizon_steps must be an integer between 1 and 1000");
  CHECK(post(client, "/copilot/tools/predict_rul",
             {{"product_id", "L47181"}, {"unit_id", "FAILING"}, {"horizon_steps", 4.0}}, 200)["data"]
            ["forecast_horizon_steps"] == 4);
  CHECK(post(client, "/copilot/tools/predict_failure", nlohmann::json::array({1, 2}), 400)["error"] ==
        "Request body must be a JSON object");
  CHECK(post(client, "/copilot/tools/predict_failure", {{"product_id", "L47181"}, {"unit_id", "NOPE"}}, 404)["error"] ==
        "No telemetry found for product_id=L47181, unit_id=NOPE");
}

TEST_CASE("Predictions from many HTTP threads at once equal the one-at-a-time answers", "[predict]") {
  auto gateway = test::GatewayFixture(
      [](store::Database& db, models::ModelRegistry& registry) {
        telemetry::TelemetryStore store(db);
        store.insert(profiles::ai4i_profile(), test::unit_history("L47181", "HEALTHY", 60, false));
        store.insert(profiles::ai4i_profile(), test::unit_history("L47181", "FAILING", 60, true));
        test::install_test_models(registry);
      },
      [](config::Config& config) { config.http.threads = 4; });
  const std::vector<std::string> units{"HEALTHY", "FAILING"};
  // After every reading, so that inputs_used names the same instant each time.
  const auto request = [](const std::string& unit) {
    return nlohmann::json{{"model_name", "xgb_classifier"}, {"product_id", "L47181"}, {"unit_id", unit},
                          {"timestamp_before", "2024-02-01T00:00:00Z"}}
        .dump();
  };
  std::map<std::string, nlohmann::json> expected;
  {
    HttpClient client(gateway.port());
    for (const auto& unit : units) {
      expected[unit] = client.post("/predict/classification",
                                   request(unit))
                           .json()["data"];
    }
  }
  std::atomic<int> matching{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      HttpClient client(gateway.port());
      for (int i = 0; i < 40; ++i) {
        const auto& unit = units[static_cast<std::size_t>((i + t) % 2)];
        const auto r = client.post("/predict/classification",
                                   request(unit));
        if (r.status == 200 && r.json()["data"] == expected[unit]) ++matching;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(matching == 8 * 40);
}
