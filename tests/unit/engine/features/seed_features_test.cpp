#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "engine/features/feature_error.hpp"
#include "engine/features/seed_features.hpp"

using aegis::features::FeatureError;
using aegis::features::kSeedWindowRows;
using aegis::features::last_rows;
using aegis::features::seed_feature_names;
using aegis::features::seed_feature_vector;
using aegis::features::vector_from_named;
using aegis::telemetry::Reading;

namespace {

Reading ai4i_row(double air, double process, double rpm, double torque, double wear, std::string type) {
  Reading row;
  row.product_id = "P1";
  row.unit_id = "U7";
  row.engine_type = std::move(type);
  row.values = {air, process, rpm, torque, wear};
  return row;
}

}  // namespace

TEST_CASE("the ai4i seed vector has the 31 names of the seed's models, in order", "[features]") {
  const auto names = seed_feature_names(aegis::profiles::ai4i_profile());
  REQUIRE(names.size() == 31);
  CHECK(names[0] == "air_temperature_K_mean");
  CHECK(names[1] == "air_temperature_K_std");
  CHECK(names[2] == "air_temperature_K_min");
  CHECK(names[3] == "air_temperature_K_max");
  CHECK(names[4] == "air_temperature_K_last");
  CHECK(names[5] == "air_temperature_K_trend");
  CHECK(names[6] == "process_temperature_K_mean");
  CHECK(names[12] == "rotational_speed_rpm_mean");
  CHECK(names[18] == "torque_Nm_mean");
  CHECK(names[24] == "tool_wear_min_mean");
  CHECK(names[29] == "tool_wear_min_trend");
  CHECK(names[30] == "engine_type_encoded");
  CHECK(kSeedWindowRows == 50);
}

TEST_CASE("a profile without the category has no engine_type_encoded", "[features]") {
  const auto names = seed_feature_names(aegis::profiles::turbofan_profile());
  CHECK(names.size() == 24 * 6);
  CHECK(names.back() == "s21_trend");
}

TEST_CASE("the seed vector of a three-row window matches the hand computation", "[features]") {
  const std::vector<Reading> window{
      ai4i_row(300.0, 310.0, 1500.0, 40.0, 0.0, "L"),
      ai4i_row(301.0, 310.5, 1450.0, 42.0, 2.0, "L"),
      ai4i_row(302.5, 311.5, 1400.0, 47.0, 4.0, "M"),
  };
  const auto v = seed_feature_vector(aegis::profiles::ai4i_profile(), window);
  REQUIRE(v.size() == 31);
  // air 300, 301, 302.5: mean 903.5/3; deviations -7/6, -1/6, 4/3; squares
  // 49/36 + 1/36 + 64/36 = 114/36 = 19/6; variance 19/12; slope (7/6 + 4/3)/2 = 1.25.
  CHECK(v[0] == Approx(903.5 / 3.0));
  CHECK(v[1] == Approx(std::sqrt(19.0 / 12.0)));
  CHECK(v[2] == 300.0);
  CHECK(v[3] == 302.5);
  CHECK(v[4] == 302.5);
  CHECK(v[5] == Approx(1.25));
  // process 310, 310.5, 311.5: mean 932/3; deviations -2/3, -1/6, 5/6; squares
  // 16/36 + 1/36 + 25/36 = 7/6; variance 7/12; slope (2/3 + 5/6)/2 = 0.75.
  CHECK(v[6] == Approx(932.0 / 3.0));
  CHECK(v[7] == Approx(std::sqrt(7.0 / 12.0)));
  CHECK(v[11] == Approx(0.75));
  // rpm 1500, 1450, 1400: mean 1450; deviations 50, 0, -50; variance 5000/2; slope -50.
  CHECK(v[12] == Approx(1450.0));
  CHECK(v[13] == Approx(50.0));
  CHECK(v[14] == 1400.0);
  CHECK(v[15] == 1500.0);
  CHECK(v[16] == 1400.0);
  CHECK(v[17] == Approx(-50.0));
  // torque 40, 42, 47: mean 43; squares 9 + 1 + 16 = 26; variance 13; slope (3 + 4)/2 = 3.5.
  CHECK(v[18] == Approx(43.0));
  CHECK(v[19] == Approx(std::sqrt(13.0)));
  CHECK(v[23] == Approx(3.5));
  // wear 0, 2, 4: mean 2; variance (4 + 0 + 4)/2 = 4; slope 2.
  CHECK(v[24] == Approx(2.0));
  CHECK(v[25] == Approx(2.0));
  CHECK(v[28] == 4.0);
  CHECK(v[29] == Approx(2.0));
  // engine type from the last row: M = 2.
  CHECK(v[30] == 2.0);
}

