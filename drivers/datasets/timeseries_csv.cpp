#include "drivers/datasets/timeseries_csv.hpp"

#include <optional>

#include "drivers/datasets/csv_header.hpp"
#include "drivers/datasets/csv_row.hpp"
#include "drivers/datasets/csv_rows.hpp"
#include "drivers/datasets/dataset_error.hpp"
#include "drivers/datasets/number_text.hpp"
#include "drivers/datasets/plain_field.hpp"
#include "drivers/datasets/text_lines.hpp"
#include "engine/common/time.hpp"

namespace aegis::datasets {
namespace {

constexpr const char* kRulColumn = "synthetic_RUL";

std::string required_text(const std::string& text, std::string_view field) {
  if (text.empty()) throw FieldError(std::string(field) + " is empty");
  return text;
}

}  // namespace

TimeseriesColumns locate_timeseries_columns(const CsvHeader& header, const profiles::SensorProfile& profile) {
  TimeseriesColumns at;
  at.product_id = header.require("product_id");
  at.unit_id = header.require("unit_id");
  at.timestamp = header.require("timestamp");
  at.step_index = header.require("step_index");
  if (profile.has_engine_type) at.engine_type = header.require("engine_type");
  for (const auto& sensor : profile.sensors) at.sensors.push_back(header.require(sensor));
  at.is_failure = header.find("is_failure");
  at.failure_type = header.find("failure_type");
  at.rul = header.find(kRulColumn);
  if (!at.rul) at.rul = header.find("rul");
  return at;
}

telemetry::Reading parse_timeseries_fields(const std::vector<std::string>& fields, const TimeseriesColumns& at,
                                           const profiles::SensorProfile& profile) {
  telemetry::Reading reading;
  reading.product_id = required_text(fields[at.product_id], "product_id");
  reading.unit_id = required_text(fields[at.unit_id], "unit_id");
  const std::string& stamp = fields[at.timestamp];
  const auto instant = time::parse_iso8601(stamp);
  if (!instant) throw FieldError("timestamp is not ISO 8601: '" + stamp + "'");
  reading.timestamp = *instant;
  reading.step_index = parse_integer(fields[at.step_index], "step_index");
  if (at.engine_type) reading.engine_type = fields[*at.engine_type];
  reading.values.reserve(at.sensors.size());
  for (std::size_t i = 0; i < at.sensors.size(); ++i) {
    reading.values.push_back(parse_number(fields[at.sensors[i]], profile.sensors[i]));
  }
  if (at.is_failure && !fields[*at.is_failure].empty()) {
    const std::int64_t flag = parse_integer(fields[*at.is_failure], "is_failure");
    if (flag != 0 && flag != 1) throw FieldError("is_failure must be 0 or 1: '" + fields[*at.is_failure] + "'");
    reading.labels.is_failure = static_cast<int>(flag);
  }
  if (at.failure_type && !fields[*at.failure_type].empty()) reading.labels.failure_type = fields[*at.failure_type];
  if (at.rul && !fields[*at.rul].empty()) reading.labels.rul = parse_number(fields[*at.rul], kRulColumn);
  return reading;
}

namespace {

std::string format_reading(const telemetry::Reading& reading, const profiles::SensorProfile& profile) {
  if (reading.values.size() != profile.sensors.size()) {
    throw FieldError("reading of " + reading.product_id + "/" + reading.unit_id + " has " +
                     std::to_string(reading.values.size()) + " values, the " + profile.name + " profile has " +
                     std::to_string(profile.sensors.size()));
  }
  std::string text = plain_field(reading.product_id, "product_id") + ',' + plain_field(reading.unit_id, "unit_id") +
                     ',' + time::format_iso8601(reading.timestamp) + ',' + std::to_string(reading.step_index);
  if (profile.has_engine_type) text += ',' + plain_field(reading.engine_type, "engine_type");
  for (std::size_t i = 0; i < reading.values.size(); ++i) {
    text += ',' + format_number(reading.values[i], profile.sensors[i]);
  }
  const auto& labels = reading.labels;
  text += ',' + (labels.is_failure ? std::to_string(*labels.is_failure) : std::string());
  text += ',' + (labels.failure_type ? plain_field(*labels.failure_type, "failure_type") : std::string());
  text += ',' + (labels.rul ? format_number(*labels.rul, kRulColumn) : std::string());
  return text + '\n';
}

}  // namespace

std::vector<std::string> timeseries_columns(const profiles::SensorProfile& profile) {
  std::vector<std::string> columns = {"product_id", "unit_id", "timestamp", "step_index"};
  if (profile.has_engine_type) columns.emplace_back("engine_type");
  columns.insert(columns.end(), profile.sensors.begin(), profile.sensors.end());
  columns.insert(columns.end(), {"is_failure", "failure_type", kRulColumn});
  return columns;
}

void write_timeseries_csv(std::ostream& out, const std::vector<telemetry::Reading>& readings,
                          const std::string& source, const profiles::SensorProfile& profile) {
  const auto columns = timeseries_columns(profile);
  for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << columns[i];
  out << '\n';
  std::size_t line = 1;
  for (const auto& reading : readings) {
    ++line;
    try {
      out << format_reading(reading, profile);
    } catch (const FieldError& error) {
      throw DatasetError(source, line, error.what());
    }
  }
  check_written(out, source);
}

void write_timeseries_csv(const std::filesystem::path& path, const std::vector<telemetry::Reading>& readings,
                          const profiles::SensorProfile& profile) {
  auto out = open_for_writing(path);
  write_timeseries_csv(out, readings, source_name(path), profile);
}

std::vector<telemetry::Reading> parse_timeseries_csv(std::istream& in, const std::string& source,
                                                     const profiles::SensorProfile& profile) {
  LineReader lines(in);
  std::string line;
  if (!lines.next(line)) throw DatasetError(source, "empty file, expected the telemetry header");
  const CsvHeader header(split_csv_line(line), source, lines.line_number());
  const TimeseriesColumns at = locate_timeseries_columns(header, profile);

  return parse_csv_rows<telemetry::Reading>(
      lines, header, source, [&](const std::vector<std::string>& fields) { return parse_timeseries_fields(fields, at, profile); });
}

std::vector<telemetry::Reading> read_timeseries_csv(const std::filesystem::path& path,
                                                    const profiles::SensorProfile& profile) {
  auto in = open_for_reading(path);
  return parse_timeseries_csv(in, source_name(path), profile);
}

}  // namespace aegis::datasets
