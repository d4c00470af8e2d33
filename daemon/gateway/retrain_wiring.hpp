#pragma once
// Building the retraining engine from the configuration: settings, the
// schedule of the default models, and the optional fault injection used by
// the crash tests.
#include <functional>
#include <string_view>

#include "daemon/config/config.hpp"
#include "engine/retraining/retrain_jobs.hpp"

namespace aegis::gateway {

retraining::RetrainSettings retrain_settings(const config::Config& config);
retraining::RetrainSchedule retrain_schedule(const config::Config& config);

// When the environment sets AEGIS_FAULT_RETRAIN_STEP to a step name
// ("gathered", "trained", "model_file_written", "files_written",
// "committed"), a checkpoint that kills the process with SIGKILL when a
// retraining run reaches that step, so tests can show that a crash at the
// riskiest moments never leaves a half-installed model. Null otherwise.
std::function<void(std::string_view)> retrain_fault_injection();

}  // namespace aegis::gateway
