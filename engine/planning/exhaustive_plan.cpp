#include "engine/planning/exhaustive_plan.hpp"

#include <bit>
#include <limits>
#include <stdexcept>
#include <vector>

#include "engine/planning/team_slots.hpp"

namespace aegis::planning {

ExhaustiveOptimum exhaustive_optimum(const PlanningProblem& problem) {
  const std::size_t n = problem.jobs.size();
  if (n > 16) throw std::invalid_argument("exhaustive_optimum: at most 16 jobs");
  const auto slots = free_slots(problem, std::numeric_limits<std::size_t>::max());
  const std::size_t masks = std::size_t{1} << n;
  constexpr double kUnreachable = std::numeric_limits<double>::infinity();

  // lateness[mask]: the least lateness with exactly the jobs of `mask`
  // placed in the slots seen so far (each slot holds at most one job).
  std::vector<double> lateness(masks, kUnreachable);
  lateness[0] = 0;
  for (const auto& slot : slots) {
    for (std::size_t mask = masks; mask-- > 0;) {  // high to low: each slot used once
      for (std::size_t job = 0; job < n; ++job) {
        const std::size_t bit = std::size_t{1} << job;
        if (!(mask & bit) || lateness[mask & ~bit] == kUnreachable) continue;
        const double candidate = lateness[mask & ~bit] + lateness_cost(problem.jobs[job], slot.end);
        if (candidate < lateness[mask]) lateness[mask] = candidate;
      }
    }
  }

  ExhaustiveOptimum best{n + 1, 0};
  for (std::size_t mask = 0; mask < masks; ++mask) {
    if (lateness[mask] == kUnreachable) continue;
    const std::size_t left_out = n - static_cast<std::size_t>(std::popcount(mask));
    double total = lateness[mask];
    for (std::size_t job = 0; job < n; ++job) {
      if (!(mask & (std::size_t{1} << job))) total += unscheduled_cost(problem.jobs[job], problem);
    }
    if (left_out < best.left_out || (left_out == best.left_out && total < best.objective)) best = {left_out, total};
  }
  return best;
}

}  // namespace aegis::planning
