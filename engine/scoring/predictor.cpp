#include "engine/scoring/predictor.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "engine/features/seed_features.hpp"
#include "engine/models/conformal.hpp"
#include "engine/profiles/sensor_profile.hpp"
#include "engine/scoring/failure_modes.hpp"
#include "engine/scoring/feature_sets.hpp"

namespace aegis::scoring {
namespace {

std::vector<telemetry::Reading> history_for(telemetry::TelemetryStore& telemetry, const models::LoadedModel& model,
                                            const profiles::SensorProfile& profile, const telemetry::UnitKey& unit,
                                            std::optional<time::Millis> before) {
  if (!is_recipe(model.record.sidecar.feature_set)) {
    throw models::ModelUnavailable("Model not available: " + model.record.model_name +
                                   " (it scores explicit features only)");
  }
  const auto rows = history_rows(model.record.sidecar.feature_set);
  return telemetry.recent(profile, unit, before, static_cast<int>(std::min<std::size_t>(rows, 1'000'000)));
}

// Failure probabilities come from classification models, forecasts from rul
// models; failure_mode models only name the mode of a predicted failure.
void require_task(const models::LoadedModel& model, const std::string& task) {
  const auto& actual = model.record.sidecar.task;
  if (actual != task) {
    throw WrongModelTask("model_name " + model.record.model_name + " is a " + actual + " model, not a " + task +
                         " model");
  }
}

FailurePrediction failure_from(const models::LoadedModel& model, const std::vector<double>& features) {
  const auto output = model.booster.predict_row(to_floats(features));
  FailurePrediction result;
  result.failure_probability = std::clamp(static_cast<double>(output.at(0)), 0.0, 1.0);
  result.prediction = result.failure_probability >= 0.5 ? 1 : 0;
  result.failure_type = result.prediction ? kUnknownFailure : kNoFailure;
  result.model_name = model.record.model_name;
  result.model_version = model.record.version;
  return result;
}

}  // namespace

Predictor::Predictor(telemetry::TelemetryStore& telemetry, models::ModelRegistry& registry,
                     const profiles::ProfileCatalog& catalog, std::string failure_mode_model)
    : telemetry_(telemetry), registry_(registry), catalog_(catalog), failure_mode_model_(std::move(failure_mode_model)) {}

const profiles::SensorProfile& Predictor::profile_of(const models::LoadedModel& model) const {
  const auto* profile = catalog_.find(model.record.sidecar.profile);
  if (!profile) {
    throw models::ModelError("model " + model.record.model_name + " names unknown profile '" +
                             model.record.sidecar.profile + "'");
  }
  return *profile;
}

std::string Predictor::missing_telemetry(const std::string& prefix, const models::LoadedModel& model,
                                         const profiles::SensorProfile& profile,
                                         const telemetry::UnitKey& unit) const {
  const std::string message = prefix + " for product_id=" + unit.product_id + ", unit_id=" + unit.unit_id;
  // A unit whose readings are of another profile (a turbofan engine named
  // to an ai4i model) has telemetry: the message says where it went.
  for (const auto& other : catalog_.all()) {
    if (other.name == profile.name || telemetry_.recent(other, unit, std::nullopt, 1).empty()) continue;
    return message + " (its readings are of the " + other.name + " profile; model " + model.record.model_name +
           " scores " + profile.name + " units)";
  }
  return message;
}

FailurePrediction Predictor::predict_failure(const std::string& model_name, const telemetry::UnitKey& unit,
                                             std::optional<time::Millis> before) {
  const auto model = registry_.get(model_name);
  require_task(*model, "classification");
  const auto& profile = profile_of(*model);
  const auto history = history_for(telemetry_, *model, profile, unit, before);
  if (history.empty()) throw NoTelemetry(missing_telemetry("No telemetry found", *model, profile, unit));
  auto result = failure_from(*model, feature_vector(model->record.sidecar.feature_set, profile, history));
  result.rows_used = std::min(history.size(), features::kSeedWindowRows);
  if (model->record.sidecar.feature_set == kAi4iSnapshot) result.rows_used = 1;
  if (result.prediction == 1 && profile.name == "ai4i") result.failure_type = failure_mode_of(history.back());
  return result;
}

FailurePrediction Predictor::predict_failure(const std::string& model_name,
                                             const std::map<std::string, double>& named) {
  const auto model = registry_.get(model_name);
  require_task(*model, "classification");
  const auto& names = model->record.sidecar.feature_names;
  auto result = failure_from(*model, features::vector_from_named(names, named));
  for (const auto& [name, value] : named) {
    if (std::find(names.begin(), names.end(), name) == names.end()) result.ignored_features.push_back(name);
  }
  return result;
}

std::string Predictor::failure_mode_of(const telemetry::Reading& last_reading) {
  try {
    const auto model = registry_.get(failure_mode_model_);
    const auto& sidecar = model->record.sidecar;
    const auto& profile = profile_of(*model);
    const std::vector<telemetry::Reading> one{last_reading};
    const auto output = model->booster.predict_row(to_floats(feature_vector(sidecar.feature_set, profile, one)));
    return likeliest_failure_mode(output, sidecar.classes);
  } catch (const std::exception& e) {
    spdlog::debug("failure mode unavailable: {}", e.what());
    return kUnknownFailure;
  }
}

std::string forecast_confidence(double predicted_rul_hours, double lower_bound_hours, double upper_bound_hours,
                                bool calibrated) {
  if (!calibrated) return "medium";
  const double relative_width = (upper_bound_hours - lower_bound_hours) / std::max(predicted_rul_hours, 1.0);
  if (relative_width <= 1.0) return "high";
  if (relative_width <= 2.0) return "medium";
  return "low";
}

RulForecast Predictor::forecast(const std::string& model_name, const telemetry::UnitKey& unit, int horizon_steps,
                                std::optional<time::Millis> before) {
  const auto model = registry_.get(model_name);
  require_task(*model, "rul");
  const auto& profile = profile_of(*model);
  const auto history = history_for(telemetry_, *model, profile, unit, before);
  if (history.empty()) throw NoTelemetry(missing_telemetry("No RUL telemetry found", *model, profile, unit));
  const auto& sidecar = model->record.sidecar;
  const auto output = model->booster.predict_row(to_floats(feature_vector(sidecar.feature_set, profile, history)));
  const double step_hours = profile.step_hours;
  const double predicted_steps = std::max(0.0, static_cast<double>(output.at(0)));

  RulForecast result;
  result.model_name = model->record.model_name;
  result.model_version = model->record.version;
  result.baseline_timestamp = history.back().timestamp;
  result.rows_used = history.size();
  result.current_rul_hours = predicted_steps * step_hours;
  result.lower_bound_hours = result.upper_bound_hours = result.current_rul_hours;
  if (models::ConformalCalibration::present(sidecar.calibration)) {
    const auto calibration = models::ConformalCalibration::from_json(sidecar.calibration);
    const auto interval = calibration.interval(predicted_steps);
    result.lower_bound_hours = std::max(0.0, interval.lower) * step_hours;
    result.upper_bound_hours = std::max(0.0, interval.upper) * step_hours;
    result.interval_level = 1.0 - calibration.alpha();
  }
  // One step is one hour after the last reading; life only runs down, so the
  // forecast never rises and never goes below zero.
  for (int step = 1; step <= horizon_steps; ++step) {
    const double elapsed = static_cast<double>(step);
    ForecastStep point;
    point.step = step;
    point.timestamp = result.baseline_timestamp + std::chrono::hours(step);
    point.predicted_rul_hours = std::max(0.0, result.current_rul_hours - elapsed);
    point.lower_bound_hours = std::max(0.0, result.lower_bound_hours - elapsed);
    point.upper_bound_hours = std::max(0.0, result.upper_bound_hours - elapsed);
    // A heuristic trust in the point forecast that fades with distance; the
    // calibrated statement is the interval.
    point.confidence_score = std::round(std::max(0.5, 0.95 - 0.02 * elapsed) * 100.0) / 100.0;
    point.confidence = forecast_confidence(point.predicted_rul_hours, point.lower_bound_hours, point.upper_bound_hours,
                                           result.interval_level > 0);
    result.steps.push_back(point);
  }
  return result;
}

}  // namespace aegis::scoring
