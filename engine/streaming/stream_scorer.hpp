#pragma once
// Scoring units as their readings are committed: each unit keeps its last-50
// window in memory (RunningWindow), every committed group re-scores the units
// it touched (one batched prediction per model), and crossing the alert lines
// raises or clears an alert once (AlertState hysteresis).
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/models/model_registry.hpp"
#include "engine/streaming/alert_state.hpp"
#include "engine/streaming/alert_store.hpp"
#include "engine/streaming/running_window.hpp"
#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::streaming {

struct UnitScores {
  std::optional<double> failure_probability;
  std::optional<double> rul_hours;
  std::optional<std::string> failure_mode;  // the likeliest mode while a failure is predicted, else "No Failure"
  std::string classifier_version;
  std::string regressor_version;
  time::Millis reading_at{};  // the newest reading scored
};

struct StreamScorerOptions {
  std::string classifier = "xgb_classifier";
  std::string regressor = "xgb_regressor";
  std::string failure_mode = "xgb_failure_mode";
  AlertThresholds failure_risk = failure_probability_thresholds();
  AlertThresholds low_rul = rul_hours_thresholds();
};

class StreamScorer {
 public:
  StreamScorer(telemetry::TelemetryStore& telemetry, models::ModelRegistry& registry, AlertStore& alerts,
               StreamScorerOptions options);

  // The ingest pipeline's commit listener: `fresh` holds new rows only.
  void on_commit(const profiles::SensorProfile& profile, std::span<const telemetry::Reading> fresh);

  std::optional<UnitScores> latest(const telemetry::UnitKey& unit) const;

  // Called with every alert after it is stored (e.g. to publish it).
  void on_alert(std::function<void(const AlertRecord&)> listener);

 private:
  struct UnitState {
    RunningWindow window;
    AlertState risk;
    AlertState rul;
    UnitScores scores;
    time::Millis last_pushed{};
    std::optional<telemetry::Reading> last_reading;
  };
  UnitState& state_for(const profiles::SensorProfile& profile, const telemetry::UnitKey& unit);
  void name_failure_modes(const profiles::SensorProfile& profile, const std::vector<UnitState*>& states);
  void update_window(UnitState& state, const profiles::SensorProfile& profile, const telemetry::UnitKey& unit,
                     const std::vector<const telemetry::Reading*>& rows);

  telemetry::TelemetryStore& telemetry_;
  models::ModelRegistry& registry_;
  AlertStore& alerts_;
  StreamScorerOptions options_;
  mutable std::mutex mutex_;
  std::map<telemetry::UnitKey, UnitState> units_;
  std::vector<std::function<void(const AlertRecord&)>> listeners_;
};

}  // namespace aegis::streaming
