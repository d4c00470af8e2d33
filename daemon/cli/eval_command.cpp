#include <iostream>

#include "daemon/cli/command_support.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/cli/exit_codes.hpp"
#include "daemon/cli/model_task_data.hpp"
#include "engine/models/sidecar.hpp"
#include "engine/training/task_trainer.hpp"

namespace aegis::cli {

int eval_command(const EvalArguments& args) {
  const auto task = training::parse_task(args.task);
  const auto profile = profiles::builtin_profile(args.profile);
  if (!task || !profile) {
    std::cerr << "aegisd: unknown " << (task ? "profile '" + args.profile : "task '" + args.task) << "'\n";
    return kExitUsage;
  }
  return run_printing_json("evaluation", [&] {
    const std::filesystem::path folder(args.model_dir);
    const auto sidecar = models::Sidecar::read(folder / "sidecar.json");
    const auto booster = models::Booster::load_file(folder / sidecar.model_file);
    std::optional<std::filesystem::path> truth;
    if (!args.truth.empty()) truth = args.truth;
    const auto data = task_data(*profile, *task, args.data, truth, 1);
    if (data.examples.feature_set != sidecar.feature_set) {
      throw std::invalid_argument("model uses feature set '" + sidecar.feature_set + "' but the data gives '" +
                                  data.examples.feature_set + "'");
    }
    auto metrics = training::evaluate(*task, booster, sidecar, data.examples);
    metrics["model_name"] = sidecar.model_name;
    metrics["version"] = sidecar.version;
    return metrics;
  });
}

}  // namespace aegis::cli
