#include "engine/scoring/recommendations.hpp"

#include <cmath>

namespace aegis::scoring {

std::string failure_recommendation(double failure_probability, const std::string& failure_type) {
  const std::string mode = failure_type == "No Failure" || failure_type.empty() ? "a failure" : failure_type;
  if (failure_probability >= 0.9) {
    return "Stop the machine and inspect it now: " + mode + " is imminent.";
  }
  if (failure_probability >= 0.7) return "Schedule maintenance within 24 hours: high risk of " + mode + ".";
  if (failure_probability >= 0.5) return "Plan an inspection at the next shift: elevated risk of " + mode + ".";
  if (failure_probability >= 0.3) return "Keep monitoring: risk is moderate.";
  return "Continue normal operation.";
}

std::string rul_recommendation(double rul_hours) {
  const long hours = std::lround(rul_hours);
  if (rul_hours < kCriticalRulHours) {
    return "Critical: about " + std::to_string(hours) + " hours of useful life left; schedule maintenance now.";
  }
  if (rul_hours < 72.0) {
    return "About " + std::to_string(hours) + " hours of useful life left; plan maintenance within 2 days.";
  }
  return "About " + std::to_string(hours) + " hours of useful life left; no action needed yet.";
}

}  // namespace aegis::scoring
