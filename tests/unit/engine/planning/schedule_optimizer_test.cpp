#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "engine/planning/exhaustive_plan.hpp"
#include "engine/planning/schedule_optimizer.hpp"

using namespace aegis;
using planning::PlanningJob;
using planning::PlanningProblem;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

time::Millis at(const char* iso) { return *time::parse_iso8601(iso); }

PlanningProblem one_team_week() {
  PlanningProblem problem;
  problem.earliest = at("2024-01-15T00:00:00Z");
  problem.latest = at("2024-01-22T00:00:00Z");
  problem.teams = 1;
  return problem;  // shifts 08:00-16:00, one 8-hour job a day
}

}  // namespace

TEST_CASE("one job goes into the first shift of the window", "[planning]") {
  auto problem = one_team_week();
  problem.jobs = {PlanningJob{0.5, at("2024-01-16T00:00:00Z")}};
  const auto plan = planning::optimize_schedule(problem);
  REQUIRE(plan.scheduled.size() == 1);
  CHECK(plan.unscheduled.empty());
  CHECK(plan.scheduled[0].slot.team == 1);
  CHECK(plan.scheduled[0].slot.start == at("2024-01-15T08:00:00Z"));
  CHECK(plan.scheduled[0].slot.end == at("2024-01-15T16:00:00Z"));
  CHECK(planning::objective(problem, plan) == 0.0);
}

TEST_CASE("the unit whose lateness costs most gets the earlier day", "[planning]") {
  auto problem = one_team_week();
  // Both fail before the first shift ends; the second is ten times riskier.
  problem.jobs = {PlanningJob{0.01, at("2024-01-15T10:00:00Z")}, PlanningJob{0.1, at("2024-01-15T12:00:00Z")}};
  const auto plan = planning::optimize_schedule(problem);
  REQUIRE(plan.scheduled.size() == 2);
  CHECK(plan.scheduled[0].job == 1);
  CHECK(plan.scheduled[0].slot.start == at("2024-01-15T08:00:00Z"));
  CHECK(plan.scheduled[1].job == 0);
  CHECK(plan.scheduled[1].slot.start == at("2024-01-16T08:00:00Z"));
  // 0.1 x 4 h late + 0.01 x 30 h late
  CHECK(planning::objective(problem, plan) == Approx(0.1 * 4 + 0.01 * 30));
}

TEST_CASE("more units than the window holds: the cheapest to leave out are left out", "[planning]") {
  auto problem = one_team_week();
  problem.latest = at("2024-01-17T00:00:00Z");  // two shifts
  problem.jobs = {PlanningJob{0.2, at("2024-01-15T12:00:00Z")}, PlanningJob{0.05, at("2024-01-15T12:00:00Z")},
                  PlanningJob{0.3, at("2024-01-15T12:00:00Z")}};
  const auto plan = planning::optimize_schedule(problem);
  REQUIRE(plan.scheduled.size() == 2);
  CHECK(plan.scheduled[0].job == 2);
  CHECK(plan.scheduled[1].job == 0);
  CHECK(plan.unscheduled == std::vector<std::size_t>{1});
  CHECK(planning::objective(problem, plan) == Approx(0.3 * 4 + 0.2 * 28 + 0.05 * 48));
}

TEST_CASE("an open job takes its team's time and short jobs pack the rest of the shift", "[planning]") {
  auto problem = one_team_week();
  problem.job_length = hours{2};
  problem.busy = {planning::BusyPeriod{1, at("2024-01-15T09:00:00Z"), at("2024-01-15T12:30:00Z")}};
  problem.jobs.assign(4, PlanningJob{0.1, at("2024-01-20T00:00:00Z")});
  const auto plan = planning::optimize_schedule(problem);
  REQUIRE(plan.scheduled.size() == 4);
  // 08:00-09:00 is too short; 12:30-14:30 and 14:30-16:30 does not fit; next day from 08:00.
  CHECK(plan.scheduled[0].slot.start == at("2024-01-15T12:30:00Z"));
  CHECK(plan.scheduled[1].slot.start == at("2024-01-16T08:00:00Z"));
  CHECK(plan.scheduled[2].slot.start == at("2024-01-16T10:00:00Z"));
  CHECK(plan.scheduled[3].slot.start == at("2024-01-16T12:00:00Z"));
}

TEST_CASE("a window that opens mid-shift and a shift that crosses midnight", "[planning]") {
  auto problem = one_team_week();
  problem.earliest = at("2024-01-15T23:00:00Z");
  problem.latest = at("2024-01-16T23:00:00Z");
  problem.shift_start = minutes{22 * 60};
  problem.job_length = hours{3};
  problem.jobs.assign(3, PlanningJob{0.1, at("2024-01-16T02:00:00Z")});
  const auto plan = planning::optimize_schedule(problem);
  // The shift of the 15th runs 22:00-06:00: 23-02, 02-05; the 16th's starts at 22:00 and the window ends at 23:00.
  REQUIRE(plan.scheduled.size() == 2);
  CHECK(plan.scheduled[0].slot.start == at("2024-01-15T23:00:00Z"));
  CHECK(plan.scheduled[1].slot.start == at("2024-01-16T02:00:00Z"));
  CHECK(plan.unscheduled.size() == 1);
}

