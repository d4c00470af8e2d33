#pragma once
// What the technicians are asked to do on a maintenance job, following the
// failure mode the unit is heading for.
#include <string>
#include <vector>

namespace aegis::planning {

inline constexpr double kUrgentProbability = 0.9;

// `failure_type` as the predictor names it ("Heat Dissipation Failure",
// "No Failure", ...); above kUrgentProbability the first action is urgent.
std::vector<std::string> maintenance_actions(const std::string& failure_type, double failure_probability);

}  // namespace aegis::planning
