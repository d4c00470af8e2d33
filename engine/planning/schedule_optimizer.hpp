#pragma once
// Plans maintenance jobs exactly. All jobs have the same length and every
// job's cost depends only on its slot's end, so slots that start together
// are interchangeable: the problem is a transportation problem (jobs to
// groups of equal slots, plus "unscheduled" with room for all), solved to
// optimality by successive shortest augmenting paths with dual potentials
// (the Hungarian method on grouped columns). No heuristic, no local search:
// the plan is the optimum of the objective in planning_problem.hpp.
//
// Cost: O(n x (G^2 + a x G)) for n jobs, G slot groups (at most n) and a jobs
// already placed; 1,000 jobs over 10 teams and 30 days take a few
// milliseconds (bench/, docs/BENCHMARKS.md).
#include "engine/planning/planning_problem.hpp"

namespace aegis::planning {

Plan optimize_schedule(const PlanningProblem& problem);

}  // namespace aegis::planning
