#pragma once
// Alert hysteresis for one unit and one alert kind: an alert is raised when a
// score crosses `raise_at` and cleared only once it has recovered past
// `clear_at`, so a score hovering around one line cannot flap the alert on
// and off with every reading.
#include <optional>
#include <stdexcept>
#include <string_view>

namespace aegis::streaming {

class AlertConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class AlertDirection {
  high_is_bad,  // raised at value >= raise_at, cleared at value < clear_at (clear_at <= raise_at)
  low_is_bad,   // raised at value <= raise_at, cleared at value > clear_at (clear_at >= raise_at)
};

enum class Transition { raised, cleared };

std::string_view to_string(Transition transition);  // "raised", "cleared"

struct AlertThresholds {
  double raise_at = 0.0;
  double clear_at = 0.0;
  AlertDirection direction = AlertDirection::high_is_bad;
};

// Failure probability: raised at >= 0.7, cleared below 0.6.
AlertThresholds failure_probability_thresholds();
// Remaining useful life in hours: raised at <= 24, cleared above 30.
AlertThresholds rul_hours_thresholds();

class AlertState {
 public:
  // Throws AlertConfigError when a threshold is not finite or clear_at lies on
  // the alert side of raise_at. `active` restores a state kept across a restart.
  explicit AlertState(AlertThresholds thresholds, bool active = false);

  // The transition this value causes, if any: `raised` once on entering the
  // alert, `cleared` once on recovering; nothing while the value stays on one
  // side or hovers between the two thresholds. A value that is not finite
  // (no score) changes nothing.
  std::optional<Transition> observe(double value);

  bool active() const noexcept { return active_; }
  const AlertThresholds& thresholds() const noexcept { return thresholds_; }

 private:
  bool reaches_alert(double value) const;
  bool has_recovered(double value) const;

  AlertThresholds thresholds_;
  bool active_;
};

}  // namespace aegis::streaming
