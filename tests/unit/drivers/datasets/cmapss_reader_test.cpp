#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <sstream>

#include "drivers/datasets/cmapss_reader.hpp"
#include "drivers/datasets/dataset_error.hpp"
#include "engine/common/time.hpp"

using aegis::datasets::CmapssRow;
using aegis::datasets::parse_cmapss;
using aegis::datasets::parse_cmapss_rul;

namespace {

const std::string kLine1 =
    "1 1 -0.0007 -0.0004 100.0 518.67 641.82 1589.70 1400.60 14.62 21.61 554.36 2388.06 9046.19 1.30 47.47 "
    "521.66 2388.02 8138.62 8.4195 0.03 392 2388 100.00 39.06 23.4190  \n";

std::vector<CmapssRow> parse_text(const std::string& text) {
  std::istringstream in(text);
  return parse_cmapss(in, "train_FD001.txt");
}

std::vector<int> parse_rul_text(const std::string& text) {
  std::istringstream in(text);
  return parse_cmapss_rul(in, "RUL_FD001.txt");
}

// A unit's rows with cycles 1..n and sensor s1 = cycle, for label checks.
std::vector<CmapssRow> unit_rows(int unit, int cycles) {
  std::vector<CmapssRow> rows;
  for (int cycle = 1; cycle <= cycles; ++cycle) {
    CmapssRow row;
    row.unit = unit;
    row.cycle = cycle;
    row.sensors[0] = cycle;
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST_CASE("C-MAPSS rows parse with trailing blanks", "[datasets][cmapss]") {
  const auto rows = parse_text(kLine1 + "\r\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].unit == 1);
  CHECK(rows[0].cycle == 1);
  CHECK(rows[0].settings == std::array<double, 3>{-0.0007, -0.0004, 100.0});
  CHECK(rows[0].sensors[0] == 518.67);
  CHECK(rows[0].sensors[20] == 23.4190);
}

TEST_CASE("C-MAPSS errors name the file, line and field", "[datasets][cmapss]") {
  CHECK_THROWS_WITH(parse_text(kLine1 + "1 2 0.1 0.2\n"), "train_FD001.txt:2: expected 26 numbers, found 4");
  std::string bad_sensor = kLine1;
  bad_sensor.replace(bad_sensor.find("641.82"), 6, "x41.82");
  CHECK_THROWS_WITH(parse_text(kLine1 + bad_sensor), "train_FD001.txt:2: s2 is not a number: 'x41.82'");
  std::string bad_cycle = kLine1;
  bad_cycle.replace(0, 3, "1 0");
  CHECK_THROWS_WITH(parse_text(bad_cycle), "train_FD001.txt:1: cycle must be a positive integer: '0'");
  std::string bad_unit = kLine1;
  bad_unit.replace(0, 1, "u");
  CHECK_THROWS_WITH(parse_text(bad_unit), "train_FD001.txt:1: unit is not an integer: 'u'");
  std::string bad_setting = kLine1;
  bad_setting.replace(bad_setting.find("100.0 "), 5, "nan  ");
  CHECK_THROWS_WITH(parse_text(bad_setting), "train_FD001.txt:1: setting3 is not finite: 'nan'");
}

TEST_CASE("C-MAPSS RUL files hold one non-negative integer per line", "[datasets][cmapss]") {
  CHECK(parse_rul_text("112 \n98\r\n\n69 \n") == std::vector<int>{112, 98, 69});
  CHECK_THROWS_WITH(parse_rul_text("112\n9 8\n"), "RUL_FD001.txt:2: expected 1 number, found 2");
  CHECK_THROWS_WITH(parse_rul_text("112\n98\nabc\n"), "RUL_FD001.txt:3: RUL is not an integer: 'abc'");
  CHECK_THROWS_WITH(parse_rul_text("-1\n"), "RUL_FD001.txt:1: RUL must be a non-negative integer: '-1'");
}

TEST_CASE("C-MAPSS training readings count remaining cycles, capped", "[datasets][cmapss]") {
  auto rows = unit_rows(1, 200);
  const auto second = unit_rows(2, 3);
  rows.insert(rows.end(), second.begin(), second.end());
  const auto readings = aegis::datasets::cmapss_training_readings(rows);
  REQUIRE(readings.size() == 203);
  const auto& first = readings[0];
  CHECK(first.product_id == "FD001");
  CHECK(first.unit_id == "engine_001");
  CHECK(first.step_index == 1);
  CHECK(aegis::time::format_iso8601(first.timestamp) == "2024-01-01T01:00:00+00:00");
  CHECK(first.values.size() == 24);
  CHECK(first.values[3] == 1.0);  // s1
  CHECK(first.engine_type.empty());
  CHECK(first.labels.rul == 125.0);
  CHECK_FALSE(first.labels.is_failure.has_value());
  CHECK(readings[99].labels.rul == 100.0);  // cycle 100 of 200
  CHECK(readings[199].labels.rul == 0.0);
  CHECK(readings[200].unit_id == "engine_002");
  CHECK(readings[200].labels.rul == 2.0);
  CHECK(aegis::time::format_iso8601(readings[202].timestamp) == "2024-01-01T03:00:00+00:00");

  const auto uncapped = aegis::datasets::cmapss_training_readings(rows, {.product_id = "FD001", .rul_cap = 0});
  CHECK(uncapped[0].labels.rul == 199.0);
}

TEST_CASE("C-MAPSS test readings add the truth RUL", "[datasets][cmapss]") {
  const auto rows = unit_rows(1, 31);
  const auto readings = aegis::datasets::cmapss_test_readings(rows, {112}, {.rul_cap = 0});
  CHECK(readings.back().labels.rul == 112.0);
  CHECK(readings.front().labels.rul == 142.0);
  CHECK(aegis::datasets::cmapss_test_readings(rows, {112}).front().labels.rul == 125.0);
  CHECK_THROWS_WITH(aegis::datasets::cmapss_test_readings(unit_rows(2, 1), {112}),
                    "no true RUL for engine 2 (the truth file has 1 values)");
}

TEST_CASE("The published C-MAPSS FD001 files read completely", "[datasets][cmapss][data]") {
  const std::filesystem::path dir = AEGIS_SHARED_DATA_DIR "/cmapss";
  if (!std::filesystem::exists(dir / "train_FD001.txt") || !std::filesystem::exists(dir / "test_FD001.txt") ||
      !std::filesystem::exists(dir / "RUL_FD001.txt")) {
    WARN("C-MAPSS FD001 skipped: data absent under " << dir);
    return;
  }
  const auto train = aegis::datasets::read_cmapss(dir / "train_FD001.txt");
  REQUIRE(train.size() == 20631);
  std::set<int> units;
  for (const auto& row : train) units.insert(row.unit);
  CHECK(units.size() == 100);
  CHECK(train.front().settings == std::array<double, 3>{-0.0007, -0.0004, 100.0});
  CHECK(train.front().sensors[1] == 641.82);
  CHECK(train.front().sensors[20] == 23.4190);

  const auto test = aegis::datasets::read_cmapss(dir / "test_FD001.txt");
  CHECK(test.size() == 13096);
  CHECK(test.front().settings == std::array<double, 3>{0.0023, 0.0003, 100.0});
  CHECK(test.front().sensors[20] == 23.3735);

  const auto truth = aegis::datasets::read_cmapss_rul(dir / "RUL_FD001.txt");
  REQUIRE(truth.size() == 100);
  CHECK(truth.front() == 112);
  CHECK(truth.back() == 20);

  const auto readings = aegis::datasets::cmapss_training_readings(train);
  REQUIRE(readings.size() == train.size());
  // Engine 1 runs 192 cycles: capped at first, 0 at its last cycle.
  CHECK(readings[0].labels.rul == 125.0);
  CHECK(readings[191].step_index == 192);
  CHECK(readings[191].labels.rul == 0.0);
  CHECK(readings[192].unit_id == "engine_002");
  const auto test_readings = aegis::datasets::cmapss_test_readings(test, truth, {.rul_cap = 0});
  CHECK(test_readings.size() == test.size());
}
