#pragma once
// Reading any of the data files the gateway trains and evaluates on, by
// content: an AI4I snapshot CSV (header "UDI,Product ID,..."), the seed's
// time-series CSV (header "product_id,unit_id,..."), or C-MAPSS text files.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "drivers/datasets/ai4i_reader.hpp"
#include "engine/profiles/sensor_profile.hpp"
#include "engine/telemetry/reading.hpp"

namespace aegis::datasets {

enum class DataKind { ai4i_snapshots, timeseries_csv, cmapss };

struct TrainingData {
  DataKind kind;
  std::vector<telemetry::Reading> readings;
};

// `truth_file` (C-MAPSS RUL_FD00x.txt) turns a test file's readings into
// labelled ones: each engine's true remaining cycles at its last row. The RUL
// label is capped at `rul_cap` for C-MAPSS training files (0: uncapped).
// Throws DatasetError naming the file and line at fault.
TrainingData load_training_data(const profiles::SensorProfile& profile, const std::filesystem::path& path,
                                const std::optional<std::filesystem::path>& truth_file = std::nullopt,
                                double rul_cap = 125.0);

// AI4I snapshot rows as ai4i readings: one unit per row (its UDI), Target and
// Failure Type as labels, hourly timestamps in file order.
std::vector<telemetry::Reading> snapshot_readings(const std::vector<Ai4iRow>& rows);

}  // namespace aegis::datasets
