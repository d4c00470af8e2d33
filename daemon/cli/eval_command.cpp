#include <iostream>

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
  try {
    const std::filesystem::path folder(args.model_dir);
    const auto sidecar = models::Sidecar::read(folder / "sidecar.json");
    const auto booster = models::Booster::load_file(folder / sidecar.model_file);
    std::optional<std::filesystem::path> truth;
    if (!args.truth.empty()) truth = args.truth;
    const auto data = task_data(*profile, *task, args.data, truth, 1);
    if (data.examples.feature_set != sidecar.feature_set) {
      std::cerr << "aegisd: model uses feature set '" << sidecar.feature_set << "' but the data gives '"
                << data.examples.feature_set << "'\n";
      return kExitUsage;
    }
    auto metrics = training::evaluate(*task, booster, sidecar, data.examples);
    metrics["model_name"] = sidecar.model_name;
    metrics["version"] = sidecar.version;
    std::cout << metrics.dump(2) << "\n";
    return kExitOk;
  } catch (const std::invalid_argument& e) {
    std::cerr << "aegisd: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "aegisd: evaluation failed: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace aegis::cli