TEST_CASE("a one-row window has std 0 and trend 0", "[features]") {
  const std::vector<Reading> window{ai4i_row(298.1, 308.6, 1551.0, 42.8, 0.0, "H")};
  const auto v = seed_feature_vector(aegis::profiles::ai4i_profile(), window);
  REQUIRE(v.size() == 31);
  for (std::size_t sensor = 0; sensor < 5; ++sensor) {
    const double value = window[0].values[sensor];
    CHECK(v[sensor * 6 + 0] == value);
    CHECK(v[sensor * 6 + 1] == 0.0);
    CHECK(v[sensor * 6 + 2] == value);
    CHECK(v[sensor * 6 + 3] == value);
    CHECK(v[sensor * 6 + 4] == value);
    CHECK(v[sensor * 6 + 5] == 0.0);
  }
  CHECK(v[30] == 0.0);  // H
}

TEST_CASE("of a 60-row history only the last 50 rows count", "[features]") {
  std::vector<Reading> history;
  for (int i = 0; i < 60; ++i) history.push_back(ai4i_row(i, 310.0, 1500.0, 40.0, 2.0 * i, i < 59 ? "H" : "L"));
  const auto window = last_rows(history);
  REQUIRE(window.size() == 50);
  const auto v = seed_feature_vector(aegis::profiles::ai4i_profile(), window);
  // air = 10..59: mean (10 + 59)/2 = 34.5; the sample variance of 50
  // consecutive integers is 50 * 51 / 12 = 212.5; slope 1.
  CHECK(v[0] == Approx(34.5));
  CHECK(v[1] == Approx(std::sqrt(212.5)));
  CHECK(v[2] == 10.0);
  CHECK(v[3] == 59.0);
  CHECK(v[4] == 59.0);
  CHECK(v[5] == Approx(1.0));
  // wear = 20, 22, ..., 118: mean 69, slope 2.
  CHECK(v[24] == Approx(69.0));
  CHECK(v[29] == Approx(2.0));
  CHECK(v[30] == 1.0);  // L, from the last row only
  CHECK(last_rows(window, 80).size() == 50);
}

TEST_CASE("a value that is not finite is left out of its sensor's statistics", "[features]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<Reading> window{
      ai4i_row(300.0, nan, 1500.0, 40.0, 0.0, "L"),
      ai4i_row(302.0, nan, 1500.0, nan, 2.0, "L"),
  };
  const auto v = seed_feature_vector(aegis::profiles::ai4i_profile(), window);
  CHECK(v[0] == Approx(301.0));
  for (std::size_t i = 6; i < 12; ++i) CHECK(v[i] == 0.0);  // no process value at all
  CHECK(v[18] == 40.0);                                     // torque from the one finite value
  CHECK(v[19] == 0.0);
  CHECK(v[22] == 40.0);
}

TEST_CASE("seed features refuse an empty window and a row of the wrong width", "[features]") {
  const auto profile = aegis::profiles::ai4i_profile();
  CHECK_THROWS_WITH(seed_feature_vector(profile, {}), Catch::Contains("window is empty"));
  Reading short_row = ai4i_row(300.0, 310.0, 1500.0, 40.0, 0.0, "L");
  short_row.values.pop_back();
  short_row.step_index = 12;
  const std::vector<Reading> window{short_row};
  CHECK_THROWS_AS(seed_feature_vector(profile, window), FeatureError);
  CHECK_THROWS_WITH(seed_feature_vector(profile, window),
                    "row of unit P1/U7 at step 12 has 4 values, profile ai4i has 5 sensors");
}

TEST_CASE("explicit features: missing names count as 0, unknown names are ignored", "[features]") {
  const std::vector<std::string> names{"a_mean", "a_std", "engine_type_encoded"};
  const std::map<std::string, double> given{{"a_std", 1.5}, {"engine_type_encoded", 2.0}, {"stray", 9.0}};
  CHECK(vector_from_named(names, given) == std::vector<double>{0.0, 1.5, 2.0});
  CHECK(vector_from_named(names, {}) == std::vector<double>{0.0, 0.0, 0.0});
}
