#include <chrono>
#include <iostream>

#include "daemon/cli/command_support.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/cli/progress_bar.hpp"
#include "drivers/seed_import/seed_telemetry_file.hpp"
#include "engine/imports/import_report.hpp"
#include "engine/imports/telemetry_import.hpp"

namespace aegis::cli {

int import_telemetry_command(const ImportTelemetryArguments& args) {
  if (args.batch == 0) {
    std::cerr << "aegisd: --batch must be at least 1 row\n";
    return kExitUsage;
  }
  auto config = load_config_or_report(args.config_path);
  if (!config) return kExitUsage;
  return run_printing_json("telemetry import", [&] {
    // The seed's telemetry table is the ai4i profile's.
    const auto profile = profiles::ai4i_profile();
    auto file = seed_import::open_seed_telemetry(args.from, profile);
    store::Database database({.path = config->database_path(), .busy_timeout_ms = static_cast<int>(config->storage.busy_timeout_ms)});
    telemetry::TelemetryStore store(database);
    const auto started = std::chrono::steady_clock::now();
    const auto result = imports::import_telemetry(store, profile, *file.source, {.batch_rows = args.batch},
                                                  terminal_progress_bar());
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    for (const auto& problem : result.problems) {
      std::cerr << "skipped " << args.from << " " << problem.where << ": " << problem.reason << "\n";
    }
    if (result.rejected > result.problems.size()) {
      std::cerr << "... and " << result.rejected - result.problems.size() << " more rows skipped\n";
    }
    auto report = imports::describe(result);
    report["from"] = args.from;
    report["format"] = file.format;
    report["seconds"] = elapsed.count();
    return report;
  });
}

}  // namespace aegis::cli
