#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <thread>

#include "engine/retraining/unit_partition.hpp"
#include "engine/store/database.hpp"
#include "engine/telemetry/telemetry_store.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/model_fixtures.hpp"
#include "tests/support/retrain_fixtures.hpp"

using namespace aegis;
using test::HttpClient;

namespace {

constexpr int kUnits = 24;
constexpr int kLife = 60;
constexpr const char* kProduct = "P1";

struct FleetOptions {
  int steps = kLife;                // readings stored per unit before the gateway starts
  bool mislabel_training_units = false;  // training units' is_failure flipped; held-out units keep the truth
  double tolerance = 0.02;
  bool telemetry = true;
};

// kUnits units (every other one degrading) with labelled readings, and the
// three default test models promoted.
test::GatewayFixture fleet_gateway(const FleetOptions& options) {
  return test::GatewayFixture(
      [options](store::Database& db, models::ModelRegistry& registry) {
        telemetry::TelemetryStore store(db);
        const auto names = test::unit_names(kUnits);
        std::vector<telemetry::UnitKey> keys;
        for (const auto& name : names) keys.push_back({kProduct, name});
        const auto roles = retraining::assign_roles(keys, 0.2, false);
        for (std::size_t i = 0; options.telemetry && i < names.size(); ++i) {
          const bool mislabel = options.mislabel_training_units && roles[i] == retraining::UnitRole::fit;
          store.insert(profiles::ai4i_profile(),
                       test::labelled_history(kProduct, names[i], kLife, i % 2 == 0, 0, options.steps, mislabel));
        }
        test::install_test_models(registry);
      },
      [options](config::Config& config) { config.retrain.tolerance = options.tolerance; });
}

nlohmann::json call(HttpClient& client, boost::beast::http::verb method, const std::string& target,
                    const nlohmann::json& body, int expected) {
  auto response = client.request(method, target, body.is_null() ? "" : body.dump());
  INFO(target << " " << body.dump() << " -> " << response.status << " " << response.body);
  REQUIRE(response.status == expected);
  return response.json();
}

nlohmann::json post(HttpClient& client, const std::string& target, const nlohmann::json& body, int expected) {
  return call(client, boost::beast::http::verb::post, target, body, expected);
}

nlohmann::json get(HttpClient& client, const std::string& target, int expected = 200) {
  return call(client, boost::beast::http::verb::get, target, nullptr, expected);
}

std::string promoted_version(HttpClient& client, const std::string& name) {
  const auto models = get(client, "/models");
  for (const auto& model : models["data"]) {
    if (model["model_name"] == name) return model["version"];
  }
  return "";
}

std::string classified_by(HttpClient& client) {
  return post(client, "/predict/classification",
              {{"model_name", "xgb_classifier"}, {"product_id", kProduct}, {"unit_id", "U00"}}, 200)["data"]
      ["model_version"];
}

// The stored retrain pointer of a model: epoch ms, -1 for NULL, -2 for no row.
std::int64_t stored_pointer(const test::GatewayFixture& gateway, const std::string& name) {
  store::Database db({.path = gateway.dir() / "data" / "aegisd.db"});
  auto connection = db.reader();
  store::Statement query(*connection, "SELECT last_timestamp FROM retrain_pointer WHERE model_name = ?");
  query.bind(1, name);
  if (!query.step()) return -2;
  return query.column_optional_int(0).value_or(-1);
}

std::int64_t hour_ms(int step) {
  return time::to_epoch_ms(*time::parse_iso8601("2024-01-01T00:00:00Z") + std::chrono::hours(step));
}

const std::regex kVersionShape("\\d{8}_\\d{6}(_\\d+)?");

}  // namespace

