#pragma once
// Small, seeded data sets for training real XGBoost models inside tests.
#include <cstddef>
#include <random>

#include "engine/models/training.hpp"

namespace aegis::test {

// `rows` x 4 uniform features in [0, 1); label 1 when feature 0 exceeds 0.5.
inline models::TrainingSet threshold_data(std::size_t rows, unsigned seed = 42) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  models::TrainingSet data;
  data.rows = rows;
  data.cols = 4;
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t col = 0; col < data.cols; ++col) data.features.push_back(uniform(generator));
    data.labels.push_back(data.features[row * data.cols] > 0.5f ? 1.0f : 0.0f);
  }
  return data;
}

// A quick binary classifier: shallow trees, few rounds, one thread.
inline models::TrainParams quick_binary_params(int rounds = 20) {
  auto params = models::binary_classification_params();
  params.params["max_depth"] = "3";
  params.params["eta"] = "0.3";
  params.rounds = rounds;
  params.threads = 1;
  return params;
}

}  // namespace aegis::test
