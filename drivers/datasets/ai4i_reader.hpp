#pragma once
// The AI4I 2020 predictive-maintenance snapshot file (ai4i2020.csv): one
// machine snapshot per row, columns found by their published names.
#include <cstdint>
#include <filesystem>
#include <istream>
#include <string>
#include <vector>

namespace aegis::datasets {

struct Ai4iRow {
  std::int64_t udi = 0;
  std::string product_id;  // e.g. "L47181"
  std::string type;        // quality variant L / M / H
  double air_temperature_K = 0.0;
  double process_temperature_K = 0.0;
  double rotational_speed_rpm = 0.0;
  double torque_Nm = 0.0;
  double tool_wear_min = 0.0;
  int target = 0;            // 1 for a failure
  std::string failure_type;  // "No Failure", "Heat Dissipation Failure", ...
};

// The published column names, in file order.
const std::vector<std::string>& ai4i_columns();

// Reads the whole file. Throws DatasetError naming the file and line:
// "ai4i2020.csv:1: missing column 'Torque [Nm]'",
// "ai4i2020.csv:17: expected 10 fields, found 9",
// "ai4i2020.csv:17: Torque [Nm] is not a number: 'abc'".
std::vector<Ai4iRow> read_ai4i(const std::filesystem::path& path);
// The same from a stream; `source` names it in error messages.
std::vector<Ai4iRow> parse_ai4i(std::istream& in, const std::string& source);

// The five sensor values in the ai4i profile's order (air, process, speed,
// torque, tool wear).
std::vector<double> sensor_values(const Ai4iRow& row);

}  // namespace aegis::datasets
