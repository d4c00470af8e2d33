#include "tests/support/model_fixtures.hpp"

#include <random>

#include "engine/features/failure_mode_features.hpp"
#include "engine/models/conformal.hpp"
#include "engine/models/training.hpp"
#include "engine/profiles/sensor_profile.hpp"
#include "engine/scoring/feature_sets.hpp"

namespace aegis::test {
namespace {

models::TrainingSet to_set(const std::vector<std::vector<double>>& rows, const std::vector<float>& labels) {
  models::TrainingSet set;
  set.rows = rows.size();
  set.cols = rows.front().size();
  for (const auto& row : rows) set.features.insert(set.features.end(), row.begin(), row.end());
  set.labels = labels;
  return set;
}

models::Sidecar sidecar(const std::string& task, const std::string& feature_set) {
  models::Sidecar s;
  s.task = task;
  s.profile = "ai4i";
  s.feature_set = feature_set;
  s.feature_names = scoring::feature_names(feature_set, profiles::ai4i_profile());
  return s;
}

}  // namespace

std::vector<telemetry::Reading> unit_history(const std::string& product_id, const std::string& unit_id, int steps,
                                             bool degrading) {
  std::mt19937 random(static_cast<unsigned>(std::hash<std::string>{}(unit_id)));
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<telemetry::Reading> rows;
  const auto start = *time::parse_iso8601("2024-01-01T00:00:00Z");
  for (int step = 0; step < steps; ++step) {
    telemetry::Reading r;
    r.product_id = product_id;
    r.unit_id = unit_id;
    r.timestamp = start + std::chrono::hours(step);
    r.step_index = step;
    r.engine_type = "L";
    const double progress = static_cast<double>(step) / steps;
    const double torque = degrading ? 40.0 + 35.0 * progress : 40.0 + noise(random);
    const double wear = degrading ? 20.0 + 180.0 * progress : 20.0 + step * 0.5;
    r.values = {298.0 + noise(random) * 0.5, 308.0 + noise(random) * 0.5, 1500.0 + noise(random) * 10.0, torque, wear};
    rows.push_back(std::move(r));
  }
  return rows;
}

void install_test_models(models::ModelRegistry& registry) {
  const auto profile = profiles::ai4i_profile();
  std::mt19937 random(7);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);

  // Classifier and regressor on windows cut from many synthetic histories.
  std::vector<std::vector<double>> windows;
  std::vector<float> failed, rul;
  for (int unit = 0; unit < 40; ++unit) {
    const auto history = unit_history("TRAIN", "T" + std::to_string(unit), 80, unit % 2 == 0);
    for (std::size_t end = 5; end <= history.size(); end += 5) {
      std::span<const telemetry::Reading> upto(history.data(), end);
      auto features = scoring::feature_vector(scoring::kSeedWindow, profile, upto);
      const double torque_mean = features[18];  // torque_Nm_mean
      const double wear_last = features[28];    // tool_wear_min_last
      failed.push_back(torque_mean > 55.0 ? 1.0f : 0.0f);
      rul.push_back(static_cast<float>(std::max(0.0, 200.0 - wear_last)));
      windows.push_back(std::move(features));
    }
  }
  auto binary = models::binary_classification_params();
  binary.rounds = 30;
  auto classifier = models::train(to_set(windows, failed), binary);
  registry.install("xgb_classifier", classifier, sidecar("classification", scoring::kSeedWindow), true);

  auto regression = models::regression_params();
  regression.rounds = 60;
  auto regressor = models::train(to_set(windows, rul), regression);
  std::vector<float> predicted;
  for (const auto& row : windows) predicted.push_back(regressor.predict_row(scoring::to_floats(row))[0]);
  auto rul_sidecar = sidecar("rul", scoring::kSeedWindow);
  rul_sidecar.calibration = models::ConformalCalibration::fit(rul, predicted, 0.1, 0.0).to_json();
  registry.install("xgb_regressor", regressor, rul_sidecar, true);

  // Failure mode on snapshots: overstrain when wear x torque passes the L limit.
  std::vector<std::vector<double>> snapshots;
  std::vector<float> modes;
  for (int i = 0; i < 600; ++i) {
    features::Ai4iSnapshot s{298.0, 308.0, 1500.0, 20.0 + 60.0 * uniform(random), 240.0 * uniform(random), "L"};
    modes.push_back(s.tool_wear_min * s.torque_Nm > 11000.0 ? 3.0f : 0.0f);
    snapshots.push_back(features::failure_mode_feature_vector(s));
  }
  auto multi = models::multiclass_params(6);
  multi.rounds = 20;
  auto failure_mode = models::train(to_set(snapshots, modes), multi);
  auto mode_sidecar = sidecar("failure_mode", scoring::kAi4iSnapshot);
  for (auto name : features::kFailureModeClasses) mode_sidecar.classes.emplace_back(name);
  registry.install("xgb_failure_mode", failure_mode, mode_sidecar, true);
}

}  // namespace aegis::test