TEST_CASE("Incremental classification retraining learns from new telemetry and is served after promotion",
          "[retrain]") {
  // Tolerance 1: any candidate is promoted, so the test follows the whole path.
  auto gateway = fleet_gateway({.steps = 53, .tolerance = 1.0});
  HttpClient client(gateway.port());
  REQUIRE(gateway.config().database_path() == (gateway.dir() / "data" / "aegisd.db").string());

  const auto full = post(client, "/retrain/run", {{"model_type", "classification"}, {"incremental", false}}, 200);
  const std::string first = full["data"]["version"];
  CHECK(full["data"]["incremental"] == false);
  CHECK(full["data"]["promoted"] == true);
  CHECK(stored_pointer(gateway, "xgb_classifier") == hour_ms(52));

  const auto nothing = post(client, "/retrain/run", {{"model_type", "classification"}}, 400);
  CHECK(nothing == nlohmann::json{{"data", nullptr}, {"error", "No new telemetry data available for retraining"}});

  // Seven more hours of every unit arrive over the API.
  std::vector<telemetry::Reading> fresh;
  const auto names = test::unit_names(kUnits);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto rows = test::labelled_history(kProduct, names[i], kLife, i % 2 == 0, 53, 7);
    fresh.insert(fresh.end(), rows.begin(), rows.end());
  }
  const auto stored = post(client, "/telemetry", test::telemetry_body(fresh), 200);
  REQUIRE(stored["data"]["accepted"] == kUnits * 7);

  const auto run = post(client, "/retrain/run", {{"model_type", "classification"}}, 200);
  const auto& data = run["data"];
  const std::string second = data["version"];
  CHECK(data["model_name"] == "xgb_classifier");
  CHECK(data["incremental"] == true);
  CHECK(data["promoted"] == true);
  CHECK(data["forced"] == false);
  CHECK(data["previous_version"] == first);
  CHECK(second != first);
  CHECK(std::regex_match(second, kVersionShape));
  const std::string path = data["path"];
  CHECK(path.rfind("file://", 0) == 0);
  CHECK(path.find("/xgb_classifier/" + second + "/model.ubj") != std::string::npos);
  CHECK(std::filesystem::exists(path.substr(7)));
  // Windows ending after the pointer (hours 54 and 59 of each training unit)
  // plus as many replayed older ones.
  CHECK(data["new_samples"].get<int>() > 0);
  CHECK(data["replay_samples"] == data["new_samples"]);
  CHECK(data["training_samples"] == data["new_samples"].get<int>() + data["replay_samples"].get<int>());
  for (const char* key : {"accuracy", "recall", "precision", "f1", "samples"}) {
    INFO(key);
    CHECK(data["metrics"].contains(key));
    CHECK(data["promoted_metrics"].contains(key));
  }
  CHECK(data["main_metric"] == "f1");
  CHECK(data["metrics"]["samples"] == data["promoted_metrics"]["samples"]);  // the same held-out windows
  CHECK(data["trained_through"] == "2024-01-03T11:00:00+00:00");  // hour 59
  CHECK(stored_pointer(gateway, "xgb_classifier") == hour_ms(59));

  CHECK(promoted_version(client, "xgb_classifier") == second);
  const auto reload = post(client, "/models/reload", nlohmann::json::object(), 200);
  CHECK(reload["data"]["cache_size_after"] == 0);
  CHECK(classified_by(client) == second);

  const auto versions = get(client, "/models/xgb_classifier/versions")["data"];
  REQUIRE(versions.size() == 3);
  CHECK(versions[0]["version"] == second);
  CHECK(versions[0]["promoted"] == true);
  CHECK(versions[0]["incremental"] == true);
  CHECK(versions[0]["trained_through"] == "2024-01-03T11:00:00+00:00");
  CHECK(versions[1]["version"] == first);
  CHECK(versions[1]["promoted"] == false);
  CHECK(versions[1]["metrics"].contains("f1"));
}

