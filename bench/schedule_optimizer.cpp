// Maintenance planning benchmark (docs/BENCHMARKS.md):
//   quality: 1,000 random instances of up to 8 at-risk units and 1-3 teams;
//            the optimizer's objective against the exhaustive optimum, and
//            against the priority rule the optimizer falls back to on huge
//            instances (the riskiest kept, in deadline order).
//   speed:   1,000 at-risk units, 10 teams, 30 days (8-hour and 2-hour jobs),
//            and 5,000 units for one team in 1-hour jobs over a year (beyond
//            the exact method's budget: the priority rule), scoring
//            excluded; median and worst of repeated runs.
// Prints one JSON object.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "engine/planning/exhaustive_plan.hpp"
#include "engine/planning/schedule_optimizer.hpp"

using namespace aegis;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

planning::PlanningProblem random_instance(std::mt19937_64& random, int max_jobs, int max_teams, int days) {
  const auto uniform = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };
  planning::PlanningProblem problem;
  problem.teams = uniform(1, max_teams);
  problem.earliest = *time::parse_iso8601("2024-03-04T06:00:00Z");
  problem.latest = problem.earliest + hours{24 * days};
  const int jobs = max_jobs;
  for (int j = 0; j < jobs; ++j) {
    const double probability = uniform(700, 1000) / 1000.0;
    const double rul_hours = uniform(1, 24 * days);
    problem.jobs.push_back(planning::PlanningJob{probability / std::max(rul_hours, 1.0),
                                                 problem.earliest + minutes{static_cast<int>(rul_hours * 60)}});
  }
  return problem;
}

nlohmann::json quality() {
  std::mt19937_64 random(7);
  double ratio_sum = 0, worst = 1, rule_sum = 0, rule_worst = 1;
  int counted = 0, left_out_mismatch = 0;
  for (int i = 0; i < 1000; ++i) {
    auto problem = random_instance(random, std::uniform_int_distribution<int>(1, 8)(random), 3,
                                   std::uniform_int_distribution<int>(1, 4)(random));
    const auto plan = planning::optimize_schedule(problem);
    const auto optimum = planning::exhaustive_optimum(problem);
    if (plan.unscheduled.size() != optimum.left_out) ++left_out_mismatch;
    const double value = planning::objective(problem, plan);
    const double rule = planning::objective(problem, planning::priority_rule_plan(problem));
    // Ratios are taken where the optimum is not zero (zero: both must be zero).
    if (optimum.objective <= 1e-12) {
      if (value > 1e-9) ++left_out_mismatch;
      continue;
    }
    ++counted;
    ratio_sum += value / optimum.objective;
    worst = std::max(worst, value / optimum.objective);
    rule_sum += rule / optimum.objective;
    rule_worst = std::max(rule_worst, rule / optimum.objective);
  }
  return {{"instances", 1000},
          {"instances_with_nonzero_optimum", counted},
          {"mean_ratio_to_optimum", ratio_sum / counted},
          {"worst_ratio_to_optimum", worst},
          {"instances_not_optimal", left_out_mismatch},
          {"priority_rule_mean_ratio", rule_sum / counted},
          {"priority_rule_worst_ratio", rule_worst}};
}

nlohmann::json speed(int units, int teams, int job_hours, int days) {
  std::mt19937_64 random(11);
  auto problem = random_instance(random, units, 1, days);
  problem.teams = teams;
  problem.job_length = hours{job_hours};
  std::vector<double> millis;
  std::size_t scheduled = 0;
  bool optimal = true;
  for (int run = 0; run < 15; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const auto plan = planning::optimize_schedule(problem);
    millis.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    scheduled = plan.scheduled.size();
    optimal = plan.optimal;
  }
  std::sort(millis.begin(), millis.end());
  return {{"units", units},         {"teams", teams},         {"days", days},
          {"job_hours", job_hours}, {"scheduled", scheduled}, {"median_ms", millis[millis.size() / 2]},
          {"worst_ms", millis.back()}, {"exact", optimal}};
}

}  // namespace

int main() {
  nlohmann::json result{{"quality", quality()}, {"speed", nlohmann::json::array({speed(1000, 10, 8, 30), speed(1000, 10, 2, 30), speed(5000, 1, 1, 365)})}};
  std::cout << result.dump(2) << "\n";
}
