#pragma once
// Plans maintenance jobs exactly. All jobs have the same length and every
// job's cost depends only on its slot's end, so slots that start together
// are interchangeable: the problem is a transportation problem (jobs to
// groups of equal slots, plus "unscheduled" with room for all), solved to
// optimality by successive shortest augmenting paths with dual potentials
// (the Hungarian method on grouped columns). No heuristic, no local search:
// the plan is the optimum of the objective in planning_problem.hpp.
//
// Cost: about n x G^2 steps for n jobs and G slot groups (at most n);
// 1,000 jobs over 10 teams and 30 days take a few milliseconds, with
// 2-hour jobs (120 groups) about a tenth of a second (docs/BENCHMARKS.md).
// Beyond kExactPlanningWork steps (thousands of units, each day cut into
// many short jobs for one team) the plan comes from the priority rule
// instead, marked not optimal, so a request never runs for minutes.
#include <cstddef>

#include "engine/planning/planning_problem.hpp"

namespace aegis::planning {

inline constexpr double kExactPlanningWork = 5e7;

Plan optimize_schedule(const PlanningProblem& problem);

// The priority rule: when not every job fits, the riskiest ones are kept;
// they take the free slots in order of deadline (then risk). Always valid,
// not always optimal.
Plan priority_rule_plan(const PlanningProblem& problem);

}  // namespace aegis::planning
