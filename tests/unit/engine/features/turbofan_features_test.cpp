#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/features/feature_error.hpp"
#include "engine/features/turbofan_features.hpp"

using aegis::features::FeatureError;
using aegis::features::kTurbofanWindowCycles;
using aegis::features::turbofan_feature_names;
using aegis::features::turbofan_feature_vector;
using aegis::telemetry::Reading;

namespace {

// Values in turbofan profile order: setting1..3 at 0..2, s<k> at k + 2.
constexpr std::size_t kS2 = 4;
constexpr std::size_t kS3 = 5;

Reading cycle_row(std::int64_t cycle, double s2, double s3 = 1590.0) {
  Reading row;
  row.product_id = "FD001";
  row.unit_id = "1";
  row.step_index = cycle;
  row.values.assign(24, 1.0);
  row.values[kS2] = s2;
  row.values[kS3] = s3;
  return row;
}

}  // namespace

TEST_CASE("turbofan features: mean and trend of 14 sensors, then the cycle count", "[features]") {
  const auto names = turbofan_feature_names();
  REQUIRE(names.size() == 29);
  CHECK(names[0] == "s2_mean");
  CHECK(names[1] == "s2_trend");
  CHECK(names[2] == "s3_mean");
  CHECK(names[26] == "s21_mean");
  CHECK(names[27] == "s21_trend");
  CHECK(names[28] == "cycle_count");
  CHECK(kTurbofanWindowCycles == 60);
}

TEST_CASE("a linear sensor has its step as trend; a short history uses every cycle", "[features]") {
  // s2 = 100, 102, 104, 106, 108 over cycles 1..5: mean 104, slope 2.
  // s3 = 1590 constant: mean 1590, slope 0.
  std::vector<Reading> history;
  for (int i = 0; i < 5; ++i) history.push_back(cycle_row(i + 1, 100.0 + 2.0 * i));
  const auto v = turbofan_feature_vector(history);
  REQUIRE(v.size() == 29);
  CHECK(v[0] == Approx(104.0));
  CHECK(v[1] == Approx(2.0));
  CHECK(v[2] == Approx(1590.0));
  CHECK(v[3] == Approx(0.0).margin(1e-12));
  CHECK(v[28] == 5.0);
}

TEST_CASE("only the last 60 cycles count for mean and trend, all cycles for the count", "[features]") {
  // s2 = cycle index 0..69; the window keeps 10..69: mean (10 + 69)/2 = 39.5, slope 1.
  std::vector<Reading> history;
  for (int i = 0; i < 70; ++i) history.push_back(cycle_row(i + 1, i, i < 10 ? 5000.0 : 1590.0));
  const auto v = turbofan_feature_vector(history);
  CHECK(v[0] == Approx(39.5));
  CHECK(v[1] == Approx(1.0));
  CHECK(v[2] == Approx(1590.0));  // the 5000s of cycles 1..10 fell out of the window
  CHECK(v[28] == 70.0);
}

TEST_CASE("one cycle gives its values, zero trend, and a count of 1", "[features]") {
  const std::vector<Reading> history{cycle_row(1, 641.82)};
  const auto v = turbofan_feature_vector(history);
  CHECK(v[0] == 641.82);
  CHECK(v[1] == 0.0);
  CHECK(v[28] == 1.0);
}

TEST_CASE("without cycle numbers the count is the number of rows", "[features]") {
  std::vector<Reading> history;
  for (int i = 0; i < 7; ++i) history.push_back(cycle_row(0, 642.0));
  CHECK(turbofan_feature_vector(history)[28] == 7.0);
}

TEST_CASE("turbofan features refuse an empty history and a row of the wrong width", "[features]") {
  CHECK_THROWS_WITH(turbofan_feature_vector({}), Catch::Contains("history is empty"));
  std::vector<Reading> history{cycle_row(3, 642.0)};
  history[0].values.resize(21);
  CHECK_THROWS_AS(turbofan_feature_vector(history), FeatureError);
  CHECK_THROWS_WITH(turbofan_feature_vector(history),
                    "turbofan row of unit FD001/1 at cycle 3 has 21 values, expected 24");
}

TEST_CASE("turbofan features of FD001 engine 1 match the Python experiment", "[features][data]") {
  const std::filesystem::path path = AEGIS_SHARED_DATA_DIR "/cmapss/train_FD001.txt";
  std::ifstream file(path);
  if (!file) {
    WARN("turbofan feature check skipped: data absent at " << path.string());
    return;
  }
  std::vector<Reading> history;
  std::string line;
  while (std::getline(file, line)) {
    std::istringstream fields(line);
    double unit = 0;
    double cycle = 0;
    fields >> unit >> cycle;
    if (unit != 1.0) break;
    Reading row;
    row.step_index = static_cast<std::int64_t>(cycle);
    double value = 0;
    while (fields >> value) row.values.push_back(value);
    history.push_back(row);
  }
  REQUIRE(history.size() == 192);
  // Reference values printed by the experiment script (numpy, same recipe).
  const auto last = turbofan_feature_vector(history);
  CHECK(last[0] == Approx(643.07699999999943).epsilon(1e-12));
  CHECK(last[1] == Approx(0.018579605446466474).epsilon(1e-9));
  CHECK(last[3] == Approx(0.19076993609324436).epsilon(1e-9));
  CHECK(last[26] == Approx(23.196370000000002).epsilon(1e-12));
  CHECK(last[27] == Approx(-0.0039468185607053020).epsilon(1e-9));
  CHECK(last[28] == 192.0);
  // At cycle 10 the window is the 10 cycles seen so far.
  const auto early = turbofan_feature_vector(std::span<const Reading>(history).first(10));
  CHECK(early[0] == Approx(642.20100000000002).epsilon(1e-12));
  CHECK(early[1] == Approx(-1.8181818185522306e-04).epsilon(1e-6));
  CHECK(early[19] == Approx(-0.84872727272749848).epsilon(1e-9));  // s14_trend
  CHECK(early[28] == 10.0);
}
