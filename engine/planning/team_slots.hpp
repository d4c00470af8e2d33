#pragma once
// Where a job can go: for every team, each day's shift inside the planning
// window minus the time its open jobs take, cut into job-length slots from
// the start of each free stretch (a later start within a stretch is never
// better, since lateness only grows with the end time).
#include <cstddef>
#include <vector>

#include "engine/planning/planning_problem.hpp"

namespace aegis::planning {

// The `limit` earliest-ending free slots, ordered by end, start, then team.
// Slots beyond them are never needed: with at most `limit` jobs, a job in a
// later slot could always move to an earlier free one at no extra cost.
std::vector<Slot> free_slots(const PlanningProblem& problem, std::size_t limit);

}  // namespace aegis::planning
