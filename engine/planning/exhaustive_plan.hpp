#pragma once
// The reference the optimizer is checked against (tests and bench/): the
// best plan over every way of putting up to ~12 jobs into the free slots,
// by dynamic programming over slots and subsets of jobs placed. Exponential
// in the number of jobs; never used to serve a request.
#include <cstddef>

#include "engine/planning/planning_problem.hpp"

namespace aegis::planning {

struct ExhaustiveOptimum {
  std::size_t left_out = 0;  // the fewest jobs any plan must leave out
  double objective = 0;      // the lowest objective among plans leaving that many out
};

ExhaustiveOptimum exhaustive_optimum(const PlanningProblem& problem);

}  // namespace aegis::planning
