#include <catch2/catch.hpp>

#include <vector>

#include "engine/models/conformal.hpp"

using namespace aegis::models;

namespace {
// Predictions of 100 with the given absolute residuals, alternating in sign.
void make_rows(const std::vector<float>& residuals, std::vector<float>& truth, std::vector<float>& predicted) {
  for (std::size_t i = 0; i < residuals.size(); ++i) {
    predicted.push_back(100.0f);
    truth.push_back(i % 2 == 0 ? 100.0f + residuals[i] : 100.0f - residuals[i]);
  }
}
}  // namespace

TEST_CASE("Split-conformal half-width is the k-th smallest residual", "[conformal]") {
  std::vector<float> truth, predicted;
  SECTION("n = 19, alpha = 0.1: k = ceil(20 x 0.9) = 18") {
    std::vector<float> residuals;
    for (int r = 19; r >= 1; --r) residuals.push_back(static_cast<float>(r));  // 19, 18, ..., 1
    make_rows(residuals, truth, predicted);
    const auto calibration = ConformalCalibration::fit(truth, predicted);
    CHECK(calibration.half_width() == 18.0);
    CHECK(calibration.samples() == 19);
    CHECK(calibration.alpha() == 0.1);
  }
  SECTION("n = 10, alpha = 0.2: k = ceil(11 x 0.8) = 9") {
    make_rows({0.5f, 3, 1, 7, 2, 9, 4, 6, 8, 5}, truth, predicted);  // sorted: 0.5 1 2 3 4 5 6 7 8 9
    CHECK(ConformalCalibration::fit(truth, predicted, 0.2).half_width() == 8.0);
  }
  SECTION("n = 9, alpha = 0.1: k = 9, the largest residual") {
    make_rows({1, 2, 3, 4, 5, 6, 7, 8, 9}, truth, predicted);
    CHECK(ConformalCalibration::fit(truth, predicted).half_width() == 9.0);
  }
}

TEST_CASE("Too few calibration rows are refused", "[conformal]") {
  std::vector<float> truth, predicted;
  make_rows({1, 2, 3, 4, 5, 6, 7, 8}, truth, predicted);
  CHECK_THROWS_WITH(ConformalCalibration::fit(truth, predicted),
                    "conformal calibration: 8 calibration rows are too few for alpha 0.1 (need at least 9)");
  CHECK_THROWS_WITH(ConformalCalibration::fit(truth, predicted, 1.0),
                    "conformal calibration: alpha must lie strictly between 0 and 1, got 1");
}

TEST_CASE("Intervals are the prediction plus or minus the half-width, floored for RUL", "[conformal]") {
  std::vector<float> truth, predicted;
  make_rows({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, truth, predicted);  // k = ceil(11 x 0.9) = 10
  const auto plain = ConformalCalibration::fit(truth, predicted);
  CHECK(plain.half_width() == 10.0);
  CHECK(plain.interval(50).lower == 40.0);
  CHECK(plain.interval(50).upper == 60.0);
  CHECK(plain.interval(4).lower == -6.0);

  const auto rul = ConformalCalibration::fit(truth, predicted, 0.1, 0.0);
  CHECK(rul.interval(4).lower == 0.0);
  CHECK(rul.interval(4).upper == 14.0);
  CHECK(rul.interval(-30).lower == 0.0);
  CHECK(rul.interval(-30).upper == 0.0);
}

TEST_CASE("Calibration round-trips through the sidecar JSON", "[conformal]") {
  std::vector<float> truth, predicted;
  make_rows({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, truth, predicted);
  const auto original = ConformalCalibration::fit(truth, predicted, 0.1, 0.0);
  const auto json = original.to_json();
  CHECK(json == nlohmann::json{{"method", "split_conformal"},
                               {"alpha", 0.1},
                               {"half_width", 10.0},
                               {"samples", 10},
                               {"floor", 0.0}});
  const auto restored = ConformalCalibration::from_json(nlohmann::json::parse(json.dump()));
  CHECK(restored.half_width() == 10.0);
  CHECK(restored.alpha() == 0.1);
  CHECK(restored.samples() == 10);
  CHECK(restored.floor() == 0.0);

  const auto unfloored = ConformalCalibration::fit(truth, predicted);
  CHECK(unfloored.to_json()["floor"].is_null());
  CHECK_FALSE(ConformalCalibration::from_json(unfloored.to_json()).floor().has_value());
}

TEST_CASE("Broken calibration JSON names the field", "[conformal]") {
  auto json = nlohmann::json{{"method", "split_conformal"}, {"alpha", 0.1}, {"half_width", 10.0}, {"samples", 10}};
  CHECK_NOTHROW(ConformalCalibration::from_json(json));

  auto missing = json;
  missing.erase("half_width");
  CHECK_THROWS_WITH(ConformalCalibration::from_json(missing), "conformal calibration: field 'half_width' is missing");
  auto negative = json;
  negative["half_width"] = -1;
  CHECK_THROWS_WITH(ConformalCalibration::from_json(negative),
                    "conformal calibration: field 'half_width' must be a finite number >= 0");
  auto bad_alpha = json;
  bad_alpha["alpha"] = 1.5;
  CHECK_THROWS_WITH(ConformalCalibration::from_json(bad_alpha),
                    "conformal calibration: field 'alpha' must lie strictly between 0 and 1");
  auto text_samples = json;
  text_samples["samples"] = "ten";
  CHECK_THROWS_WITH(ConformalCalibration::from_json(text_samples),
                    "conformal calibration: field 'samples' must be a positive whole number");
  auto other_method = json;
  other_method["method"] = "quantile_regression";
  CHECK_THROWS_WITH(ConformalCalibration::from_json(other_method),
                    "conformal calibration: field 'method' must be \"split_conformal\"");
  CHECK_THROWS_WITH(ConformalCalibration::from_json(nlohmann::json::array()),
                    "conformal calibration: expected a JSON object");
}
