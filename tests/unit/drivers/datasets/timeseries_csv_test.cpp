#include <catch2/catch.hpp>

#include <sstream>

#include "drivers/datasets/dataset_error.hpp"
#include "drivers/datasets/timeseries_csv.hpp"
#include "engine/common/time.hpp"
#include "tests/support/temp_dir.hpp"

using aegis::datasets::parse_timeseries_csv;
using aegis::telemetry::Reading;

namespace {

const std::string kHeader =
    "product_id,unit_id,timestamp,step_index,engine_type,air_temperature_K,process_temperature_K,"
    "rotational_speed_rpm,torque_Nm,tool_wear_min,is_failure,failure_type,synthetic_RUL\n";

std::vector<Reading> parse_text(const std::string& text) {
  std::istringstream in(text);
  return parse_timeseries_csv(in, "telemetry.csv");
}

Reading sample(std::int64_t step) {
  Reading reading;
  reading.product_id = "L47181";
  reading.unit_id = "UNIT_001";
  reading.timestamp = aegis::time::from_epoch_ms(1704067200000 + step * 3600000);
  reading.step_index = step;
  reading.engine_type = "L";
  reading.values = {298.1, 308.6, 1551, 42.8, 0.1 + 0.2};
  reading.labels.is_failure = 0;
  reading.labels.failure_type = "No Failure";
  reading.labels.rul = 87.5;
  return reading;
}

}  // namespace

TEST_CASE("Time-series CSV writes the seed's columns with ISO 8601 timestamps", "[datasets][timeseries]") {
  auto unlabelled = sample(1);
  unlabelled.labels = {};
  std::ostringstream out;
  aegis::datasets::write_timeseries_csv(out, {sample(0), unlabelled}, "out.csv");
  CHECK(out.str() == kHeader +
                         "L47181,UNIT_001,2024-01-01T00:00:00+00:00,0,L,298.1,308.6,1551,42.8,0.30000000000000004,0,"
                         "No Failure,87.5\n"
                         "L47181,UNIT_001,2024-01-01T01:00:00+00:00,1,L,298.1,308.6,1551,42.8,0.30000000000000004,,,\n");
}

TEST_CASE("Time-series CSV round trips readings exactly", "[datasets][timeseries]") {
  std::vector<Reading> readings = {sample(0), sample(1), sample(2)};
  readings[1].labels = {};
  readings[2].labels.is_failure = 1;
  readings[2].labels.failure_type = "Power Failure";
  readings[2].labels.rul = 0.0;
  readings[2].timestamp += std::chrono::milliseconds(250);
  aegis::test::TempDir dir;
  const auto path = dir / "telemetry.csv";
  aegis::datasets::write_timeseries_csv(path, readings);
  const auto back = aegis::datasets::read_timeseries_csv(path);
  REQUIRE(back.size() == readings.size());
  for (std::size_t i = 0; i < readings.size(); ++i) {
    CHECK(back[i].product_id == readings[i].product_id);
    CHECK(back[i].unit_id == readings[i].unit_id);
    CHECK(back[i].timestamp == readings[i].timestamp);
    CHECK(back[i].step_index == readings[i].step_index);
    CHECK(back[i].engine_type == readings[i].engine_type);
    CHECK(back[i].values == readings[i].values);
    CHECK(back[i].labels.is_failure == readings[i].labels.is_failure);
    CHECK(back[i].labels.failure_type == readings[i].labels.failure_type);
    CHECK(back[i].labels.rul == readings[i].labels.rul);
  }
}

TEST_CASE("Time-series CSV reads naive, Z and offset timestamps and pandas-style labels", "[datasets][timeseries]") {
  const auto readings = parse_text(
      kHeader +
      "P,U,2024-01-15T10:00:00,0,M,300,310,1500,40,5,1.0,Heat Dissipation Failure,0.0\n"
      "P,U,2024-01-15T11:00:00Z,1.0,M,300,310,1500,40,5,,,\n"
      "P,U,2024-01-15 14:00:00+02:00,2,M,300,310,1500,40,5,0,No Failure,3\n");
  REQUIRE(readings.size() == 3);
  CHECK(aegis::time::to_epoch_ms(readings[0].timestamp) == 1705312800000);
  CHECK(aegis::time::to_epoch_ms(readings[1].timestamp) == 1705316400000);
  CHECK(aegis::time::to_epoch_ms(readings[2].timestamp) == 1705320000000);
  CHECK(readings[0].labels.is_failure == 1);
  CHECK(readings[0].labels.rul == 0.0);
  CHECK(readings[1].step_index == 1);
  CHECK_FALSE(readings[1].labels.is_failure.has_value());
  CHECK_FALSE(readings[1].labels.failure_type.has_value());
  CHECK_FALSE(readings[1].labels.rul.has_value());
}

