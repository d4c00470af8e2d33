#include "engine/models/conformal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace aegis::models {
namespace {

// 0.1 as "0.1", not std::to_string's "0.100000".
std::string format_number(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

void check_alpha(double alpha) {
  if (!(alpha > 0 && alpha < 1)) {
    throw CalibrationError("conformal calibration: alpha must lie strictly between 0 and 1, got " +
                           format_number(alpha));
  }
}

// ceil((n+1)(1-alpha)); the small slack keeps e.g. 10 x 0.9 = 9.000000000000002
// from rounding up to 10.
std::size_t residual_rank(std::size_t samples, double alpha) {
  return static_cast<std::size_t>(std::ceil(static_cast<double>(samples + 1) * (1 - alpha) - 1e-9));
}

}  // namespace

ConformalCalibration::ConformalCalibration(double alpha, double half_width, std::size_t samples,
                                           std::optional<double> floor)
    : alpha_(alpha), half_width_(half_width), samples_(samples), floor_(floor) {}

ConformalCalibration ConformalCalibration::fit(std::span<const float> truth, std::span<const float> predicted,
                                               double alpha, std::optional<double> floor) {
  check_alpha(alpha);
  if (truth.size() != predicted.size()) {
    throw CalibrationError("conformal calibration: " + std::to_string(truth.size()) + " true values but " +
                           std::to_string(predicted.size()) + " predictions");
  }
  const std::size_t n = truth.size();
  const std::size_t rank = residual_rank(n, alpha);
  if (n == 0 || rank > n) {
    throw CalibrationError("conformal calibration: " + std::to_string(n) + " calibration rows are too few for alpha " +
                           format_number(alpha) + " (need at least " +
                           std::to_string(static_cast<std::size_t>(std::ceil(1 / alpha - 1 - 1e-9))) + ")");
  }
  std::vector<double> residuals(n);
  for (std::size_t i = 0; i < n; ++i) {
    residuals[i] = std::abs(static_cast<double>(truth[i]) - predicted[i]);
    if (!std::isfinite(residuals[i])) {
      throw CalibrationError("conformal calibration: row " + std::to_string(i) + " has a non-finite residual");
    }
  }
  std::nth_element(residuals.begin(), residuals.begin() + static_cast<std::ptrdiff_t>(rank - 1), residuals.end());
  return ConformalCalibration(alpha, residuals[rank - 1], n, floor);
}

Interval ConformalCalibration::interval(double prediction) const {
  Interval result{prediction - half_width_, prediction + half_width_};
  if (floor_) {
    result.lower = std::max(result.lower, *floor_);
    result.upper = std::max(result.upper, *floor_);
  }
  return result;
}

nlohmann::json ConformalCalibration::to_json() const {
  return {{"method", "split_conformal"},
          {"alpha", alpha_},
          {"half_width", half_width_},
          {"samples", samples_},
          {"floor", floor_ ? nlohmann::json(*floor_) : nlohmann::json(nullptr)}};
}

ConformalCalibration ConformalCalibration::from_json(const nlohmann::json& json) {
  auto fail = [](const std::string& field, const std::string& problem) -> CalibrationError {
    return CalibrationError("conformal calibration: field '" + field + "' " + problem);
  };
  if (!json.is_object()) throw CalibrationError("conformal calibration: expected a JSON object");
  auto number = [&](const char* field) {
    const auto found = json.find(field);
    if (found == json.end()) throw fail(field, "is missing");
    if (!found->is_number()) throw fail(field, "must be a number");
    return found->get<double>();
  };
  if (const auto method = json.find("method"); method != json.end() && *method != "split_conformal") {
    throw fail("method", "must be \"split_conformal\"");
  }
  const double alpha = number("alpha");
  if (!(alpha > 0 && alpha < 1)) throw fail("alpha", "must lie strictly between 0 and 1");
  const double half_width = number("half_width");
  if (!(half_width >= 0) || !std::isfinite(half_width)) throw fail("half_width", "must be a finite number >= 0");
  const auto samples = json.find("samples");
  if (samples == json.end() || !samples->is_number_integer() || samples->get<std::int64_t>() <= 0) {
    throw fail("samples", "must be a positive whole number");
  }
  std::optional<double> floor;
  if (const auto found = json.find("floor"); found != json.end() && !found->is_null()) {
    if (!found->is_number()) throw fail("floor", "must be a number or null");
    floor = found->get<double>();
  }
  return ConformalCalibration(alpha, half_width, samples->get<std::size_t>(), floor);
}

}  // namespace aegis::models
