#include "engine/scoring/recommendations.hpp"

#include <cmath>

namespace aegis::scoring {

FailureAdvice failure_advice(double failure_probability) {
  if (failure_probability >= 0.9) return FailureAdvice::stop_now;
  if (failure_probability >= 0.7) return FailureAdvice::within_24_hours;
  if (failure_probability >= 0.5) return FailureAdvice::next_shift;
  if (failure_probability >= 0.3) return FailureAdvice::keep_monitoring;
  return FailureAdvice::normal_operation;
}

RulAdvice rul_advice(double rul_hours) {
  if (rul_hours < kCriticalRulHours) return RulAdvice::critical;
  if (rul_hours < 72.0) return RulAdvice::within_2_days;
  return RulAdvice::no_action;
}

std::string failure_mode_phrase(const std::string& failure_type) {
  return failure_type == "No Failure" || failure_type.empty() ? "a failure" : failure_type;
}

std::string failure_recommendation(double failure_probability, const std::string& failure_type) {
  const std::string mode = failure_mode_phrase(failure_type);
  switch (failure_advice(failure_probability)) {
    case FailureAdvice::stop_now: return "Stop the machine and inspect it now: " + mode + " is imminent.";
    case FailureAdvice::within_24_hours: return "Schedule maintenance within 24 hours: high risk of " + mode + ".";
    case FailureAdvice::next_shift: return "Plan an inspection at the next shift: elevated risk of " + mode + ".";
    case FailureAdvice::keep_monitoring: return "Keep monitoring: risk is moderate.";
    case FailureAdvice::normal_operation: break;
  }
  return "Continue normal operation.";
}

std::string rul_recommendation(double rul_hours) {
  const std::string hours = std::to_string(std::lround(rul_hours));
  switch (rul_advice(rul_hours)) {
    case RulAdvice::critical:
      return "Critical: about " + hours + " hours of useful life left; schedule maintenance now.";
    case RulAdvice::within_2_days:
      return "About " + hours + " hours of useful life left; plan maintenance within 2 days.";
    case RulAdvice::no_action: break;
  }
  return "About " + hours + " hours of useful life left; no action needed yet.";
}

}  // namespace aegis::scoring
