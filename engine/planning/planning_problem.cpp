#include "engine/planning/planning_problem.hpp"

#include <algorithm>

namespace aegis::planning {
namespace {

double hours_between(time::Millis from, time::Millis to) {
  return std::chrono::duration<double, std::ratio<3600>>(to - from).count();
}

}  // namespace

double PlanningProblem::window_hours() const { return std::max(0.0, hours_between(earliest, latest)); }

double lateness_cost(const PlanningJob& job, time::Millis end) {
  return job.risk_score * std::max(0.0, hours_between(job.deadline, end));
}

double unscheduled_cost(const PlanningJob& job, const PlanningProblem& problem) {
  return job.risk_score * problem.window_hours();
}

double objective(const PlanningProblem& problem, const Plan& plan) {
  double total = 0;
  for (const auto& assignment : plan.scheduled) total += lateness_cost(problem.jobs[assignment.job], assignment.slot.end);
  for (const auto job : plan.unscheduled) total += unscheduled_cost(problem.jobs[job], problem);
  return total;
}

}  // namespace aegis::planning