TEST_CASE("A full forecast retrain reports MAE, RMSE and R2 on held-out units", "[retrain]") {
  auto gateway = fleet_gateway({});
  HttpClient client(gateway.port());
  const std::string before = promoted_version(client, "xgb_regressor");
  const auto run = post(client, "/retrain/run",
                        {{"model_type", "forecast"}, {"incremental", false}, {"sample_limit", 5000}}, 200);
  const auto& data = run["data"];
  CHECK(data["model_name"] == "xgb_regressor");
  CHECK(data["incremental"] == false);
  CHECK(data["main_metric"] == "rmse");
  for (const char* key : {"mae", "rmse", "r2", "samples"}) {
    INFO(key);
    CHECK(data["metrics"][key].is_number());
  }
  CHECK(data["metrics"]["samples"].get<int>() > 0);
  CHECK(data["training_samples"].get<int>() > 0);
  CHECK(data["replay_samples"] == 0);
  // The test regressor learned another target (200 - tool wear): the
  // candidate trained on the real labels is far better and is promoted.
  CHECK(data["metrics"]["rmse"].get<double>() < data["promoted_metrics"]["rmse"].get<double>());
  CHECK(data["promoted"] == true);
  CHECK(data["previous_version"] == before);
  CHECK(data["metrics"]["interval"]["coverage"].is_number());  // calibrated on units it never trained on
  const std::string version = data["version"];
  const auto forecast =
      post(client, "/predict/forecast", {{"product_id", kProduct}, {"unit_id", "U00"}, {"horizon_steps", 2}}, 200);
  CHECK(forecast["data"]["model_version"] == version);
  CHECK(forecast["data"]["lower_bound_hours"].is_number());
  CHECK(get(client, "/models/xgb_regressor/versions")["data"].size() == 2);
}

TEST_CASE("Retrain requests are checked before any work", "[retrain]") {
  auto gateway = fleet_gateway({.telemetry = false});
  HttpClient client(gateway.port());
  const std::string model_type_error = "model_type must be \"classification\" or \"forecast\"";
  CHECK(post(client, "/retrain/run", {{"model_type", "regression"}}, 400)["error"] == model_type_error);
  CHECK(post(client, "/retrain/run", nlohmann::json::object(), 400)["error"] == "Request body required");
  CHECK(post(client, "/retrain/run", {{"model_type", 3}}, 400)["error"] == model_type_error);
  CHECK(post(client, "/retrain/run", {{"model_type", "forecast"}, {"incremental", "yes"}}, 400)["error"] ==
        "incremental must be true or false");
  CHECK(post(client, "/retrain/run", {{"model_type", "forecast"}, {"sample_limit", 0}}, 400)["error"]
            .get<std::string>()
            .find("sample_limit") != std::string::npos);
  for (const bool incremental : {true, false}) {
    CHECK(post(client, "/retrain/run", {{"model_type", "forecast"}, {"incremental", incremental}}, 400)["error"] ==
          "No new telemetry data available for retraining");
  }
  CHECK(post(client, "/retrain/run", {{"model_type", "forecast"}, {"model_name", "../../../../tmp/x"}}, 400)["error"] ==
        "model_name: invalid model name '../../../../tmp/x' (letters, digits, '_', '-' and '.', at most 64, not "
        "starting with '.')");
  CHECK(post(client, "/retrain/run", {{"model_type", "forecast"}, {"model_name", "xgb_classifier"}}, 400)["error"] ==
        "model_name xgb_classifier is a classification model, not a rul model: name a model of the requested "
        "model_type");
  // A model named by the client must exist: a typo is not a new model.
  for (const bool async : {false, true}) {
    CHECK(post(client, "/retrain/run", {{"model_type", "classification"}, {"model_name", "xgb_clasifier"}, {"async", async}},
               404)["error"] == "Model not available: xgb_clasifier");
  }
  CHECK(get(client, "/models/xgb_clasifier/versions", 404)["error"] == "Model not available: xgb_clasifier");
  CHECK(get(client, "/retrain/jobs/RT_000000000000", 404)["error"] == "Retrain job not found: RT_000000000000");
  CHECK(get(client, "/models/nope/versions", 404)["error"] == "Model not available: nope");
  CHECK(post(client, "/models/nope/rollback", nlohmann::json::object(), 404)["error"] == "Model not available: nope");
}

