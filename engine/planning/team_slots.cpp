#include "engine/planning/team_slots.hpp"

#include <algorithm>
#include <map>

namespace aegis::planning {
namespace {

using std::chrono::days;
using std::chrono::floor;

// Cuts [from, to) minus the team's busy periods (sorted by start) into slots.
void add_free_slots(int team, time::Millis from, time::Millis to, const std::vector<BusyPeriod>& busy,
                    std::chrono::minutes job_length, std::vector<Slot>& slots) {
  const auto pack = [&](time::Millis begin, time::Millis end) {
    for (auto start = begin; start + job_length <= end; start += job_length) {
      slots.push_back(Slot{team, start, start + job_length});
    }
  };
  auto cursor = from;
  for (const auto& period : busy) {
    if (period.end <= cursor) continue;
    if (period.start >= to) break;
    if (period.start > cursor) pack(cursor, period.start);
    cursor = std::max(cursor, period.end);
    if (cursor >= to) return;
  }
  pack(cursor, to);
}

bool earlier(const Slot& a, const Slot& b) {
  if (a.end != b.end) return a.end < b.end;
  if (a.start != b.start) return a.start < b.start;
  return a.team < b.team;
}

}  // namespace

std::vector<Slot> free_slots(const PlanningProblem& problem, std::size_t limit) {
  std::vector<Slot> slots;
  if (limit == 0 || problem.latest <= problem.earliest || problem.job_length.count() <= 0) return slots;

  std::map<int, std::vector<BusyPeriod>> busy_by_team;
  for (const auto& period : problem.busy) {
    if (period.team >= 1 && period.team <= problem.teams && period.end > period.start) {
      busy_by_team[period.team].push_back(period);
    }
  }
  for (auto& [team, periods] : busy_by_team) {
    std::sort(periods.begin(), periods.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  }
  const std::vector<BusyPeriod> no_busy;

  // A shift that starts the day before the window may run into it.
  for (auto day = floor<days>(problem.earliest) - days{1};; day += days{1}) {
    const time::Millis shift_begin = day + problem.shift_start;
    if (shift_begin >= problem.latest) break;
    const time::Millis shift_end = shift_begin + problem.shift_length;
    const auto from = std::max(shift_begin, problem.earliest);
    const auto to = std::min(shift_end, problem.latest);
    if (from >= to) continue;
    for (int team = 1; team <= problem.teams; ++team) {
      const auto found = busy_by_team.find(team);
      add_free_slots(team, from, to, found == busy_by_team.end() ? no_busy : found->second, problem.job_length, slots);
    }
    // Shifts are at most a day long and start at the same time each day, so
    // every slot of a later day ends after every slot found so far.
    if (slots.size() >= limit) break;
  }
  std::sort(slots.begin(), slots.end(), earlier);
  if (slots.size() > limit) slots.resize(limit);
  return slots;
}

}  // namespace aegis::planning
