#pragma once
// Training XGBoost models on the gateway itself, from scratch or by boosting
// more rounds onto an existing model (incremental retraining on local data).
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "engine/models/booster.hpp"

namespace aegis::models {

struct TrainingSet {
  std::vector<float> features;  // rows x cols, row-major; NaN marks a missing value
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<float> labels;   // one per row
  std::vector<float> weights;  // one per row, or empty for equal weights
};

struct TrainParams {
  // XGBoost booster parameters ("objective", "max_depth", "eta", ...).
  std::map<std::string, std::string> params;
  int rounds = 100;
  // Training threads; 0 lets XGBoost use every core. Overrides any "nthread"
  // in `params`.
  int threads = 1;
};

// Trains `params.rounds` rounds. With `continue_from`, the new model starts as
// a copy of that model (same objective, its trees kept) and adds the rounds on
// top; the training set must then have the model's number of features.
// Invalid input throws ModelError naming the field at fault.
Booster train(const TrainingSet& data, const TrainParams& params, const Booster* continue_from = nullptr);

// Starting points for the gateway's three tasks (histogram trees, depth 6,
// learning rate 0.1); callers may adjust before training.
TrainParams binary_classification_params();
TrainParams multiclass_params(int num_class);
TrainParams regression_params();

// Checks the sizes and values of a training set; train() calls it too.
void validate(const TrainingSet& data);

}  // namespace aegis::models
