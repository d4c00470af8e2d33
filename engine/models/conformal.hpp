#pragma once
// Split-conformal prediction intervals for regression models (remaining useful
// life). Calibrated once on held-out rows after training and stored in the
// model sidecar; an interval is then the point prediction plus or minus one
// number, cheap enough for every request.
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>

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

  // {prediction - q, prediction + q}, both ends raised to the floor if any.
  Interval interval(double prediction) const;

  double alpha() const { return alpha_; }
  double half_width() const { return half_width_; }
  std::size_t samples() const { return samples_; }
  std::optional<double> floor() const { return floor_; }

  // {"method": "split_conformal", "alpha", "half_width", "samples", "floor" (null when none)}
  nlohmann::json to_json() const;
  // Errors name the field at fault.
  static ConformalCalibration from_json(const nlohmann::json& json);

 private:
  ConformalCalibration(double alpha, double half_width, std::size_t samples, std::optional<double> floor);
  double alpha_;
  double half_width_;
  std::size_t samples_;
  std::optional<double> floor_;
};

}  // namespace aegis::models