TEST_CASE("One retrain at a time: an async run answers 202, a second one 409, predictions go on", "[retrain]") {
  auto gateway = fleet_gateway({});
  HttpClient client(gateway.port());
  HttpClient other(gateway.port());
  const std::string before = classified_by(client);
  const auto accepted =
      post(client, "/retrain/run", {{"model_type", "forecast"}, {"incremental", false}, {"async", true}}, 202);
  const std::string id = accepted["data"]["job_id"];
  CHECK(std::regex_match(id, std::regex("RT_[0-9A-F]{12}")));
  CHECK(accepted["data"]["status_url"] == "/retrain/jobs/" + id);
  CHECK(accepted["data"]["model_type"] == "forecast");

  // The forecast run (400 boosting rounds) is still going: a second retrain is refused.
  const auto refused = post(other, "/retrain/run", {{"model_type", "classification"}}, 409);
  CHECK(refused["error"] == "A retraining run is already in progress");
  CHECK(classified_by(other) == before);  // served by the old model meanwhile

  nlohmann::json job;
  for (int attempt = 0; attempt < 600; ++attempt) {
    job = get(client, "/retrain/jobs/" + id)["data"];
    if (job["status"] == "succeeded" || job["status"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(job["status"] == "succeeded");
  CHECK(job["trigger"] == "api");
  CHECK(job["error"].is_null());
  CHECK(job["result"]["model_name"] == "xgb_regressor");
  CHECK(job["result"]["metrics"]["rmse"].is_number());
  CHECK(job["finished_at"].is_string());
  // Free again.
  post(client, "/retrain/run", {{"model_type", "classification"}, {"incremental", false}}, 200);
}

TEST_CASE("A worse candidate is kept but not promoted unless forced, and rollback restores the previous version",
          "[retrain]") {
  // Training units carry flipped failure labels; held-out units the truth.
  auto gateway = fleet_gateway({.mislabel_training_units = true});
  HttpClient client(gateway.port());
  const std::string original = promoted_version(client, "xgb_classifier");

  const auto rejected = post(client, "/retrain/run", {{"model_type", "classification"}, {"incremental", false}}, 200);
  CHECK(rejected["data"]["promoted"] == false);
  CHECK(rejected["data"]["metrics"]["f1"].get<double>() < rejected["data"]["promoted_metrics"]["f1"].get<double>());
  CHECK(rejected["data"]["decision"].get<std::string>().find("not promoted") != std::string::npos);
  CHECK(promoted_version(client, "xgb_classifier") == original);
  CHECK(classified_by(client) == original);
  CHECK(stored_pointer(gateway, "xgb_classifier") == -2);  // a rejected candidate moves no pointer

  const auto forced = post(client, "/retrain/run",
                           {{"model_type", "classification"}, {"incremental", false}, {"force", true}}, 200);
  const std::string worse = forced["data"]["version"];
  CHECK(forced["data"]["promoted"] == true);
  CHECK(forced["data"]["forced"] == true);
  CHECK(promoted_version(client, "xgb_classifier") == worse);
  CHECK(classified_by(client) == worse);
  CHECK(stored_pointer(gateway, "xgb_classifier") == hour_ms(kLife - 1));

  const auto versions = get(client, "/models/xgb_classifier/versions")["data"];
  REQUIRE(versions.size() == 3);
  CHECK(versions[1]["version"] == rejected["data"]["version"]);
  CHECK(versions[1]["promoted"] == false);
  CHECK(versions[1]["promoted_at"].is_null());

  const auto rollback = post(client, "/models/xgb_classifier/rollback", nlohmann::json::object(), 200);
  CHECK(rollback["data"]["version"] == original);  // the never-promoted candidate is skipped
  CHECK(rollback["data"]["previous_version"] == worse);
  CHECK(promoted_version(client, "xgb_classifier") == original);
  CHECK(classified_by(client) == original);
  CHECK(stored_pointer(gateway, "xgb_classifier") == -1);  // the original was not trained from the store

  CHECK(post(client, "/models/xgb_classifier/rollback", nlohmann::json::object(), 409)["error"] ==
        "No earlier promoted version of xgb_classifier to roll back to");
  // Forward again by naming the version.
  CHECK(post(client, "/models/xgb_classifier/rollback", {{"version", worse}}, 200)["data"]["version"] == worse);
  CHECK(classified_by(client) == worse);
}
