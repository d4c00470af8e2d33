#include "engine/streaming/alert_state.hpp"

#include <cmath>
#include <string>

namespace aegis::streaming {

namespace {

std::string describe(const AlertThresholds& t) {
  const bool high = t.direction == AlertDirection::high_is_bad;
  return std::string(high ? "high_is_bad" : "low_is_bad") + " alert with raise_at " + std::to_string(t.raise_at) +
         " and clear_at " + std::to_string(t.clear_at);
}

void check(const AlertThresholds& t) {
  if (!std::isfinite(t.raise_at) || !std::isfinite(t.clear_at)) {
    throw AlertConfigError(describe(t) + ": thresholds must be finite");
  }
  const bool high = t.direction == AlertDirection::high_is_bad;
  if (high && t.clear_at > t.raise_at) throw AlertConfigError(describe(t) + ": clear_at must not exceed raise_at");
  if (!high && t.clear_at < t.raise_at) throw AlertConfigError(describe(t) + ": clear_at must not be below raise_at");
}

}  // namespace

std::string_view to_string(Transition transition) {
  return transition == Transition::raised ? "raised" : "cleared";
}

AlertThresholds failure_probability_thresholds() {
  return AlertThresholds{.raise_at = 0.7, .clear_at = 0.6, .direction = AlertDirection::high_is_bad};
}

AlertThresholds rul_hours_thresholds() {
  return AlertThresholds{.raise_at = 24.0, .clear_at = 30.0, .direction = AlertDirection::low_is_bad};
}

AlertState::AlertState(AlertThresholds thresholds, bool active) : thresholds_(thresholds), active_(active) {
  check(thresholds_);
}

bool AlertState::reaches_alert(double value) const {
  return thresholds_.direction == AlertDirection::high_is_bad ? value >= thresholds_.raise_at
                                                              : value <= thresholds_.raise_at;
}

bool AlertState::has_recovered(double value) const {
  return thresholds_.direction == AlertDirection::high_is_bad ? value < thresholds_.clear_at
                                                              : value > thresholds_.clear_at;
}

std::optional<Transition> AlertState::observe(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  if (!active_ && reaches_alert(value)) {
    active_ = true;
    return Transition::raised;
  }
  if (active_ && has_recovered(value)) {
    active_ = false;
    return Transition::cleared;
  }
  return std::nullopt;
}

}  // namespace aegis::streaming