TEST_CASE("a unit long overdue is still scheduled when there is room", "[planning]") {
  auto problem = one_team_week();
  problem.jobs = {PlanningJob{1.0, at("2023-12-01T00:00:00Z")}};
  const auto plan = planning::optimize_schedule(problem);
  CHECK(plan.scheduled.size() == 1);
}

TEST_CASE("random instances: the plan keeps every rule and matches the exhaustive optimum", "[planning][property]") {
  std::mt19937_64 random(20241115);
  const auto uniform = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };
  const time::Millis base = at("2024-03-04T00:00:00Z");
  int with_left_out = 0;
  int with_busy = 0;
  for (int instance = 0; instance < 3000; ++instance) {
    PlanningProblem problem;
    problem.teams = uniform(1, 3);
    problem.shift_start = minutes{uniform(0, 47) * 30};
    problem.shift_length = hours{uniform(2, 12)};
    problem.job_length = minutes{uniform(2, static_cast<int>(problem.shift_length.count()) * 2) * 30};
    problem.earliest = base + minutes{uniform(0, 24 * 60)};
    problem.latest = problem.earliest + hours{uniform(4, 96)};
    const int jobs = uniform(0, 8);
    for (int j = 0; j < jobs; ++j) {
      problem.jobs.push_back(PlanningJob{uniform(1, 1000) / 1000.0, problem.earliest + hours{uniform(-48, 120)}});
    }
    const int busy = uniform(0, 3);
    for (int b = 0; b < busy; ++b) {
      const auto start = problem.earliest + minutes{uniform(-600, 96 * 60)};
      problem.busy.push_back(planning::BusyPeriod{uniform(1, problem.teams), start, start + minutes{uniform(30, 600)}});
    }
    with_busy += busy > 0;

    const auto plan = planning::optimize_schedule(problem);
    INFO("instance " << instance);

    // Every job exactly once.
    std::vector<int> seen(problem.jobs.size(), 0);
    for (const auto& a : plan.scheduled) ++seen.at(a.job);
    for (const auto j : plan.unscheduled) ++seen.at(j);
    CHECK(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));

    for (const auto& a : plan.scheduled) {
      const auto& slot = a.slot;
      CHECK(slot.team >= 1);
      CHECK(slot.team <= problem.teams);
      CHECK(slot.end - slot.start == problem.job_length);
      CHECK(slot.start >= problem.earliest);
      CHECK(slot.end <= problem.latest);
      // Inside the shift that started last before the job.
      const auto shift_day = std::chrono::floor<std::chrono::days>(slot.start - problem.shift_start);
      const time::Millis shift_begin = shift_day + problem.shift_start;
      CHECK(slot.end <= shift_begin + problem.shift_length);
      // No overlap with another job or open job of the team.
      for (const auto& other : plan.scheduled) {
        if (&other == &a || other.slot.team != slot.team) continue;
        CHECK((other.slot.end <= slot.start || other.slot.start >= slot.end));
      }
      for (const auto& period : problem.busy) {
        if (period.team != slot.team) continue;
        CHECK((period.end <= slot.start || period.start >= slot.end));
      }
    }

    // The fallback rule keeps the same rules, just not always the optimum.
    const auto rule = planning::priority_rule_plan(problem);
    CHECK_FALSE(rule.optimal);
    CHECK(rule.scheduled.size() == plan.scheduled.size());
    CHECK(rule.scheduled.size() + rule.unscheduled.size() == problem.jobs.size());

    const auto optimum = planning::exhaustive_optimum(problem);
    CHECK(plan.unscheduled.size() == optimum.left_out);
    CHECK(planning::objective(problem, plan) == Approx(optimum.objective).margin(1e-9).epsilon(1e-9));
    with_left_out += !plan.unscheduled.empty();
  }
  // The instances exercise both crowded windows and open jobs.
  CHECK(with_left_out > 300);
  CHECK(with_busy > 1500);
}

TEST_CASE("a fleet too large for the exact method is planned by the priority rule, keeping every rule", "[planning]") {
  auto problem = one_team_week();
  problem.latest = problem.earliest + std::chrono::days{365};
  problem.job_length = hours{1};
  for (int j = 0; j < 3000; ++j) {
    problem.jobs.push_back(PlanningJob{(j % 97 + 1) / 100.0, problem.earliest + hours{(j * 7) % 2000}});
  }
  const auto plan = planning::optimize_schedule(problem);
  CHECK_FALSE(plan.optimal);
  REQUIRE(plan.scheduled.size() == 2920);  // 8 one-hour jobs a day for a year
  CHECK(plan.unscheduled.size() == 80);
  for (const auto job : plan.unscheduled) CHECK(problem.jobs[job].risk_score <= 0.03);  // the least risky left out
  for (std::size_t k = 1; k < plan.scheduled.size(); ++k) {
    CHECK(plan.scheduled[k - 1].slot.end <= plan.scheduled[k].slot.start);
  }
  CHECK(plan.scheduled.front().slot.start == at("2024-01-15T08:00:00Z"));
  CHECK(plan.scheduled.back().slot.end <= problem.latest);

  // More jobs than slots: the riskiest are the ones kept.
  problem.latest = problem.earliest + std::chrono::days{2};
  const auto crowded = planning::optimize_schedule(problem);
  CHECK(crowded.scheduled.size() == 16);
  for (const auto& assignment : crowded.scheduled) CHECK(problem.jobs[assignment.job].risk_score == 0.97);
}
