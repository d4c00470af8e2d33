#include "daemon/cli/model_task_data.hpp"

#include <stdexcept>

#include "engine/scoring/feature_sets.hpp"

namespace aegis::cli {

TaskData task_data(const profiles::SensorProfile& profile, training::Task task, const std::filesystem::path& data,
                   const std::optional<std::filesystem::path>& truth, std::size_t stride) {
  // Uncapped: the turbofan windows cap the label themselves and keep the true
  // remaining life beside it for the interval.
  auto loaded = datasets::load_training_data(profile, data, truth, 0.0);
  using training::Task;
  if (profile.name == "turbofan") {
    if (task != Task::rul) throw std::invalid_argument("the turbofan profile has only the rul task");
    return {training::window_examples(scoring::kTurbofanWindow, profile, task, std::move(loaded.readings),
                                      {.stride = stride, .last_row_only = truth.has_value(), .rul_cap = truth ? 0.0 : 125.0}),
            false};
  }
  if (loaded.kind == datasets::DataKind::ai4i_snapshots) {
    if (task == Task::rul) throw std::invalid_argument("AI4I snapshots carry no RUL label; use a time-series file");
    return {training::snapshot_examples(task, loaded.readings), true};
  }
  if (loaded.kind == datasets::DataKind::cmapss) {
    throw std::invalid_argument("C-MAPSS files need --profile turbofan");
  }
  if (task == Task::failure_mode) return {training::snapshot_examples(task, loaded.readings), false};
  return {training::window_examples(scoring::kSeedWindow, profile, task, std::move(loaded.readings), {.stride = stride}),
          false};
}

}  // namespace aegis::cli
