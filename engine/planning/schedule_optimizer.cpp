#include "engine/planning/schedule_optimizer.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>

#include "engine/planning/team_slots.hpp"

namespace aegis::planning {
namespace {

// The objective in lexicographic order: jobs left out, then lateness, then
// hours from the window start to the job's start (ties go to earlier starts).
// Potentials are differences of such costs, so the three parts are added and
// compared as one value.
struct Cost {
  std::int64_t left_out = 0;
  double lateness = 0;
  double start_hours = 0;

  Cost operator+(const Cost& o) const { return {left_out + o.left_out, lateness + o.lateness, start_hours + o.start_hours}; }
  Cost operator-(const Cost& o) const { return {left_out - o.left_out, lateness - o.lateness, start_hours - o.start_hours}; }
  Cost& operator+=(const Cost& o) { return *this = *this + o; }
  Cost& operator-=(const Cost& o) { return *this = *this - o; }
  bool operator<(const Cost& o) const {
    if (left_out != o.left_out) return left_out < o.left_out;
    if (lateness != o.lateness) return lateness < o.lateness;
    return start_hours < o.start_hours;
  }
};

const Cost kInfinite{std::numeric_limits<std::int64_t>::max() / 4, 0, 0};

// Slots with the same start (and so the same end), one per team.
struct SlotGroup {
  time::Millis start{};
  time::Millis end{};
  std::vector<Slot> slots;
  std::vector<std::size_t> jobs;  // placed here, at most slots.size()
};

std::vector<Assignment> ordered_by_start(std::vector<Assignment> scheduled) {
  std::sort(scheduled.begin(), scheduled.end(), [](const Assignment& a, const Assignment& b) {
    if (a.slot.start != b.slot.start) return a.slot.start < b.slot.start;
    return a.slot.team < b.slot.team;
  });
  return scheduled;
}

class Assigner {
 public:
  Assigner(const PlanningProblem& problem, std::vector<SlotGroup> groups)
      : problem_(problem), groups_(std::move(groups)) {
    job_potential_.assign(problem.jobs.size(), Cost{});
    group_potential_.assign(groups_.size() + 1, Cost{});
  }

  // Places job `i`, moving earlier jobs along the cheapest augmenting path.
  void place(std::size_t job) {
    const std::size_t count = groups_.size() + 1;  // the last one is "unscheduled"
    std::vector<Cost> dist(count);
    std::vector<std::size_t> via_job(count, job);
    std::vector<std::size_t> via_group(count, kNone);
    std::vector<bool> settled(count, false);
    for (std::size_t g = 0; g < count; ++g) dist[g] = reduced(job, g);

    std::size_t final_group = kNone;
    std::vector<std::size_t> settled_order;
    while (final_group == kNone) {
      std::size_t best = kNone;
      for (std::size_t g = 0; g < count; ++g) {
        if (!settled[g] && (best == kNone || dist[g] < dist[best])) best = g;
      }
      settled[best] = true;
      settled_order.push_back(best);
      if (has_room(best)) {
        final_group = best;
        break;
      }
      // Full: one of its jobs may move on to another group.
      for (const auto moved : groups_[best].jobs) {
        for (std::size_t g = 0; g < count; ++g) {
          if (settled[g]) continue;
          const Cost candidate = dist[best] + reduced(moved, g);
          if (candidate < dist[g]) {
            dist[g] = candidate;
            via_job[g] = moved;
            via_group[g] = best;
          }
        }
      }
    }

    // Keep every reduced cost non-negative and those of placed jobs zero.
    const Cost delta = dist[final_group];
    for (const auto g : settled_order) {
      const Cost shift = delta - dist[g];
      group_potential_[g] -= shift;
      for (const auto placed : jobs_in(g)) job_potential_[placed] += shift;
    }
    job_potential_[job] += delta;

    for (auto g = final_group;;) {
      const auto moving = via_job[g];
      const auto from = via_group[g];
      jobs_in(g).push_back(moving);
      if (from == kNone) break;
      auto& origin = jobs_in(from);
      origin.erase(std::find(origin.begin(), origin.end(), moving));
      g = from;
    }
  }

