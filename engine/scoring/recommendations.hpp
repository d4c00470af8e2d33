#pragma once
// The short advice that accompanies a prediction, for a technician reading
// the API or the copilot's answer.
#include <string>

namespace aegis::scoring {

// Failure probability in [0, 1]; failure_type as predicted.
std::string failure_recommendation(double failure_probability, const std::string& failure_type);

// Remaining useful life in hours.
std::string rul_recommendation(double rul_hours);

inline constexpr double kCriticalRulHours = 24.0;

}  // namespace aegis::scoring
