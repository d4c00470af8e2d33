#pragma once
// The seed's per-machine telemetry layout as CSV, one reading per line:
//   product_id,unit_id,timestamp,step_index,engine_type,<profile sensors>,
//   is_failure,failure_type,synthetic_RUL
// (for the ai4i profile exactly the seed's telemetry table; a profile without
// an engine type has no engine_type column). Empty label cells mean "absent".
#include <filesystem>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "drivers/datasets/csv_header.hpp"

#include "engine/profiles/sensor_profile.hpp"
#include "engine/telemetry/reading.hpp"

namespace aegis::datasets {

std::vector<std::string> timeseries_columns(const profiles::SensorProfile& profile = profiles::ai4i_profile());

// Timestamps are written ISO 8601 with offset ("2024-01-01T00:00:00+00:00"),
// numbers in their shortest exact form. Throws DatasetError "<source>:<line>:
// ..." for a reading whose value count does not match the profile, a
// non-finite value, or a text field holding a comma, quote or line break.
void write_timeseries_csv(std::ostream& out, const std::vector<telemetry::Reading>& readings,
                          const std::string& source, const profiles::SensorProfile& profile = profiles::ai4i_profile());
void write_timeseries_csv(const std::filesystem::path& path, const std::vector<telemetry::Reading>& readings,
                          const profiles::SensorProfile& profile = profiles::ai4i_profile());

// Columns are found by name; the label columns may be missing (then every
// label is absent), and `rul` is accepted for synthetic_RUL. Timestamps may be
// naive (UTC), Z or with an offset. Throws DatasetError naming file and line,
// e.g. "telemetry.csv:1: missing column 'torque_Nm'",
// "telemetry.csv:9: timestamp is not ISO 8601: 'yesterday'".
std::vector<telemetry::Reading> parse_timeseries_csv(std::istream& in, const std::string& source,
                                                     const profiles::SensorProfile& profile = profiles::ai4i_profile());
// Where each field of the layout sits in one file, for readers that parse
// line by line and carry on past a bad line (imports).
struct TimeseriesColumns {
  std::size_t product_id = 0, unit_id = 0, timestamp = 0, step_index = 0;
  std::optional<std::size_t> engine_type;
  std::vector<std::size_t> sensors;
  std::optional<std::size_t> is_failure, failure_type, rul;
};
// Throws DatasetError "<source>:<line>: missing column '<name>'".
TimeseriesColumns locate_timeseries_columns(const CsvHeader& header,
                                            const profiles::SensorProfile& profile = profiles::ai4i_profile());
// One data line's fields (as many as the header has); throws FieldError for
// a field that cannot be read.
telemetry::Reading parse_timeseries_fields(const std::vector<std::string>& fields, const TimeseriesColumns& at,
                                           const profiles::SensorProfile& profile = profiles::ai4i_profile());

std::vector<telemetry::Reading> read_timeseries_csv(const std::filesystem::path& path,
                                                    const profiles::SensorProfile& profile = profiles::ai4i_profile());

}  // namespace aegis::datasets
