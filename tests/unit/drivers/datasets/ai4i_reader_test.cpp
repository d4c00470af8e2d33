#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <sstream>

#include "drivers/datasets/ai4i_reader.hpp"
#include "drivers/datasets/ai4i_writer.hpp"
#include "drivers/datasets/dataset_error.hpp"
#include "tests/support/temp_dir.hpp"

using aegis::datasets::Ai4iRow;
using aegis::datasets::DatasetError;
using aegis::datasets::parse_ai4i;
using aegis::datasets::read_ai4i;

namespace {

const std::string kHeader =
    "UDI,Product ID,Type,Air temperature [K],Process temperature [K],Rotational speed [rpm],Torque [Nm],"
    "Tool wear [min],Target,Failure Type\n";

std::vector<Ai4iRow> parse_text(const std::string& text) {
  std::istringstream in(text);
  return parse_ai4i(in, "ai4i2020.csv");
}

}  // namespace

TEST_CASE("The AI4I reader copes with the byte-order mark and Windows line ends", "[datasets][ai4i]") {
  const auto rows = parse_text("\xEF\xBB\xBF" + kHeader + "1,M14860,M,298.1,308.6,1551,42.8,0,0,No Failure\r\n" +
                               "2,L47181,L,298.2,308.7,1408,46.3,3,1,Power Failure\r\n\r\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].udi == 1);
  CHECK(rows[0].product_id == "M14860");
  CHECK(rows[0].type == "M");
  CHECK(rows[0].air_temperature_K == 298.1);
  CHECK(rows[0].process_temperature_K == 308.6);
  CHECK(rows[0].rotational_speed_rpm == 1551.0);
  CHECK(rows[0].torque_Nm == 42.8);
  CHECK(rows[0].tool_wear_min == 0.0);
  CHECK(rows[0].target == 0);
  CHECK(rows[0].failure_type == "No Failure");
  CHECK(rows[1].target == 1);
  CHECK(rows[1].failure_type == "Power Failure");
  CHECK(aegis::datasets::sensor_values(rows[1]) == std::vector<double>{298.2, 308.7, 1408.0, 46.3, 3.0});
}

TEST_CASE("The AI4I reader finds columns by name", "[datasets][ai4i]") {
  const auto rows = parse_text(
      "Failure Type,Target,Tool wear [min],Torque [Nm],Rotational speed [rpm],Process temperature [K],"
      "Air temperature [K],Type,Product ID,UDI,Extra\nNo Failure,0,7,40.1,1500,310.2,300.3,H,H29424,11,x\n");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].udi == 11);
  CHECK(rows[0].type == "H");
  CHECK(rows[0].torque_Nm == 40.1);
  CHECK(rows[0].air_temperature_K == 300.3);
}

TEST_CASE("The AI4I reader names the file, line and field at fault", "[datasets][ai4i]") {
  const std::string good = "1,M14860,M,298.1,308.6,1551,42.8,0,0,No Failure\n";
  CHECK_THROWS_WITH(parse_text(""), "ai4i2020.csv: empty file, expected the AI4I header");
  CHECK_THROWS_WITH(parse_text("UDI,Product ID,Type,Air temperature [K],Process temperature [K],"
                               "Rotational speed [rpm],Tool wear [min],Target,Failure Type\n"),
                    "ai4i2020.csv:1: missing column 'Torque [Nm]'");
  CHECK_THROWS_WITH(parse_text(kHeader + good + "2,L47181,L,298.2,308.7,1408,abc,3,0,No Failure\n"),
                    "ai4i2020.csv:3: Torque [Nm] is not a number: 'abc'");
  CHECK_THROWS_WITH(parse_text(kHeader + good + good + "2,L47181,L,298.2,308.7,1408,46.3,3,0\n"),
                    "ai4i2020.csv:4: expected 10 fields, found 9");
  CHECK_THROWS_WITH(parse_text(kHeader + "2,L47181,L,inf,308.7,1408,46.3,3,0,No Failure\n"),
                    "ai4i2020.csv:2: Air temperature [K] is not finite: 'inf'");
  CHECK_THROWS_WITH(parse_text(kHeader + "x,L47181,L,298.2,308.7,1408,46.3,3,0,No Failure\n"),
                    "ai4i2020.csv:2: UDI is not an integer: 'x'");
  CHECK_THROWS_WITH(parse_text(kHeader + "2,L47181,L,298.2,308.7,1408,46.3,3,2,No Failure\n"),
                    "ai4i2020.csv:2: Target must be 0 or 1: '2'");
  // Blank lines still count, so the number matches what an editor shows.
  CHECK_THROWS_WITH(parse_text(kHeader + "\n\n" + "2,L47181,L,298.2,308.7,nope,46.3,3,0,No Failure\n"),
                    "ai4i2020.csv:4: Rotational speed [rpm] is not a number: 'nope'");
}

