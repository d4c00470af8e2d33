#pragma once
// Naming the failure a unit is heading for, once the classifier says it is
// heading for one: the likeliest class of the failure-mode model other than
// "No Failure".
#include <span>
#include <string>
#include <vector>

namespace aegis::scoring {

inline constexpr const char* kNoFailure = "No Failure";
inline constexpr const char* kUnknownFailure = "Machine Failure";

// `probabilities` holds one row of the failure-mode model's output, in the
// order of `classes`; kUnknownFailure when there is no other class.
std::string likeliest_failure_mode(std::span<const float> probabilities, const std::vector<std::string>& classes);

}  // namespace aegis::scoring
