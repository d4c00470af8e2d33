#pragma once
// Scoring a unit where it stands: its stored history -> the model's feature
// recipe -> the promoted model. The same code serves the REST endpoints, the
// copilot's tools and, later, streaming scoring.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/models/model_registry.hpp"
#include "engine/profiles/profile_catalog.hpp"
#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::scoring {

// The unit has no rows the model can use (maps to 404).
class NoTelemetry : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The named model answers another question (a RUL model asked for a failure
// probability): its output would be read as the wrong quantity (maps to 400).
class WrongModelTask : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FailurePrediction {
  int prediction = 0;  // 1 when failure is predicted
  double failure_probability = 0;
  std::string failure_type;  // "No Failure", the failure-mode model's verdict, or "Machine Failure"
  std::string model_name;
  std::string model_version;
  std::size_t rows_used = 0;  // 0 for explicit features
  // Explicit features the model does not know (a misspelt name): they change
  // nothing, and the answer says so.
  std::vector<std::string> ignored_features;
};

struct ForecastStep {
  int step = 0;
  time::Millis timestamp{};
  double predicted_rul_hours = 0;
  double lower_bound_hours = 0;
  double upper_bound_hours = 0;
  // The seed's word for the step ("high", "medium", "low"; forecast_confidence).
  std::string confidence;
  // A trust in the point forecast that fades with distance (0.95 at the first
  // step, 0.02 less per step, at least 0.5).
  double confidence_score = 0;
};

// The seed answered every forecast step with confidence "medium"; here the
// word follows the calibrated interval's width against the predicted RUL:
// "high" when the interval is no wider than the RUL itself, "medium" up to
// twice as wide, "low" beyond. A model without calibration says "medium", as the seed
// did. (A RUL under one hour counts as one hour.)
std::string forecast_confidence(double predicted_rul_hours, double lower_bound_hours, double upper_bound_hours,
                                bool calibrated);

struct RulForecast {
  double current_rul_hours = 0;
  double lower_bound_hours = 0;
  double upper_bound_hours = 0;
  double interval_level = 0;  // 0.9 for a 90 % interval; 0 when the model has no calibration
  std::vector<ForecastStep> steps;
  std::string model_name;
  std::string model_version;
  time::Millis baseline_timestamp{};
  std::size_t rows_used = 0;
};

class Predictor {
 public:
  Predictor(telemetry::TelemetryStore& telemetry, models::ModelRegistry& registry,
            const profiles::ProfileCatalog& catalog, std::string failure_mode_model);

  // Throws models::ModelUnavailable, NoTelemetry.
  FailurePrediction predict_failure(const std::string& model_name, const telemetry::UnitKey& unit,
                                    std::optional<time::Millis> before);
  // Features by name; names the model does not list are ignored, missing ones count as 0.
  FailurePrediction predict_failure(const std::string& model_name, const std::map<std::string, double>& features);

  RulForecast forecast(const std::string& model_name, const telemetry::UnitKey& unit, int horizon_steps,
                       std::optional<time::Millis> before);

 private:
  std::string failure_mode_of(const telemetry::Reading& last_reading);
  const profiles::SensorProfile& profile_of(const models::LoadedModel& model) const;
  // "<prefix> for product_id=P, unit_id=U", naming the profile of the unit's
  // readings when they are not of the model's profile.
  std::string missing_telemetry(const std::string& prefix, const models::LoadedModel& model,
                                const profiles::SensorProfile& profile, const telemetry::UnitKey& unit) const;

  telemetry::TelemetryStore& telemetry_;
  models::ModelRegistry& registry_;
  const profiles::ProfileCatalog& catalog_;
  std::string failure_mode_model_;
};

}  // namespace aegis::scoring
