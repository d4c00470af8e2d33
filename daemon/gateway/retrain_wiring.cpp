#include "daemon/gateway/retrain_wiring.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <string>

namespace aegis::gateway {

retraining::RetrainSettings retrain_settings(const config::Config& config) {
  const auto& r = config.retrain;
  return retraining::RetrainSettings{.threads = static_cast<int>(r.threads),
                                     .memory_budget_mb = r.memory_budget_mb,
                                     .sample_limit = static_cast<std::size_t>(r.sample_limit),
                                     .window_stride = static_cast<std::size_t>(r.window_stride),
                                     .holdout_fraction = r.holdout_fraction,
                                     .tolerance = r.tolerance,
                                     .incremental_rounds = static_cast<int>(r.incremental_rounds),
                                     .replay_ratio = r.replay_ratio};
}

retraining::RetrainSchedule retrain_schedule(const config::Config& config) {
  retraining::RetrainSchedule schedule;
  schedule.interval = std::chrono::seconds(config.retrain.interval_s);
  schedule.min_new_rows = config.retrain.min_new_rows;
  schedule.models = {
      {.model_name = config.models.classifier, .task = training::Task::classification, .incremental = true},
      {.model_name = config.models.regressor, .task = training::Task::rul, .incremental = true},
  };
  return schedule;
}

std::function<void(std::string_view)> retrain_fault_injection() {
  const char* step = std::getenv("AEGIS_FAULT_RETRAIN_STEP");
  if (!step || !*step) return nullptr;
  spdlog::warn("fault injection: the process will be killed when a retraining run reaches step '{}'", step);
  return [target = std::string(step)](std::string_view reached) {
    if (reached == target) std::raise(SIGKILL);
  };
}

}  // namespace aegis::gateway
