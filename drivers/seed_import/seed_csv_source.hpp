#pragma once
// The seed's telemetry as CSV (its table's columns, a header line, ISO
// timestamps with or without offsets), read a batch of lines at a time. A
// line that cannot be read is reported by its number and the reading goes on.
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "drivers/datasets/text_lines.hpp"
#include "drivers/datasets/timeseries_csv.hpp"
#include "engine/imports/telemetry_import.hpp"

namespace aegis::seed_import {

class SeedCsvSource : public imports::TelemetrySource {
 public:
  // Throws imports::ImportError when the file cannot be opened, is empty or
  // lacks a column of the layout.
  SeedCsvSource(const std::filesystem::path& path, const profiles::SensorProfile& profile);

  bool next_batch(std::size_t max_rows, imports::SourceBatch& batch) override;
  std::size_t total_rows() const override { return total_rows_; }

 private:
  profiles::SensorProfile profile_;
  std::ifstream in_;
  std::optional<datasets::LineReader> lines_;
  std::size_t header_fields_ = 0;
  datasets::TimeseriesColumns columns_;
  std::size_t total_rows_ = 0;
};

}  // namespace aegis::seed_import
