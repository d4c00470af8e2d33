#include "drivers/datasets/training_data.hpp"

#include <fstream>

#include "drivers/datasets/ai4i_reader.hpp"
#include "drivers/datasets/cmapss_reader.hpp"
#include "drivers/datasets/csv_row.hpp"
#include "drivers/datasets/dataset_error.hpp"
#include "drivers/datasets/timeseries_csv.hpp"

namespace aegis::datasets {

std::vector<telemetry::Reading> snapshot_readings(const std::vector<Ai4iRow>& rows) {
  std::vector<telemetry::Reading> readings;
  readings.reserve(rows.size());
  const auto start = time::from_epoch_ms(1704067200000);  // 2024-01-01T00:00:00Z
  for (const auto& row : rows) {
    telemetry::Reading reading;
    reading.product_id = row.product_id;
    reading.unit_id = std::to_string(row.udi);
    reading.timestamp = start + std::chrono::hours(row.udi);
    reading.step_index = row.udi;
    reading.engine_type = row.type;
    reading.values = sensor_values(row);
    reading.labels.is_failure = row.target;
    reading.labels.failure_type = row.failure_type;
    readings.push_back(std::move(reading));
  }
  return readings;
}

TrainingData load_training_data(const profiles::SensorProfile& profile, const std::filesystem::path& path,
                                const std::optional<std::filesystem::path>& truth_file, double rul_cap) {
  std::ifstream in(path);
  if (!in) throw DatasetError(path.string(), "cannot open the file");
  std::string first_line;
  std::getline(in, first_line);
  const std::string_view header = strip_utf8_bom(first_line);
  if (header.rfind("UDI,", 0) == 0) return {DataKind::ai4i_snapshots, snapshot_readings(read_ai4i(path))};
  if (header.rfind("product_id,", 0) == 0) return {DataKind::timeseries_csv, read_timeseries_csv(path, profile)};
  const auto rows = read_cmapss(path);
  CmapssReadingOptions options;
  options.rul_cap = truth_file ? 0 : static_cast<int>(rul_cap);
  if (truth_file) return {DataKind::cmapss, cmapss_test_readings(rows, read_cmapss_rul(*truth_file), options)};
  return {DataKind::cmapss, cmapss_training_readings(rows, options)};
}

}  // namespace aegis::datasets
