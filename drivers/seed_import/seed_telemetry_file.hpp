#pragma once
// Opening a seed telemetry export whatever its format: an SQLite database
// file (recognised by its header) or a CSV of the seed's columns.
#include <filesystem>
#include <memory>
#include <string>

#include "engine/imports/telemetry_import.hpp"

namespace aegis::seed_import {

struct SeedTelemetryFile {
  std::unique_ptr<imports::TelemetrySource> source;
  std::string format;  // "sqlite" or "csv"
};

// Throws imports::ImportError for a missing file or one that is neither.
SeedTelemetryFile open_seed_telemetry(const std::filesystem::path& path, const profiles::SensorProfile& profile);

}  // namespace aegis::seed_import
