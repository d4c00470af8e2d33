#pragma once
// Reading an /optimizer/schedule request (or the copilot's optimize_schedule
// arguments): the seed's fields and messages, the range checks, the
// defaults from configuration.
#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "engine/common/time.hpp"
#include "engine/planning/maintenance_planner.hpp"

namespace aegis::planning {

// The message names the field; maps to 400.
class InvalidPlanRequest : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct PlanDefaults {
  int teams_available = 2;
  int hours_per_day = 8;
  int horizon_days = 7;
  std::chrono::minutes shift_start{8 * 60};
};

inline constexpr std::size_t kMaxUnitsPerPlan = 10000;

// earliest_allowed defaults to `now` rounded up to the next whole minute.
PlanRequest plan_request_from_json(const nlohmann::json& body, const PlanDefaults& defaults, time::Millis now);

}  // namespace aegis::planning
