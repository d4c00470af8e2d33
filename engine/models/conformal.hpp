#pragma once
// Conformal prediction intervals for regression models (remaining useful
// life). Calibrated once on rows the model did not train on and stored in the
// model sidecar; an interval is then the point prediction plus one or two
// numbers, cheap enough for every request. Two forms: split conformal (one
// symmetric half-width) and binned conformal (per range of the prediction, a
// lower and an upper offset, so that the width follows how uncertain
// predictions of that size are).
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

namespace aegis::models {

class CalibrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Interval {
  double lower = 0;
  double upper = 0;
};

// Predictions at or above `from` (the lowest bin: every prediction below the
// next bin) get [prediction + lower, prediction + upper].
struct IntervalBin {
  std::optional<double> from;  // none for the lowest bin
  double lower = 0;            // <= 0
  double upper = 0;            // >= 0
  std::size_t samples = 0;
};

class ConformalCalibration {
 public:
  // From calibration rows not used for training: with residuals |y - yhat|
  // sorted ascending, the half-width is the k-th smallest, k = ceil((n+1)(1-alpha)),
  // i.e. the residual quantile at level k/n; intervals then cover a new row with
  // probability at least 1 - alpha. Needs n >= 1/alpha - 1 rows (9 for
  // alpha = 0.1), else the level exceeds 1 and no finite width is valid.
  // `floor` (0 for RUL) is the smallest value an interval may reach.
  static ConformalCalibration fit(std::span<const float> truth, std::span<const float> predicted,
                                  double alpha = 0.1, std::optional<double> floor = std::nullopt);

  // Binned conformal: the rows sorted by prediction and cut into at most
  // `bins` ranges of equal count (fewer when a range would hold under
  // `min_bin_rows`, at least 19 for alpha 0.1). In each range the signed
  // residuals d = y - yhat, each with its weight (empty: all 1; rescaled to
  // sum to the range's row count n), give the offsets: lower is the smallest d
  // whose cumulative weight reaches floor((n+1) alpha/2), upper the smallest
  // whose cumulative weight reaches ceil((n+1)(1-alpha/2)); so each range has
  // about alpha/2 of its mass below and above the interval. Offsets are
  // clamped so that the interval always contains the prediction. Weights let
  // each unit count once whatever its number of rows (1 / rows of the unit).
  static ConformalCalibration fit_binned(std::span<const float> truth, std::span<const float> predicted,
                                         std::span<const float> weights, double alpha = 0.1,
                                         std::optional<double> floor = std::nullopt, std::size_t bins = 5,
                                         std::size_t min_bin_rows = 100);

  // Split: {prediction - q, prediction + q}; binned: the offsets of the
  // prediction's range. Both ends raised to the floor if any.
  Interval interval(double prediction) const;

  double alpha() const { return alpha_; }
  double half_width() const { return half_width_; }  // split; binned: the largest offset
  const std::vector<IntervalBin>& bins() const { return bins_; }  // empty for split conformal
  std::size_t samples() const { return samples_; }
  std::optional<double> floor() const { return floor_; }

  // {"method": "split_conformal", "alpha", "half_width", "samples", "floor" (null when none)}, or
  // {"method": "binned_conformal", "alpha", "samples", "floor",
  //  "bins": [{"from" (null for the lowest), "lower", "upper", "samples"}, ...]}
  nlohmann::json to_json() const;
  // Whether a sidecar's calibration object holds an interval (it is {} when none).
  static bool present(const nlohmann::json& json);
  // Errors name the field at fault.
  static ConformalCalibration from_json(const nlohmann::json& json);

 private:
  ConformalCalibration(double alpha, double half_width, std::size_t samples, std::optional<double> floor,
                       std::vector<IntervalBin> bins = {});
  double alpha_;
  double half_width_;
  std::size_t samples_;
  std::optional<double> floor_;
  std::vector<IntervalBin> bins_;
};

}  // namespace aegis::models
