#include "drivers/datasets/ai4i_reader.hpp"

#include <array>

#include "drivers/datasets/csv_header.hpp"
#include "drivers/datasets/csv_row.hpp"
#include "drivers/datasets/csv_rows.hpp"
#include "drivers/datasets/dataset_error.hpp"
#include "drivers/datasets/number_text.hpp"
#include "drivers/datasets/text_lines.hpp"

namespace aegis::datasets {
namespace {

enum Column : std::size_t { kUdi, kProductId, kType, kAir, kProcess, kSpeed, kTorque, kWear, kTarget, kFailureType, kColumnCount };

Ai4iRow parse_row(const std::vector<std::string>& fields, const std::array<std::size_t, kColumnCount>& at) {
  const auto& names = ai4i_columns();
  Ai4iRow row;
  row.udi = parse_integer(fields[at[kUdi]], names[kUdi]);
  row.product_id = fields[at[kProductId]];
  row.type = fields[at[kType]];
  row.air_temperature_K = parse_number(fields[at[kAir]], names[kAir]);
  row.process_temperature_K = parse_number(fields[at[kProcess]], names[kProcess]);
  row.rotational_speed_rpm = parse_number(fields[at[kSpeed]], names[kSpeed]);
  row.torque_Nm = parse_number(fields[at[kTorque]], names[kTorque]);
  row.tool_wear_min = parse_number(fields[at[kWear]], names[kWear]);
  const std::int64_t target = parse_integer(fields[at[kTarget]], names[kTarget]);
  if (target != 0 && target != 1) throw FieldError("Target must be 0 or 1: '" + fields[at[kTarget]] + "'");
  row.target = static_cast<int>(target);
  row.failure_type = fields[at[kFailureType]];
  return row;
}

}  // namespace

const std::vector<std::string>& ai4i_columns() {
  static const std::vector<std::string> columns = {
      "UDI", "Product ID", "Type", "Air temperature [K]", "Process temperature [K]",
      "Rotational speed [rpm]", "Torque [Nm]", "Tool wear [min]", "Target", "Failure Type"};
  return columns;
}

std::vector<Ai4iRow> parse_ai4i(std::istream& in, const std::string& source) {
  LineReader lines(in);
  std::string line;
  if (!lines.next(line)) throw DatasetError(source, "empty file, expected the AI4I header");
  const CsvHeader header(split_csv_line(line), source, lines.line_number());
  std::array<std::size_t, kColumnCount> at{};
  for (std::size_t column = 0; column < kColumnCount; ++column) at[column] = header.require(ai4i_columns()[column]);

  return parse_csv_rows<Ai4iRow>(lines, header, source,
                                 [&](const std::vector<std::string>& fields) { return parse_row(fields, at); });
}

std::vector<Ai4iRow> read_ai4i(const std::filesystem::path& path) {
  auto in = open_for_reading(path);
  return parse_ai4i(in, source_name(path));
}

std::vector<double> sensor_values(const Ai4iRow& row) {
  return {row.air_temperature_K, row.process_temperature_K, row.rotational_speed_rpm, row.torque_Nm,
          row.tool_wear_min};
}

}  // namespace aegis::datasets
