#pragma once
// The short advice that accompanies a prediction, for a technician reading
// the API or the copilot's answer. The thresholds live in the advice levels;
// the English wording here and the copilot's other languages read them.
#include <string>

namespace aegis::scoring {

inline constexpr double kCriticalRulHours = 24.0;

enum class FailureAdvice { stop_now, within_24_hours, next_shift, keep_monitoring, normal_operation };
FailureAdvice failure_advice(double failure_probability);

enum class RulAdvice { critical, within_2_days, no_action };
RulAdvice rul_advice(double rul_hours);

// "a failure" for "No Failure" or nothing, else the failure type itself.
std::string failure_mode_phrase(const std::string& failure_type);

// Failure probability in [0, 1]; failure_type as predicted.
std::string failure_recommendation(double failure_probability, const std::string& failure_type);

// Remaining useful life in hours.
std::string rul_recommendation(double rul_hours);

}  // namespace aegis::scoring
