#include <catch2/catch.hpp>

#include "engine/imports/import_error.hpp"
#include "engine/imports/model_import.hpp"
#include "engine/models/training.hpp"
#include "engine/retraining/retrain_pointer.hpp"
#include "engine/retraining/retrainer.hpp"
#include "engine/scoring/feature_sets.hpp"
#include "engine/scoring/predictor.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis;

namespace {

// A small binary classifier over `cols` features: label = first feature > 0.5.
std::string classifier_bytes(std::size_t cols, models::ModelFormat format = models::ModelFormat::json) {
  models::TrainingSet set;
  set.rows = 64;
  set.cols = cols;
  for (std::size_t row = 0; row < set.rows; ++row) {
    for (std::size_t col = 0; col < cols; ++col) set.features.push_back(static_cast<float>((row * (col + 3)) % 17) / 16);
    set.labels.push_back(set.features[row * cols] > 0.5F ? 1.0F : 0.0F);
  }
  auto params = models::binary_classification_params();
  params.rounds = 5;
  const auto bytes = models::train(set, params).serialize(format);
  return {bytes.begin(), bytes.end()};
}

struct Registry {
  test::TempDir dir;
  store::Database database{{.path = dir / "aegisd.db"}};
  models::ModelRegistry registry{database, dir / "models"};
  profiles::ProfileCatalog catalog;
};

imports::ModelImportRequest request(const std::string& name, const std::string& task = "classification") {
  return {.model_name = name, .task = task, .profile = "ai4i", .feature_names = std::nullopt, .promote = true,
          .origin = "model file m.json"};
}

}  // namespace

TEST_CASE("an imported model without names takes the profile's vector for its task", "[imports]") {
  Registry r;
  const auto result = imports::import_model(r.registry, r.catalog, classifier_bytes(31), request("clf"));
  CHECK(result.features_from == "profile");
  CHECK(result.source_format == "json");
  CHECK(result.objective == "binary:logistic");
  CHECK(result.record.sidecar.feature_set == scoring::kSeedWindow);
  CHECK(result.record.sidecar.feature_names == scoring::feature_names(scoring::kSeedWindow, profiles::ai4i_profile()));
  CHECK(result.record.promoted);
  CHECK(r.registry.get("clf")->booster.num_features() == 31);
}

TEST_CASE("a model named in another order or with other names scores explicit features only", "[imports]") {
  Registry r;
  auto names = scoring::feature_names(scoring::kAi4iSnapshot, profiles::ai4i_profile());
  auto snapshot = request("snap");
  snapshot.feature_names = names;
  const auto bytes = classifier_bytes(names.size(), models::ModelFormat::ubjson);
  const auto recipe = imports::import_model(r.registry, r.catalog, bytes, snapshot);
  CHECK(recipe.record.sidecar.feature_set == scoring::kAi4iSnapshot);
  CHECK(recipe.source_format == "ubjson");

  std::swap(names[0], names[1]);
  auto swapped = request("swapped");
  swapped.feature_names = names;
  CHECK(imports::import_model(r.registry, r.catalog, bytes, swapped).record.sidecar.feature_set ==
        scoring::kExplicitFeatures);

  // Scoring it from telemetry would feed the recipe's order: refused as unavailable.
  telemetry::TelemetryStore store(r.database);
  scoring::Predictor predictor(store, r.registry, r.catalog, "xgb_failure_mode");
  CHECK_THROWS_WITH(predictor.predict_failure("swapped", {"P", "U"}, std::nullopt),
                    "Model not available: swapped (it scores explicit features only)");
  CHECK_NOTHROW(predictor.predict_failure("swapped", std::map<std::string, double>{{names[0], 1.0}}));
}

TEST_CASE("bad imports are refused before anything is written", "[imports]") {
  Registry r;
  const auto bytes = classifier_bytes(31);
  CHECK_THROWS_AS(imports::import_model(r.registry, r.catalog, "not a model", request("x")), imports::ImportError);
  CHECK_THROWS_AS(imports::import_model(r.registry, r.catalog, "{\"learner\": 1}", request("x")), imports::ImportError);
  CHECK_THROWS_WITH(imports::import_model(r.registry, r.catalog, classifier_bytes(7), request("x")),
                    "model file m.json: the model takes 7 features, but the ai4i profile's seed_window vector has 31 "
                    "(give the model's feature names)");
  CHECK_THROWS_WITH(imports::import_model(r.registry, r.catalog, bytes, request("x", "failure_mode")),
                    "model file m.json: a failure_mode model needs multi:softprob, this one was trained with "
                    "binary:logistic");
  CHECK_THROWS_WITH(imports::import_model(r.registry, r.catalog, bytes, request("../x")),
                    Catch::StartsWith("invalid model name '../x'"));
  auto other_profile = request("x");
  other_profile.profile = "pump";
  CHECK_THROWS_WITH(imports::import_model(r.registry, r.catalog, bytes, other_profile),
                    "unknown profile 'pump' (ai4i, turbofan)");
  CHECK(r.registry.versions("x").empty());
  CHECK_FALSE(std::filesystem::exists(r.dir / "models" / "x"));
}

TEST_CASE("feature lists are split on commas", "[imports]") {
  CHECK(imports::parse_feature_list("a, b ,c") == std::vector<std::string>{"a", "b", "c"});
  CHECK_THROWS_AS(imports::parse_feature_list("a,,c"), imports::ImportError);
  CHECK_THROWS_AS(imports::parse_feature_list(""), imports::ImportError);
}

TEST_CASE("a feature named twice is refused, naming it", "[imports]") {
  Registry r;
  auto names = scoring::feature_names(scoring::kSeedWindow, profiles::ai4i_profile());
  names[5] = names[2];
  auto twice = request("twice");
  twice.feature_names = names;
  CHECK_THROWS_AS(imports::import_model(r.registry, r.catalog, classifier_bytes(31), twice), imports::ImportError);
  CHECK_THROWS_WITH(imports::import_model(r.registry, r.catalog, classifier_bytes(31), twice),
                    "the feature list names feature '" + names[2] + "' twice");
  CHECK(r.registry.versions("twice").empty());
}

TEST_CASE("a promoted import clears the name's retrain pointer in the same transaction", "[imports]") {
  Registry r;
  const auto pointer = *time::parse_iso8601("2024-03-01T00:00:00Z");
  r.database.write([&](store::Connection& connection) {
    retraining::write_pointer(connection, "clf", pointer);
    retraining::write_pointer(connection, "kept", pointer);
  });
  auto unpromoted = request("kept");
  unpromoted.promote = false;
  imports::import_model(r.registry, r.catalog, classifier_bytes(31), unpromoted);
  CHECK(retraining::read_pointer(r.database, "kept") == pointer);  // nothing served changed

  imports::import_model(r.registry, r.catalog, classifier_bytes(31), request("clf"));
  CHECK_FALSE(retraining::read_pointer(r.database, "clf").has_value());
  // An incremental retrain of the imported model now sees every stored reading as new.
  telemetry::TelemetryStore store(r.database);
  telemetry::Reading reading;
  reading.product_id = "P";
  reading.unit_id = "U";
  reading.timestamp = *time::parse_iso8601("2024-01-01T00:00:00Z");
  reading.values = {300, 310, 1500, 40, 1};
  store.insert(profiles::ai4i_profile(), std::vector<telemetry::Reading>{reading});
  retraining::Retrainer retrainer(r.database, store, r.registry, r.catalog, {});
  CHECK(retrainer.new_rows({.model_name = "clf", .task = training::Task::classification}) == 1);
}