  Plan plan() const {
    Plan result;
    for (const auto& group : groups_) {
      auto jobs = group.jobs;
      std::sort(jobs.begin(), jobs.end());
      for (std::size_t k = 0; k < jobs.size(); ++k) result.scheduled.push_back(Assignment{jobs[k], group.slots[k]});
    }
    result.scheduled = ordered_by_start(std::move(result.scheduled));
    result.unscheduled = left_out_;
    std::sort(result.unscheduled.begin(), result.unscheduled.end());
    return result;
  }

 private:
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

  bool has_room(std::size_t g) const { return g == groups_.size() || groups_[g].jobs.size() < groups_[g].slots.size(); }

  std::vector<std::size_t>& jobs_in(std::size_t g) { return g == groups_.size() ? left_out_ : groups_[g].jobs; }

  Cost cost(std::size_t job, std::size_t g) const {
    const auto& planning_job = problem_.jobs[job];
    if (g == groups_.size()) return Cost{1, unscheduled_cost(planning_job, problem_), 0};
    const auto& group = groups_[g];
    return Cost{0, lateness_cost(planning_job, group.end),
                std::chrono::duration<double, std::ratio<3600>>(group.start - problem_.earliest).count()};
  }

  Cost reduced(std::size_t job, std::size_t g) const { return cost(job, g) - job_potential_[job] - group_potential_[g]; }

  const PlanningProblem& problem_;
  std::vector<SlotGroup> groups_;
  std::vector<std::size_t> left_out_;
  std::vector<Cost> job_potential_;
  std::vector<Cost> group_potential_;
};

std::vector<SlotGroup> group_slots(const std::vector<Slot>& slots) {
  std::vector<SlotGroup> groups;
  for (const auto& slot : slots) {  // ordered by end, start, team
    if (groups.empty() || groups.back().start != slot.start) groups.push_back(SlotGroup{slot.start, slot.end, {}, {}});
    groups.back().slots.push_back(slot);
  }
  return groups;
}

Plan rule_plan(const PlanningProblem& problem, const std::vector<Slot>& slots) {
  std::vector<std::size_t> order(problem.jobs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto riskier = [&](std::size_t a, std::size_t b) { return problem.jobs[a].risk_score > problem.jobs[b].risk_score; };
  std::stable_sort(order.begin(), order.end(), riskier);
  Plan plan;
  plan.optimal = false;
  const std::size_t kept = std::min(order.size(), slots.size());
  plan.unscheduled.assign(order.begin() + static_cast<std::ptrdiff_t>(kept), order.end());
  std::sort(plan.unscheduled.begin(), plan.unscheduled.end());
  order.resize(kept);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (problem.jobs[a].deadline != problem.jobs[b].deadline) return problem.jobs[a].deadline < problem.jobs[b].deadline;
    return riskier(a, b);
  });
  for (std::size_t k = 0; k < kept; ++k) plan.scheduled.push_back(Assignment{order[k], slots[k]});  // slots by end
  plan.scheduled = ordered_by_start(std::move(plan.scheduled));
  return plan;
}

}  // namespace

Plan priority_rule_plan(const PlanningProblem& problem) {
  return rule_plan(problem, free_slots(problem, problem.jobs.size()));
}

Plan optimize_schedule(const PlanningProblem& problem) {
  const auto slots = free_slots(problem, problem.jobs.size());
  auto groups = group_slots(slots);
  const double work = static_cast<double>(problem.jobs.size()) * static_cast<double>(groups.size()) *
                      static_cast<double>(groups.size());
  if (work > kExactPlanningWork) return rule_plan(problem, slots);
  Assigner assigner(problem, std::move(groups));
  // Any order gives the optimum; the riskiest first keeps the paths short.
  std::vector<std::size_t> order(problem.jobs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return problem.jobs[a].risk_score > problem.jobs[b].risk_score; });
  for (const auto job : order) assigner.place(job);
  return assigner.plan();
}

}  // namespace aegis::planning
