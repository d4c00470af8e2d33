#pragma once
// The maintenance planning problem (SPEC section 7, /optimizer/schedule) in
// plain numbers: jobs of one length, teams working a daily shift inside a
// planning window, some team time already taken by open jobs.
//
// Objective, to minimise: for a scheduled job, risk_score x the hours its end
// lies past the unit's deadline; for a job left unscheduled, risk_score x the
// window length in hours. Before that objective comes the number of jobs
// scheduled: a unit is left out only when there is no room for it, never
// because its deadline has long passed (for such a unit the formula alone
// would prefer leaving it out to scheduling it late). Equal objectives go to
// the plan with the earlier starts.
#include <chrono>
#include <cstddef>
#include <vector>

#include "engine/common/time.hpp"

namespace aegis::planning {

struct PlanningJob {
  double risk_score = 0;     // failure_probability / max(RUL hours, 1)
  time::Millis deadline{};   // the predicted failure time
};

// Time a team already spends on an open job (teams are numbered from 1).
struct BusyPeriod {
  int team = 1;
  time::Millis start{};
  time::Millis end{};
};

struct PlanningProblem {
  time::Millis earliest{};
  time::Millis latest{};
  int teams = 1;
  std::chrono::minutes shift_start{8 * 60};  // minutes after midnight UTC
  std::chrono::minutes shift_length{8 * 60};
  std::chrono::minutes job_length{8 * 60};
  std::vector<PlanningJob> jobs;
  std::vector<BusyPeriod> busy;

  double window_hours() const;
};

struct Slot {
  int team = 1;
  time::Millis start{};
  time::Millis end{};
};

struct Assignment {
  std::size_t job = 0;  // index into PlanningProblem::jobs
  Slot slot;
};

struct Plan {
  std::vector<Assignment> scheduled;   // ordered by start, then team
  std::vector<std::size_t> unscheduled;  // jobs with no room left, by index
  bool optimal = true;                 // false when planned by the priority rule
};

// The objective above for one job in one slot, and for one left out.
double lateness_cost(const PlanningJob& job, time::Millis end);
double unscheduled_cost(const PlanningJob& job, const PlanningProblem& problem);
double objective(const PlanningProblem& problem, const Plan& plan);

}  // namespace aegis::planning
