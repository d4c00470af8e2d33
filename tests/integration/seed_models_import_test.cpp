// Models trained by XGBoost's Python binding (the seed backend's library),
// imported with `aegisd import-model` and over POST /models/import, must score
// exactly as the binding did: through the model wrapper and through
// /predict/classification with explicit features.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "engine/models/model_registry.hpp"
#include "engine/store/database.hpp"
#include "tests/support/aegisd_command.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis;
using namespace aegis::test;
using namespace std::chrono_literals;

namespace {

CommandRun aegisd(std::vector<std::string> args, const DaemonProcess& daemon) {
  args.insert(args.end(), {"--config", daemon.config_path()});
  return run_aegisd(args, daemon.dir().path(), 60s);
}

// Debian's python3-xgboost lives in the system interpreter.
nlohmann::json train_python_models(const TempDir& dir) {
  ChildProcess python({"/usr/bin/python3", std::string(AEGIS_SOURCE_DIR) + "/tests/fixtures/seed_models.py",
                       dir.path().string()},
                      dir / "python.log");
  const auto code = python.wait(60s);
  INFO(python.log());
  REQUIRE(code == 0);
  return nlohmann::json::parse(read_file(dir / "predictions.json"));
}

std::vector<float> flat_vectors(const nlohmann::json& python) {
  std::vector<float> values;
  for (const auto& row : python["vectors"]) {
    for (const auto& value : row) values.push_back(value.get<float>());
  }
  return values;
}

void check_wrapper_predictions(models::ModelRegistry& registry, const std::string& name,
                               const nlohmann::json& python, const std::string& expected) {
  const auto model = registry.get(name);
  const auto rows = python["vectors"].size();
  const auto predicted = model->booster.predict(flat_vectors(python), rows);
  REQUIRE(predicted.size() == rows);
  for (std::size_t i = 0; i < rows; ++i) {
    INFO(name << " row " << i);
    CHECK(predicted[i] == Approx(python[expected][i].get<double>()).margin(1e-6));
  }
}

nlohmann::json features_body(const std::string& model_name, const nlohmann::json& python, std::size_t row) {
  nlohmann::json features = nlohmann::json::object();
  for (std::size_t i = 0; i < python["feature_names"].size(); ++i) {
    features[python["feature_names"][i].get<std::string>()] = python["vectors"][row][i];
  }
  return {{"model_name", model_name}, {"product_id", "L47181"}, {"unit_id", "UNIT_001"}, {"features", features}};
}

}  // namespace

