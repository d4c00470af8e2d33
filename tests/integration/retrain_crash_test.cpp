// Fault scenario "retrain-crash": the daemon is killed (SIGKILL) at the
// riskiest steps of installing a retrained model and must come back serving
// a complete model: the old one before the registry commit, the new one after.
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>

#include "engine/models/model_registry.hpp"
#include "engine/store/database.hpp"
#include "engine/telemetry/telemetry_store.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/model_fixtures.hpp"
#include "tests/support/retrain_fixtures.hpp"

using namespace aegis;
using namespace std::chrono_literals;
using test::HttpClient;

namespace {

// The store an operator would have: labelled telemetry of 16 units and the test models.
std::string prepare(const test::DaemonProcess& daemon) {
  const auto data_dir = daemon.dir() / "data";
  std::filesystem::create_directories(data_dir);
  store::Database db({.path = data_dir / "aegisd.db"});
  telemetry::TelemetryStore store(db);
  const auto names = test::unit_names(16);
  for (std::size_t i = 0; i < names.size(); ++i) {
    store.insert(profiles::ai4i_profile(), test::labelled_history("P1", names[i], 60, i % 2 == 0, 0, 60));
  }
  models::ModelRegistry registry(db, data_dir / "models");
  test::install_test_models(registry);
  return registry.get("xgb_classifier")->record.version;
}

nlohmann::json served(HttpClient& client) {
  const auto models = client.get("/models").json();
  for (const auto& model : models["data"]) {
    if (model["model_name"] == "xgb_classifier") return model;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("A retrain killed between writing the model and committing it leaves a complete model served",
          "[retrain][crash]") {
  for (const std::string step : {"model_file_written", "files_written", "committed"}) {
    DYNAMIC_SECTION(step) {
      test::DaemonProcess daemon;
      const std::string original = prepare(daemon);
      daemon.env()["AEGIS_FAULT_RETRAIN_STEP"] = step;
      REQUIRE(daemon.start());
      try {
        HttpClient client(daemon.port());
        const auto answer = client.post("/retrain/run",
                                        R"({"model_type": "classification", "incremental": false, "force": true})");
        FAIL("the daemon answered " << answer.status << " " << answer.body);
      } catch (const std::exception&) {
        // The connection died with the process.
      }
      REQUIRE(daemon.process().wait(20s) == 128 + SIGKILL);

      daemon.env().clear();
      REQUIRE(daemon.start());
      HttpClient client(daemon.port());
      const auto model = served(client);
      const auto versions = client.get("/models/xgb_classifier/versions").json()["data"];
      if (step == "committed") {
        CHECK(model["version"] != original);
        CHECK(versions.size() == 2);
      } else {
        CHECK(model["version"] == original);
        CHECK(versions.size() == 1);  // the files written before the kill are not registered
      }
      const auto prediction = client.post("/predict/classification",
                                          R"({"model_name": "xgb_classifier", "product_id": "P1", "unit_id": "U00"})");
      REQUIRE(prediction.status == 200);
      CHECK(prediction.json()["data"]["model_version"] == model["version"]);
      CHECK(client.get("/health").json()["data"]["models"] == "ok");
      daemon.process().signal(SIGTERM);
      CHECK(daemon.process().wait(20s) == 0);
    }
  }
}
