#pragma once
// The tool wear of one simulated machine over its steps: each step is one use
// (wear_per_use_min of the variant), and the tool is replaced when it reaches
// a life drawn per tool, unless it has to end the series at a given wear.
#include <optional>
#include <string_view>
#include <vector>

#include "drivers/simulator/random.hpp"

namespace aegis::simulator {

struct ToolSchedule {
  double replace_min = 150.0;  // each tool's life is drawn uniformly in
  double replace_max = 195.0;  // [replace_min, replace_max) minutes
  // When set, the last tool is fitted so that the final step shows about
  // this wear (within one use; exactly when the series is too short to need
  // a replacement) and is never replaced.
  std::optional<double> final_wear;
};

// Wear shown at each of `steps` steps (before that step's use).
std::vector<double> tool_wear_series(Random& random, std::string_view type, int steps, const ToolSchedule& schedule);

}  // namespace aegis::simulator
