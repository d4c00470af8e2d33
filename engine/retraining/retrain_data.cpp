#include "engine/retraining/retrain_data.hpp"

#include <algorithm>
#include <stdexcept>

#include "engine/retraining/unit_partition.hpp"

namespace aegis::retraining {

RetrainData gather_windows(const telemetry::TelemetryStore& store, const WindowPlan& plan) {
  RetrainData data{.fresh = ExamplePool(plan.capacity, plan.seed),
                   .old = ExamplePool(plan.capacity, plan.seed + 1),
                   .held_out = ExamplePool(plan.capacity, plan.seed + 2),
                   .calibration = ExamplePool(plan.capacity, plan.seed + 3)};
  const auto units = store.units(*plan.profile);
  const auto roles = assign_roles(units, plan.holdout_fraction, plan.task == training::Task::rul);
  data.units = units.size();
  for (std::size_t i = 0; i < units.size(); ++i) {
    auto history = store.history(*plan.profile, units[i]);
    if (history.empty()) continue;
    const auto newest = history.back().timestamp;
    if (!data.newest_reading || newest > *data.newest_reading) data.newest_reading = newest;
    training::Examples windows;
    try {
      windows = training::window_examples(plan.feature_set, *plan.profile, plan.task, std::move(history),
                                          {.stride = plan.stride, .rul_cap = plan.rul_cap});
    } catch (const std::invalid_argument&) {
      continue;  // no labelled rows for this task: nothing to learn from this unit
    }
    if (roles[i] == UnitRole::held_out) ++data.held_out_units;
    for (std::size_t row = 0; row < windows.set.rows; ++row) {
      switch (roles[i]) {
        case UnitRole::held_out: data.held_out.offer(windows, row); break;
        case UnitRole::calibration: data.calibration.offer(windows, row); break;
        case UnitRole::fit: {
          const bool is_new = !plan.new_after || windows.window_ends[row] > *plan.new_after;
          (is_new || !plan.split_old ? data.fresh : data.old).offer(windows, row);
          break;
        }
      }
    }
  }
  return data;
}

}  // namespace aegis::retraining
