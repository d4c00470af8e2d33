#pragma once
// Training one of the gateway's three tasks end to end: split, train, judge
// on the held-out part (never on training rows), calibrate RUL intervals by
// cross-fitting over the training units, and describe the result in a sidecar.
#include <cstdint>
#include <map>
#include <string>

#include "engine/models/booster.hpp"
#include "engine/models/sidecar.hpp"
#include "engine/training/examples.hpp"

namespace aegis::training {

struct TrainOptions {
  std::string profile = "ai4i";
  std::map<std::string, std::string> params;  // XGBoost parameters over the task's defaults
  int rounds = 0;                             // 0: the task's default
  int threads = 2;
  double test_fraction = 0.2;
  std::uint64_t seed = 42;
  bool stratified = false;  // split rows by label (snapshots) instead of by unit
  double interval_alpha = 0.1;  // RUL: 90 % intervals
};

struct TrainedModel {
  models::Booster booster;
  models::Sidecar sidecar;  // task, profile, features, params, metrics, calibration; no name/version yet
  std::vector<std::size_t> held_out_rows;  // the rows of the examples the metrics were computed on
};

TrainedModel train_task(Task task, const Examples& examples, const TrainOptions& options);

// The task's metrics of `booster` on `examples` (all rows are test rows):
// classification {accuracy, precision, recall, f1, roc_auc, ...};
// failure_mode {accuracy, macro_f1 over the failure modes, per_class};
// rul {rmse, mae, r2, phm08_score, interval coverage and mean width}.
nlohmann::json evaluate(Task task, const models::Booster& booster, const models::Sidecar& sidecar,
                        const Examples& examples);

// The task's default XGBoost parameters and rounds.
models::TrainParams default_params(Task task);

}  // namespace aegis::training
