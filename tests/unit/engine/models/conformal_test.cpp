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
                    "conformal calibration: field 'method' must be \"split_conformal\" or \"binned_conformal\"");
  CHECK_THROWS_WITH(ConformalCalibration::from_json(nlohmann::json::array()),
                    "conformal calibration: expected a JSON object");
}

namespace {
// Rows with predictions `first`, `first` + 1, ... and signed residuals y - yhat.
void add_rows(float first, const std::vector<float>& residuals, std::vector<float>& truth,
              std::vector<float>& predicted) {
  for (std::size_t i = 0; i < residuals.size(); ++i) {
    predicted.push_back(first + static_cast<float>(i));
    truth.push_back(first + static_cast<float>(i) + residuals[i]);
  }
}
std::vector<float> steps(int from, int to, int by = 1) {
  std::vector<float> values;
  for (int v = from; v <= to; ++v) values.push_back(static_cast<float>(v * by));
  return values;
}
}  // namespace

TEST_CASE("Binned conformal offsets are weighted ranks of the signed residuals", "[conformal]") {
  std::vector<float> truth, predicted;
  SECTION("one range, n = 19, alpha = 0.1: ranks floor(20 x 0.05) = 1 and ceil(20 x 0.95) = 19") {
    add_rows(10, steps(-9, 9), truth, predicted);  // residuals -9 ... 9
    const auto calibration = ConformalCalibration::fit_binned(truth, predicted, {}, 0.1, 0.0);
    REQUIRE(calibration.bins().size() == 1);  // 19 rows < 100 per range
    CHECK_FALSE(calibration.bins()[0].from.has_value());
    CHECK(calibration.bins()[0].lower == -9.0);
    CHECK(calibration.bins()[0].upper == 9.0);
    CHECK(calibration.bins()[0].samples == 19);
    CHECK(calibration.interval(20).lower == 11.0);
    CHECK(calibration.interval(20).upper == 29.0);
    CHECK(calibration.interval(3).lower == 0.0);  // floored
    CHECK(calibration.interval(3).upper == 12.0);
  }
  SECTION("two ranges of equal count, cut at the first prediction of the upper one") {
    add_rows(1, steps(-9, 9), truth, predicted);        // predictions 1 ... 19, residuals -9 ... 9
    add_rows(101, steps(-9, 9, 2), truth, predicted);   // predictions 101 ... 119, residuals -18 ... 18
    const auto calibration = ConformalCalibration::fit_binned(truth, predicted, {}, 0.1, 0.0, 2, 19);
    REQUIRE(calibration.bins().size() == 2);
    CHECK(calibration.bins()[1].from == 101.0);
    CHECK(calibration.bins()[1].lower == -18.0);
    CHECK(calibration.bins()[1].upper == 18.0);
    CHECK(calibration.half_width() == 18.0);
    CHECK(calibration.interval(50).lower == 41.0);
    CHECK(calibration.interval(50).upper == 59.0);
    CHECK(calibration.interval(101).lower == 83.0);
    CHECK(calibration.interval(200).upper == 218.0);
    CHECK(calibration.samples() == 38);
  }
  SECTION("weights: a row of weight 0 no longer sets the lower offset") {
    add_rows(10, steps(-9, 9), truth, predicted);
    std::vector<float> weights(19, 1.0f);
    weights[0] = 0.0f;  // residual -9; the other 18 rows weigh 19/18 each
    const auto calibration = ConformalCalibration::fit_binned(truth, predicted, weights, 0.1);
    CHECK(calibration.bins()[0].lower == -8.0);
    CHECK(calibration.bins()[0].upper == 9.0);
  }
  SECTION("the interval always holds the prediction") {
    add_rows(10, steps(1, 19), truth, predicted);  // every truth above its prediction
    const auto calibration = ConformalCalibration::fit_binned(truth, predicted, {}, 0.1);
    CHECK(calibration.bins()[0].lower == 0.0);
    CHECK(calibration.bins()[0].upper == 19.0);
  }
  SECTION("equal predictions stay in one range") {
    for (int i = 0; i < 40; ++i) {
      predicted.push_back(i < 30 ? 5.0f : 6.0f);
      truth.push_back(5.0f);
    }
    const auto calibration = ConformalCalibration::fit_binned(truth, predicted, {}, 0.1, std::nullopt, 2, 19);
    REQUIRE(calibration.bins().size() == 1);  // the cut at row 20 moves to row 30, leaving 10 < 19 rows
  }
  SECTION("too few rows for a two-sided interval") {
    add_rows(10, steps(1, 18), truth, predicted);
    CHECK_THROWS_WITH(ConformalCalibration::fit_binned(truth, predicted, {}, 0.1),
                      "conformal calibration: 18 calibration rows are too few for alpha 0.1 (need at least 19)");
  }
}

TEST_CASE("Binned calibration round-trips through the sidecar JSON and refuses broken bins", "[conformal]") {
  std::vector<float> truth, predicted;
  add_rows(1, steps(-9, 9), truth, predicted);
  add_rows(101, steps(-9, 9, 2), truth, predicted);
  const auto original = ConformalCalibration::fit_binned(truth, predicted, {}, 0.1, 0.0, 2, 19);
  const auto json = original.to_json();
  CHECK(json == nlohmann::json{{"method", "binned_conformal"},
                               {"alpha", 0.1},
                               {"samples", 38},
                               {"floor", 0.0},
                               {"bins",
                                {{{"from", nullptr}, {"lower", -9.0}, {"upper", 9.0}, {"samples", 19}},
                                 {{"from", 101.0}, {"lower", -18.0}, {"upper", 18.0}, {"samples", 19}}}}});
  CHECK(ConformalCalibration::present(json));
  CHECK_FALSE(ConformalCalibration::present(nlohmann::json::object()));
  const auto restored = ConformalCalibration::from_json(nlohmann::json::parse(json.dump()));
  CHECK(restored.interval(101).lower == 83.0);
  CHECK(restored.interval(50).upper == 59.0);
  CHECK(restored.floor() == 0.0);

  auto no_bins = json;
  no_bins.erase("bins");
  CHECK_THROWS_WITH(ConformalCalibration::from_json(no_bins),
                    "conformal calibration: field 'bins' must be a non-empty array");
  auto first_from = json;
  first_from["bins"][0]["from"] = 0.0;
  CHECK_THROWS_WITH(ConformalCalibration::from_json(first_from),
                    "conformal calibration: field 'bins.from' must be null for the first bin only");
  auto positive_lower = json;
  positive_lower["bins"][1]["lower"] = 2.0;
  CHECK_THROWS_WITH(ConformalCalibration::from_json(positive_lower),
                    "conformal calibration: field 'bins.lower' must be a finite number <= 0");
}
