#include <iostream>
#include <nlohmann/json.hpp>

#include "daemon/cli/commands.hpp"
#include "daemon/cli/exit_codes.hpp"
#include "daemon/config/config_loader.hpp"
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
  config::Config config;
  if (args.load) {
    try {
      config = config::load_config_file(args.config_path, config::process_environment());
    } catch (const config::ConfigError& e) {
      std::cerr << "aegisd: " << e.what() << "\n";
      return kExitUsage;
    }
  }
  try {
    const auto series = simulator::simulate_timeseries({.seed = args.seed, .machines = args.machines});
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
    std::cout << result.dump(2) << "\n";
    return kExitOk;
  } catch (const std::invalid_argument& e) {
    std::cerr << "aegisd: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "aegisd: simulate failed: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace aegis::cli