TEST_CASE("A missing AI4I file is reported with its path", "[datasets][ai4i]") {
  aegis::test::TempDir dir;
  const auto path = dir / "absent.csv";
  CHECK_THROWS_WITH(read_ai4i(path), path.string() + ": cannot open for reading: No such file or directory");
}

TEST_CASE("The AI4I writer output reads back identically, with or without BOM", "[datasets][ai4i]") {
  const std::vector<Ai4iRow> rows = {
      {1, "M14860", "M", 298.1, 308.6, 1551, 42.8, 0, 0, "No Failure"},
      {2, "L47181", "L", 298.2, 308.7, 1408, 46.3, 3, 1, "Heat Dissipation Failure"}};
  aegis::test::TempDir dir;
  for (const bool bom : {false, true}) {
    const auto path = dir / "written.csv";
    aegis::datasets::write_ai4i(path, rows, {.byte_order_mark = bom});
    const std::string text = aegis::test::read_file(path);
    CHECK(text.rfind(bom ? "\xEF\xBB\xBFUDI," : "UDI,", 0) == 0);
    CHECK(text.find("\n1,M14860,M,298.1,308.6,1551,42.8,0,0,No Failure\n") != std::string::npos);
    const auto back = read_ai4i(path);
    REQUIRE(back.size() == 2);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      CHECK(back[i].udi == rows[i].udi);
      CHECK(back[i].product_id == rows[i].product_id);
      CHECK(aegis::datasets::sensor_values(back[i]) == aegis::datasets::sensor_values(rows[i]));
      CHECK(back[i].target == rows[i].target);
      CHECK(back[i].failure_type == rows[i].failure_type);
    }
  }
}

TEST_CASE("The AI4I writer refuses fields it cannot write unquoted", "[datasets][ai4i]") {
  std::ostringstream out;
  const std::vector<Ai4iRow> rows = {{1, "M1,4860", "M", 298.1, 308.6, 1551, 42.8, 0, 0, "No Failure"}};
  CHECK_THROWS_WITH(aegis::datasets::write_ai4i(out, rows, "out.csv"),
                    "out.csv:2: Product ID cannot be written unquoted: 'M1,4860'");
}

TEST_CASE("The published AI4I file reads completely", "[datasets][ai4i][data]") {
  const std::filesystem::path path = AEGIS_SHARED_DATA_DIR "/ai4i2020/ai4i2020.csv";
  if (!std::filesystem::exists(path)) {
    WARN("ai4i2020.csv skipped: data absent at " << path);
    return;
  }
  const auto rows = read_ai4i(path);
  REQUIRE(rows.size() == 10000);
  CHECK(rows.front().udi == 1);
  CHECK(rows.front().product_id == "M14860");
  CHECK(aegis::datasets::sensor_values(rows.front()) == std::vector<double>{298.1, 308.6, 1551, 42.8, 0});
  CHECK(rows.back().udi == 10000);
  CHECK(rows.back().product_id == "M24859");
  CHECK(aegis::datasets::sensor_values(rows.back()) == std::vector<double>{299, 308.7, 1500, 40.2, 30});
  std::map<std::string, int> types;
  int failures = 0;
  for (const auto& row : rows) {
    failures += row.target;
    ++types[row.failure_type];
  }
  CHECK(failures == 339);
  CHECK(types["No Failure"] == 9652);
  CHECK(types["Heat Dissipation Failure"] == 112);
  CHECK(types["Power Failure"] == 95);
  CHECK(types["Overstrain Failure"] == 78);
  CHECK(types["Tool Wear Failure"] == 45);
  CHECK(types["Random Failures"] == 18);
}
