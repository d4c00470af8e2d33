#include "drivers/datasets/cmapss_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <stdexcept>

#include "drivers/datasets/csv_row.hpp"
#include "drivers/datasets/dataset_error.hpp"
#include "drivers/datasets/number_text.hpp"
#include "drivers/datasets/text_lines.hpp"

namespace aegis::datasets {
namespace {

constexpr std::size_t kFieldsPerLine = 26;

int parse_positive_int(std::string_view text, std::string_view field) {
  const std::int64_t value = parse_integer(text, field);
  if (value < 1 || value > std::numeric_limits<int>::max()) {
    throw FieldError(std::string(field) + " must be a positive integer: '" + std::string(text) + "'");
  }
  return static_cast<int>(value);
}

CmapssRow parse_row(const std::vector<std::string_view>& fields) {
  CmapssRow row;
  row.unit = parse_positive_int(fields[0], "unit");
  row.cycle = parse_positive_int(fields[1], "cycle");
  for (std::size_t i = 0; i < row.settings.size(); ++i) {
    row.settings[i] = parse_number(fields[2 + i], "setting" + std::to_string(i + 1));
  }
  for (std::size_t i = 0; i < row.sensors.size(); ++i) {
    row.sensors[i] = parse_number(fields[5 + i], "s" + std::to_string(i + 1));
  }
  return row;
}

std::map<int, int> last_cycle_per_unit(const std::vector<CmapssRow>& rows) {
  std::map<int, int> last;
  for (const auto& row : rows) last[row.unit] = std::max(last[row.unit], row.cycle);
  return last;
}

telemetry::Reading to_reading(const CmapssRow& row, double remaining, const CmapssReadingOptions& options) {
  telemetry::Reading reading;
  reading.product_id = options.product_id;
  reading.unit_id = cmapss_unit_id(row.unit);
  reading.timestamp = options.base_time + std::chrono::hours(row.cycle);
  reading.step_index = row.cycle;
  reading.values.reserve(row.settings.size() + row.sensors.size());
  reading.values.insert(reading.values.end(), row.settings.begin(), row.settings.end());
  reading.values.insert(reading.values.end(), row.sensors.begin(), row.sensors.end());
  reading.labels.rul = options.rul_cap > 0 ? std::min(remaining, static_cast<double>(options.rul_cap)) : remaining;
  return reading;
}

}  // namespace

std::vector<CmapssRow> parse_cmapss(std::istream& in, const std::string& source) {
  LineReader lines(in);
  std::string line;
  std::vector<CmapssRow> rows;
  while (lines.next(line)) {
    const auto fields = split_whitespace(line);
    if (fields.size() != kFieldsPerLine) {
      throw DatasetError(source, lines.line_number(),
                         "expected " + std::to_string(kFieldsPerLine) + " numbers, found " + std::to_string(fields.size()));
    }
    try {
      rows.push_back(parse_row(fields));
    } catch (const FieldError& error) {
      throw DatasetError(source, lines.line_number(), error.what());
    }
  }
  return rows;
}

std::vector<CmapssRow> read_cmapss(const std::filesystem::path& path) {
  auto in = open_for_reading(path);
  return parse_cmapss(in, source_name(path));
}

std::vector<int> parse_cmapss_rul(std::istream& in, const std::string& source) {
  LineReader lines(in);
  std::string line;
  std::vector<int> values;
  while (lines.next(line)) {
    const auto fields = split_whitespace(line);
    if (fields.size() != 1) {
      throw DatasetError(source, lines.line_number(), "expected 1 number, found " + std::to_string(fields.size()));
    }
    try {
      const std::int64_t value = parse_integer(fields[0], "RUL");
      if (value < 0 || value > std::numeric_limits<int>::max()) {
        throw FieldError("RUL must be a non-negative integer: '" + std::string(fields[0]) + "'");
      }
      values.push_back(static_cast<int>(value));
    } catch (const FieldError& error) {
      throw DatasetError(source, lines.line_number(), error.what());
    }
  }
  return values;
}

std::vector<int> read_cmapss_rul(const std::filesystem::path& path) {
  auto in = open_for_reading(path);
  return parse_cmapss_rul(in, source_name(path));
}

std::string cmapss_unit_id(int unit) {
  char text[32];
  std::snprintf(text, sizeof text, "engine_%03d", unit);
  return text;
}

std::vector<telemetry::Reading> cmapss_training_readings(const std::vector<CmapssRow>& rows,
                                                         const CmapssReadingOptions& options) {
  const auto last = last_cycle_per_unit(rows);
  std::vector<telemetry::Reading> readings;
  readings.reserve(rows.size());
  for (const auto& row : rows) readings.push_back(to_reading(row, last.at(row.unit) - row.cycle, options));
  return readings;
}

std::vector<telemetry::Reading> cmapss_test_readings(const std::vector<CmapssRow>& rows,
                                                     const std::vector<int>& true_rul,
                                                     const CmapssReadingOptions& options) {
  const auto last = last_cycle_per_unit(rows);
  std::vector<telemetry::Reading> readings;
  readings.reserve(rows.size());
  for (const auto& row : rows) {
    if (static_cast<std::size_t>(row.unit) > true_rul.size()) {
      throw std::invalid_argument("no true RUL for engine " + std::to_string(row.unit) + " (the truth file has " +
                                  std::to_string(true_rul.size()) + " values)");
    }
    const double remaining = true_rul[static_cast<std::size_t>(row.unit) - 1] + (last.at(row.unit) - row.cycle);
    readings.push_back(to_reading(row, remaining, options));
  }
  return readings;
}

}  // namespace aegis::datasets
