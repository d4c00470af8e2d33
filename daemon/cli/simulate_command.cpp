#include <iostream>
#include <nlohmann/json.hpp>

#include "daemon/cli/command_support.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/cli/exit_codes.hpp"
#include "drivers/datasets/ai4i_writer.hpp"
#include "drivers/datasets/timeseries_csv.hpp"
#include "drivers/simulator/ai4i_simulator.hpp"
#include "drivers/simulator/ai4i_timeseries_simulator.hpp"
#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::cli {

int simulate_command(const SimulateArguments& args) {
  if (args.out_dir.empty() && !args.load) {
    std::cerr << "aegisd: simulate needs --out-dir DIR, --load, or both\n";
    return kExitUsage;
  }
  if (args.max_steps < args.min_steps) {
    std::cerr << "aegisd: simulate: --max-steps must be at least --min-steps\n";
    return kExitUsage;
  }
  config::Config config;
  if (args.load) {
    auto loaded = load_config_or_report(args.config_path);
    if (!loaded) return kExitUsage;
    config = std::move(*loaded);
  }
  return run_printing_json("simulate", [&] {
    const auto series = simulator::simulate_timeseries(
        {.seed = args.seed, .machines = args.machines, .min_steps = args.min_steps, .max_steps = args.max_steps});
    nlohmann::json result{{"machines", args.machines}, {"readings", series.size()}, {"seed", args.seed}};
    if (!args.out_dir.empty()) {
      const std::filesystem::path folder(args.out_dir);
      std::filesystem::create_directories(folder);
      datasets::write_timeseries_csv(folder / "timeseries.csv", series);
      const auto snapshots = simulator::simulate_snapshots({.seed = args.seed, .rows = args.snapshots});
      datasets::write_ai4i(folder / "snapshots.csv", snapshots);
      result["timeseries_csv"] = (folder / "timeseries.csv").string();
      result["snapshots_csv"] = (folder / "snapshots.csv").string();
      result["snapshots"] = snapshots.size();
    }
    if (args.load) {
      store::Database database({.path = config.database_path()});
      telemetry::TelemetryStore store(database);
      result["rows_loaded"] = store.insert(profiles::ai4i_profile(), series);
      result["database"] = config.database_path();
    }
    return result;
  });
}

}  // namespace aegis::cli
