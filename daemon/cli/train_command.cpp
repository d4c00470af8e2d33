#include <spdlog/spdlog.h>

#include <iostream>

#include "daemon/cli/command_support.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/cli/exit_codes.hpp"
#include "daemon/cli/model_task_data.hpp"
#include "engine/common/atomic_file.hpp"
#include "engine/common/sha256.hpp"
#include "engine/models/model_registry.hpp"
#include "engine/training/held_out_predictions.hpp"
#include "engine/training/task_trainer.hpp"

namespace aegis::cli {
namespace {

std::string default_model_name(training::Task task, const config::Config& config) {
  switch (task) {
    case training::Task::classification: return config.models.classifier;
    case training::Task::failure_mode: return config.models.failure_mode;
    case training::Task::rul: return config.models.regressor;
  }
  return config.models.classifier;
}

// The model and its sidecar in a folder of their own (the layout the
// registry uses), each written crash-safely.
void write_artifact(const std::filesystem::path& folder, const models::Booster& booster, models::Sidecar& sidecar) {
  std::filesystem::create_directories(folder);
  const auto bytes = booster.serialize(models::ModelFormat::ubjson);
  const std::string_view content(bytes.data(), bytes.size());
  sidecar.model_file = "model.ubj";
  sidecar.sha256 = crypto::sha256_hex(content);
  files::write_file_atomically(folder / sidecar.model_file, content);
  files::write_file_atomically(folder / "sidecar.json", sidecar.to_json().dump(2));
}

}  // namespace

int train_command(const TrainArguments& args) {
  const auto task = training::parse_task(args.task);
  if (!task) {
    std::cerr << "aegisd: unknown task '" << args.task << "' (classification, failure_mode or rul)\n";
    return kExitUsage;
  }
  const auto profile = profiles::builtin_profile(args.profile);
  if (!profile) {
    std::cerr << "aegisd: unknown profile '" << args.profile << "' (ai4i or turbofan)\n";
    return kExitUsage;
  }
  if (args.out.empty() && !args.install) {
    std::cerr << "aegisd: train needs --out DIR, --install, or both\n";
    return kExitUsage;
  }
  std::map<std::string, std::string> params;
  for (const auto& entry : args.params) {
    const auto eq = entry.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "aegisd: --param expects KEY=VALUE, got '" << entry << "'\n";
      return kExitUsage;
    }
    params[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  config::Config config;
  if (args.install) {
    auto loaded = load_config_or_report(args.config_path);
    if (!loaded) return kExitUsage;
    config = std::move(*loaded);
  }

  return run_printing_json("training", [&] {
    std::cerr << "reading " << args.data << " ...\n";
    const auto data = task_data(*profile, *task, args.data, std::nullopt, args.stride);
    std::cerr << "training " << args.task << " on " << data.examples.set.rows << " examples of "
              << data.examples.set.cols << " features ...\n";
    auto trained = training::train_task(*task, data.examples,
                                        {.profile = profile->name, .params = params, .rounds = args.rounds,
                                         .threads = args.threads, .seed = args.seed, .stratified = data.stratified});
    const std::string name = args.name.empty() ? default_model_name(*task, config) : args.name;
    trained.sidecar.model_name = name;
    nlohmann::json result{{"model_name", name}, {"task", args.task}, {"profile", profile->name},
                          {"metrics", trained.sidecar.metrics}, {"training_rows", trained.sidecar.training_rows},
                          {"params", trained.sidecar.params}};
    if (args.install) {
      store::Database database({.path = config.database_path()});
      models::ModelRegistry registry(database, config.artifact_dir());
      const auto record = registry.install(name, trained.booster, trained.sidecar, true);
      result["version"] = record.version;
      result["path"] = record.uri;
      result["promoted"] = true;
    }
    if (!args.held_out.empty()) {
      const auto held_out = training::select_rows(data.examples, trained.held_out_rows);
      files::write_file_atomically(args.held_out,
                                   training::held_out_csv(*task, trained.booster, trained.sidecar, held_out));
      result["held_out_file"] = args.held_out;
    }
    if (!args.out.empty()) {
      trained.sidecar.version = result.value("version", models::version_for(time::now()));
      write_artifact(args.out, trained.booster, trained.sidecar);
      result["out"] = args.out;
    }
    return result;
  });
}

}  // namespace aegis::cli