TEST_CASE("Time-series CSV label columns are optional and rul is accepted", "[datasets][timeseries]") {
  const auto bare = parse_text(
      "product_id,unit_id,timestamp,step_index,engine_type,air_temperature_K,process_temperature_K,"
      "rotational_speed_rpm,torque_Nm,tool_wear_min\nP,U,2024-01-15T10:00:00Z,0,H,300,310,1500,40,5\n");
  REQUIRE(bare.size() == 1);
  CHECK(bare[0].values == std::vector<double>{300, 310, 1500, 40, 5});
  CHECK_FALSE(bare[0].labels.is_failure.has_value());
  const auto with_rul = parse_text(
      "product_id,unit_id,timestamp,step_index,engine_type,air_temperature_K,process_temperature_K,"
      "rotational_speed_rpm,torque_Nm,tool_wear_min,rul\nP,U,2024-01-15T10:00:00Z,0,H,300,310,1500,40,5,12\n");
  CHECK(with_rul[0].labels.rul == 12.0);
}

TEST_CASE("Time-series CSV errors name the file, line and field", "[datasets][timeseries]") {
  const std::string good = "P,U,2024-01-15T10:00:00Z,0,L,300,310,1500,40,5,0,No Failure,10\n";
  CHECK_THROWS_WITH(parse_text(""), "telemetry.csv: empty file, expected the telemetry header");
  CHECK_THROWS_WITH(parse_text("product_id,unit_id,timestamp,step_index,engine_type,air_temperature_K,"
                               "process_temperature_K,rotational_speed_rpm,tool_wear_min\n"),
                    "telemetry.csv:1: missing column 'torque_Nm'");
  CHECK_THROWS_WITH(parse_text(kHeader + good + "P,U,yesterday,1,L,300,310,1500,40,5,0,No Failure,10\n"),
                    "telemetry.csv:3: timestamp is not ISO 8601: 'yesterday'");
  CHECK_THROWS_WITH(parse_text(kHeader + "P,U,2024-01-15T10:00:00Z,0,L,300,310,1500,40,5,0,No Failure\n"),
                    "telemetry.csv:2: expected 13 fields, found 12");
  CHECK_THROWS_WITH(parse_text(kHeader + "P,U,2024-01-15T10:00:00Z,0,L,300,310,fast,40,5,0,No Failure,10\n"),
                    "telemetry.csv:2: rotational_speed_rpm is not a number: 'fast'");
  CHECK_THROWS_WITH(parse_text(kHeader + "P,U,2024-01-15T10:00:00Z,0,L,300,310,1500,-inf,5,0,No Failure,10\n"),
                    "telemetry.csv:2: torque_Nm is not finite: '-inf'");
  CHECK_THROWS_WITH(parse_text(kHeader + "P,U,2024-01-15T10:00:00Z,0.5,L,300,310,1500,40,5,0,No Failure,10\n"),
                    "telemetry.csv:2: step_index is not an integer: '0.5'");
  CHECK_THROWS_WITH(parse_text(kHeader + "P,U,2024-01-15T10:00:00Z,0,L,300,310,1500,40,5,2,No Failure,10\n"),
                    "telemetry.csv:2: is_failure must be 0 or 1: '2'");
  CHECK_THROWS_WITH(parse_text(kHeader + "P,U,2024-01-15T10:00:00Z,0,L,300,310,1500,40,5,0,No Failure,soon\n"),
                    "telemetry.csv:2: synthetic_RUL is not a number: 'soon'");
  CHECK_THROWS_WITH(parse_text(kHeader + ",U,2024-01-15T10:00:00Z,0,L,300,310,1500,40,5,0,No Failure,10\n"),
                    "telemetry.csv:2: product_id is empty");
}

TEST_CASE("Time-series CSV writer refuses readings it cannot represent", "[datasets][timeseries]") {
  std::ostringstream out;
  auto short_reading = sample(0);
  short_reading.values.pop_back();
  CHECK_THROWS_WITH(aegis::datasets::write_timeseries_csv(out, {sample(0), short_reading}, "out.csv"),
                    "out.csv:3: reading of L47181/UNIT_001 has 4 values, the ai4i profile has 5");
  auto comma = sample(0);
  comma.labels.failure_type = "Power, mostly";
  CHECK_THROWS_WITH(aegis::datasets::write_timeseries_csv(out, {comma}, "out.csv"),
                    "out.csv:2: failure_type cannot be written unquoted: 'Power, mostly'");
  auto broken = sample(0);
  broken.values[3] = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(aegis::datasets::write_timeseries_csv(out, {broken}, "out.csv"),
                    "out.csv:2: torque_Nm is not finite: inf");
}

TEST_CASE("Time-series CSV follows the turbofan profile's sensors", "[datasets][timeseries]") {
  const auto profile = aegis::profiles::turbofan_profile();
  const auto columns = aegis::datasets::timeseries_columns(profile);
  REQUIRE(columns.size() == 4 + 24 + 3);
  CHECK(columns[4] == "setting1");
  CHECK(columns[27] == "s21");
  Reading reading;
  reading.product_id = "FD001";
  reading.unit_id = "engine_001";
  reading.step_index = 1;
  reading.values.assign(24, 1.5);
  reading.labels.rul = 125;
  std::stringstream io;
  aegis::datasets::write_timeseries_csv(io, {reading}, "fd001.csv", profile);
  const auto back = aegis::datasets::parse_timeseries_csv(io, "fd001.csv", profile);
  REQUIRE(back.size() == 1);
  CHECK(back[0].values == reading.values);
  CHECK(back[0].labels.rul == 125.0);
}