TEST_CASE("models trained by the Python binding score the same after import", "[seed-import]") {
  TempDir work;
  const auto python = train_python_models(work);
  DaemonProcess daemon("auth:\n  api_keys: [\"reader-key:read\", \"admin-key:admin\"]\n");
  auto model_file = [&](const std::string& name) { return (work / name).string(); };

  const auto classifier = aegisd({"import-model", "--name", "xgb_classifier", "--task", "classification", "--model",
                                  model_file("classifier.json"), "--promote"},
                                 daemon);
  INFO(classifier.output);
  REQUIRE(classifier.code == 0);
  CHECK(classifier.json()["features_from"] == "model file");
  CHECK(classifier.json()["feature_set"] == "seed_window");
  CHECK(classifier.json()["source_format"] == "json");
  CHECK(classifier.json()["promoted"] == true);

  const auto regressor = aegisd({"import-model", "--name", "xgb_regressor", "--task", "rul", "--model",
                                 model_file("regressor.ubj"), "--promote"},
                                daemon);
  REQUIRE(regressor.code == 0);
  CHECK(regressor.json()["features_from"] == "profile");
  CHECK(regressor.json()["source_format"] == "ubjson");
  CHECK(regressor.json()["feature_count"] == 31);

  REQUIRE(aegisd({"import-model", "--name", "clf_ubj", "--task", "classification", "--model",
                  model_file("classifier.ubj"), "--promote"},
                 daemon)
              .code == 0);
  // Names given on the command line, here the seed's own order.
  std::string names;
  for (const auto& name : python["feature_names"]) names += (names.empty() ? "" : ",") + name.get<std::string>();
  const auto named = aegisd({"import-model", "--name", "reg_json", "--task", "rul", "--model",
                             model_file("regressor.json"), "--features", names, "--promote"},
                            daemon);
  REQUIRE(named.code == 0);
  CHECK(named.json()["features_from"] == "request");

  SECTION("bad input is refused with exit code 2 and one line, and nothing is registered") {
    const auto not_a_model = aegisd({"import-model", "--name", "bad", "--task", "classification", "--model",
                                     model_file("predictions.json")},
                                    daemon);
    CHECK(not_a_model.code == 2);
    CHECK_THAT(not_a_model.output, Catch::Contains("expected an XGBoost JSON or UBJSON model file"));
    const auto wrong_count = aegisd({"import-model", "--name", "bad", "--task", "rul", "--model",
                                     model_file("regressor.json"), "--features", "a,b,c"},
                                    daemon);
    CHECK(wrong_count.code == 2);
    CHECK_THAT(wrong_count.output, Catch::Contains("the model takes 31 features, but 3 feature names were given"));
    const auto wrong_task = aegisd(
        {"import-model", "--name", "bad", "--task", "forecast", "--model", model_file("regressor.json")}, daemon);
    CHECK(wrong_task.code == 2);
    CHECK_THAT(wrong_task.output, Catch::Contains("unknown task 'forecast'"));
    const auto wrong_profile = aegisd({"import-model", "--name", "bad", "--task", "rul", "--profile", "pump",
                                       "--model", model_file("regressor.json")},
                                      daemon);
    CHECK(wrong_profile.code == 2);
    CHECK_THAT(wrong_profile.output, Catch::Contains("unknown profile 'pump' (ai4i, turbofan)"));
    const auto wrong_objective = aegisd({"import-model", "--name", "bad", "--task", "classification", "--model",
                                         model_file("regressor.json")},
                                        daemon);
    CHECK(wrong_objective.code == 2);
    CHECK_THAT(wrong_objective.output, Catch::Contains("needs binary:logistic"));

    store::Database database({.path = daemon.dir() / "data" / "aegisd.db"});
    models::ModelRegistry registry(database, daemon.dir() / "data" / "models");
    CHECK(registry.versions("bad").empty());
    CHECK_FALSE(std::filesystem::exists(daemon.dir() / "data" / "models" / "bad"));
  }

  SECTION("the model wrapper predicts what Python predicted") {
    store::Database database({.path = daemon.dir() / "data" / "aegisd.db"});
    models::ModelRegistry registry(database, daemon.dir() / "data" / "models");
    check_wrapper_predictions(registry, "xgb_classifier", python, "classifier");
    check_wrapper_predictions(registry, "clf_ubj", python, "classifier");
    check_wrapper_predictions(registry, "xgb_regressor", python, "regressor");
    check_wrapper_predictions(registry, "reg_json", python, "regressor");
  }

  SECTION("/predict/classification with explicit features answers what Python predicted") {
    REQUIRE(daemon.start());
    HttpClient client(daemon.port());
    const std::map<std::string, std::string> reader{{"Content-Type", "application/json"}, {"X-API-Key", "reader-key"}};
    for (std::size_t row = 0; row < python["vectors"].size(); ++row) {
      const auto answer =
          client.request(boost::beast::http::verb::post, "/predict/classification", features_body("xgb_classifier", python, row).dump(),
                         reader);
      REQUIRE(answer.status == 200);
      const auto data = answer.json()["data"];
      INFO("row " << row);
      CHECK(data["probabilities"]["failure"].get<double>() ==
            Approx(python["classifier"][row].get<double>()).margin(1e-6));
      CHECK(data["prediction"] == (python["classifier"][row].get<double>() >= 0.5 ? 1 : 0));
      CHECK(data["inputs_used"]["source"] == "explicit_features");
    }
  }

  SECTION("POST /models/import installs a model file sent as the body, for admin keys only") {
    REQUIRE(daemon.start());
    HttpClient client(daemon.port());
    const std::string body = read_file(work / "classifier.ubj");
    const std::string target = "/models/import?name=http_clf&task=classification&profile=ai4i&promote=true";
    const auto refused = client.request(boost::beast::http::verb::post, target, body,
                                        {{"Content-Type", "application/octet-stream"}, {"X-API-Key", "reader-key"}});
    CHECK(refused.status == 403);
    const auto not_a_model = client.request(boost::beast::http::verb::post, target, "{\"vectors\": []}",
                                            {{"Content-Type", "application/json"}, {"X-API-Key", "admin-key"}});
    CHECK(not_a_model.status == 400);
    const auto missing = client.request(boost::beast::http::verb::post, "/models/import?task=rul", body,
                                        {{"Content-Type", "application/octet-stream"}, {"X-API-Key", "admin-key"}});
    CHECK(missing.status == 400);
    CHECK(missing.json()["error"] == "Missing required query parameters: name");

    const auto imported = client.request(boost::beast::http::verb::post, target, body,
                                         {{"Content-Type", "application/octet-stream"}, {"X-API-Key", "admin-key"}});
    INFO(imported.body);
    REQUIRE(imported.status == 201);
    CHECK(imported.json()["data"]["model_name"] == "http_clf");
    CHECK(imported.json()["data"]["promoted"] == true);
    // A JSON model file may come as a JSON body.
    const auto as_json = client.request(boost::beast::http::verb::post, "/models/import?name=http_reg&task=rul&promote=1",
                                        read_file(work / "regressor.json"),
                                        {{"Content-Type", "application/json"}, {"X-API-Key", "admin-key"}});
    CHECK(as_json.status == 201);

    const std::map<std::string, std::string> reader{{"Content-Type", "application/json"}, {"X-API-Key", "reader-key"}};
    for (std::size_t row = 0; row < python["vectors"].size(); row += 10) {
      const auto answer = client.request(boost::beast::http::verb::post, "/predict/classification",
                                         features_body("http_clf", python, row).dump(), reader);
      REQUIRE(answer.status == 200);
      CHECK(answer.json()["data"]["probabilities"]["failure"].get<double>() ==
            Approx(python["classifier"][row].get<double>()).margin(1e-6));
    }
    const auto models = client.request(boost::beast::http::verb::get, "/models", "", reader).json()["data"];
    std::vector<std::string> served;
    for (const auto& model : models) served.push_back(model["model_name"]);
    CHECK(served == std::vector<std::string>{"clf_ubj", "http_clf", "http_reg", "reg_json", "xgb_classifier",
                                            "xgb_regressor"});
  }
}
