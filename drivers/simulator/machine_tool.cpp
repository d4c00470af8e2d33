#include "drivers/simulator/machine_tool.hpp"

#include <cmath>
#include <limits>

#include "drivers/simulator/ai4i_physics.hpp"

namespace aegis::simulator {

std::vector<double> tool_wear_series(Random& random, std::string_view type, int steps, const ToolSchedule& schedule) {
  const double per_use = wear_per_use_min(type);
  std::vector<double> series;
  if (steps <= 0) return series;
  series.reserve(static_cast<std::size_t>(steps));
  int last_replacement = std::numeric_limits<int>::max();
  if (schedule.final_wear) {
    const int uses = static_cast<int>(std::floor(*schedule.final_wear / per_use));
    last_replacement = steps - 1 - uses;
    if (last_replacement <= 0) {
      // The series is too short to see a replacement: the tool was fitted
      // before the first step.
      const double first = *schedule.final_wear - per_use * (steps - 1);
      for (int step = 0; step < steps; ++step) series.push_back(first + per_use * step);
      return series;
    }
  }
  double wear = static_cast<double>(random.uniform_int(0, 100));
  double life = random.uniform(schedule.replace_min, schedule.replace_max);
  for (int step = 0; step < steps; ++step) {
    if (step == last_replacement || (step < last_replacement && wear >= life)) {
      wear = 0.0;
      life = random.uniform(schedule.replace_min, schedule.replace_max);
    }
    series.push_back(wear);
    wear += per_use;
  }
  return series;
}

}  // namespace aegis::simulator
