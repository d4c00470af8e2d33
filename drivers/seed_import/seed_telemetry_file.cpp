#include "drivers/seed_import/seed_telemetry_file.hpp"

#include "drivers/seed_import/seed_csv_source.hpp"
#include "drivers/seed_import/seed_sqlite_source.hpp"
#include "engine/imports/import_error.hpp"

namespace aegis::seed_import {

SeedTelemetryFile open_seed_telemetry(const std::filesystem::path& path, const profiles::SensorProfile& profile) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw imports::ImportError(path.string() + ": no such file");
  if (is_sqlite_database(path)) return {std::make_unique<SeedSqliteSource>(path, profile), "sqlite"};
  return {std::make_unique<SeedCsvSource>(path, profile), "csv"};
}

}  // namespace aegis::seed_import
