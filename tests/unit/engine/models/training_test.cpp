#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "engine/models/metrics.hpp"
#include "engine/models/training.hpp"
#include "tests/unit/engine/models/synthetic_data.hpp"

using namespace aegis::models;

namespace {

double accuracy_on(const Booster& model, const TrainingSet& test) {
  const auto probabilities = model.predict(test.features, test.rows);
  std::vector<int> truth(test.labels.begin(), test.labels.end());
  return binary_metrics(truth, probabilities).accuracy;
}

std::string training_error(const TrainingSet& data, const TrainParams& params = aegis::test::quick_binary_params()) {
  try {
    train(data, params);
  } catch (const ModelError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("Continuing training adds rounds to the previous model", "[models]") {
  const auto data = aegis::test::threshold_data(500);
  const auto test = aegis::test::threshold_data(200, 9);
  const auto first = train(data, aegis::test::quick_binary_params(10));
  REQUIRE(first.boosted_rounds() == 10);

  const auto more_data = aegis::test::threshold_data(300, 123);
  const auto continued = train(more_data, aegis::test::quick_binary_params(5), &first);
  CHECK(continued.boosted_rounds() == 15);
  CHECK(first.boosted_rounds() == 10);  // the previous model is left as it was
  CHECK(accuracy_on(continued, test) >= 0.97);

  // More trees on the same rule make the model surer of clear-cut rows.
  const std::vector<float> clear_positive{0.95f, 0.5f, 0.5f, 0.5f};
  CHECK(continued.predict_row(clear_positive).at(0) > first.predict_row(clear_positive).at(0));
}

TEST_CASE("Continuing training needs the model's feature count", "[models]") {
  const auto first = train(aegis::test::threshold_data(100), aegis::test::quick_binary_params(2));
  TrainingSet narrow;
  narrow.rows = 2;
  narrow.cols = 3;
  narrow.features = {0, 0, 0, 1, 1, 1};
  narrow.labels = {0, 1};
  CHECK_THROWS_WITH(train(narrow, aegis::test::quick_binary_params(2), &first),
                    "cannot continue training: the model has 4 features, the training set 3");
}

TEST_CASE("Weights change what the model learns", "[models]") {
  auto data = aegis::test::threshold_data(400);
  data.weights.assign(data.rows, 1.0f);
  const auto plain = train(data, aegis::test::quick_binary_params(10));
  for (std::size_t row = 0; row < data.rows; ++row) {
    if (data.labels[row] == 1.0f) data.weights[row] = 0.01f;
  }
  const auto weighted = train(data, aegis::test::quick_binary_params(10));
  // With positives barely counted, a borderline row leans negative.
  const std::vector<float> borderline{0.52f, 0.5f, 0.5f, 0.5f};
  CHECK(weighted.predict_row(borderline).at(0) < plain.predict_row(borderline).at(0));
}

TEST_CASE("Multi-class training yields one probability per class", "[models]") {
  std::mt19937 generator(1);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  TrainingSet data;
  data.rows = 300;
  data.cols = 2;
  for (std::size_t row = 0; row < data.rows; ++row) {
    const float x = uniform(generator);
    data.features.push_back(x);
    data.features.push_back(uniform(generator));
    data.labels.push_back(x < 0.33f ? 0.0f : x < 0.66f ? 1.0f : 2.0f);
  }
  auto params = multiclass_params(3);
  params.rounds = 10;
  const auto model = train(data, params);
  CHECK(model.outputs_per_row() == 3);
  CHECK(model.boosted_rounds() == 10);

  const std::vector<float> rows{0.1f, 0.5f, 0.5f, 0.5f, 0.9f, 0.5f};
  const auto probabilities = model.predict(rows, 3);
  REQUIRE(probabilities.size() == 9);
  CHECK(argmax_rows(probabilities, 3) == std::vector<int>{0, 1, 2});
  for (std::size_t row = 0; row < 3; ++row) {
    CHECK(probabilities[row * 3] + probabilities[row * 3 + 1] + probabilities[row * 3 + 2] == Approx(1.0f));
  }
}

TEST_CASE("Regression training fits a linear target", "[models]") {
  std::mt19937 generator(2);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  TrainingSet data;
  data.rows = 400;
  data.cols = 1;
  for (std::size_t row = 0; row < data.rows; ++row) {
    const float x = uniform(generator);
    data.features.push_back(x);
    data.labels.push_back(100.0f * x);
  }
  auto params = regression_params();
  params.rounds = 60;
  params.params["eta"] = "0.3";
  const auto model = train(data, params);
  const auto predicted = model.predict(data.features, data.rows);
  const auto metrics = regression_metrics(data.labels, predicted);
  CHECK(metrics.rmse < 3.0);
  CHECK(metrics.r2 > 0.98);
}

TEST_CASE("Invalid training sets are refused with the field at fault", "[models]") {
  const auto good = aegis::test::threshold_data(10);

  auto data = good;
  data.labels.pop_back();
  CHECK(training_error(data) == "invalid training set: labels hold 9 values for 10 rows");

  data = good;
  data.features.pop_back();
  CHECK(training_error(data) == "invalid training set: features hold 39 values, expected rows x cols = 10 x 4");

  data = good;
  data.labels[3] = std::numeric_limits<float>::quiet_NaN();
  CHECK(training_error(data) == "invalid training set: label of row 3 is nan, not a finite number");

  data = good;
  data.features[2 * 4 + 1] = std::numeric_limits<float>::infinity();
  CHECK(training_error(data) == "invalid training set: feature 1 of row 2 is infinite (use NaN for a missing value)");

  data = good;
  data.weights = {1, 1};
  CHECK(training_error(data) == "invalid training set: weights hold 2 values for 10 rows");

  data = good;
  data.weights.assign(10, 1.0f);
  data.weights[4] = -1.0f;
  CHECK(training_error(data) == "invalid training set: weight of row 4 is negative");

  data = good;
  data.rows = 0;
  CHECK(training_error(data) == "invalid training set: it has no rows");

  auto params = aegis::test::quick_binary_params(0);
  CHECK(training_error(good, params) == "invalid training parameters: rounds must be at least 1");

  params = aegis::test::quick_binary_params(2);
  params.params["objective"] = "no:such_objective";
  CHECK_THAT(training_error(good, params), Catch::StartsWith("training round 1 failed: "));
}

TEST_CASE("Missing feature values are allowed in training", "[models]") {
  auto data = aegis::test::threshold_data(200);
  for (std::size_t row = 0; row < data.rows; row += 10) data.features[row * 4 + 2] = NAN;
  const auto model = train(data, aegis::test::quick_binary_params(5));
  CHECK(model.boosted_rounds() == 5);
}
