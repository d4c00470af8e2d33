#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "engine/features/failure_mode_features.hpp"
#include "engine/features/feature_error.hpp"

using aegis::features::Ai4iSnapshot;
using aegis::features::failure_mode_class_index;
using aegis::features::failure_mode_feature_names;
using aegis::features::failure_mode_feature_vector;
using aegis::features::FeatureError;
using aegis::features::overstrain_limit_minNm;
using aegis::features::snapshot_from_reading;

TEST_CASE("failure-mode features name the raw sensors, the type and the physics", "[features]") {
  const auto names = failure_mode_feature_names();
  REQUIRE(names.size() == 12);
  CHECK(names[0] == "air_temperature_K");
  CHECK(names[4] == "tool_wear_min");
  CHECK(names[5] == "engine_type_encoded");
  CHECK(names[6] == "power_W");
  CHECK(names[7] == "temperature_gap_K");
  CHECK(names[8] == "strain_minNm");
  CHECK(names[9] == "strain_ratio");
  CHECK(names[10] == "heat_margin_K");
  CHECK(names[11] == "power_margin_W");
}

TEST_CASE("failure-mode features of the AI4I file's first row", "[features]") {
  // UDI 1: M, 298.1 K, 308.6 K, 1551 rpm, 42.8 Nm, 0 min.
  const Ai4iSnapshot s{298.1, 308.6, 1551.0, 42.8, 0.0, "M"};
  const auto v = failure_mode_feature_vector(s);
  REQUIRE(v.size() == failure_mode_feature_names().size());
  CHECK(v[0] == 298.1);
  CHECK(v[3] == 42.8);
  CHECK(v[5] == 2.0);
  // 42.8 Nm x 1551 rpm x 2 pi / 60 = 66382.8 x 0.10471976 = 6951.6 W.
  CHECK(v[6] == Approx(6951.59).margin(0.01));
  CHECK(v[7] == Approx(10.5));
  CHECK(v[8] == 0.0);
  CHECK(v[9] == 0.0);
  // max(10.5 - 8.6, (1551 - 1380) / 100) = max(1.9, 1.71) = 1.9.
  CHECK(v[10] == Approx(1.9));
  // min(6951.59 - 3500, 9000 - 6951.59) = 2048.41.
  CHECK(v[11] == Approx(2048.41).margin(0.01));
}

TEST_CASE("heat margin is negative exactly when gap and speed are both low", "[features]") {
  // gap 8.0 K, 1300 rpm: max(-0.6, -0.8) = -0.6, a heat-dissipation failure.
  Ai4iSnapshot s{300.0, 308.0, 1300.0, 40.0, 0.0, "L"};
  CHECK(failure_mode_feature_vector(s)[10] == Approx(-0.6));
  // gap 8.0 K, 1400 rpm: max(-0.6, 0.2) = 0.2, fast enough to cool.
  s.rotational_speed_rpm = 1400.0;
  CHECK(failure_mode_feature_vector(s)[10] == Approx(0.2));
  // 10 Nm x 1300 rpm = 1361 W, below 3500 W: negative power margin.
  s.rotational_speed_rpm = 1300.0;
  s.torque_Nm = 10.0;
  CHECK(failure_mode_feature_vector(s)[11] < 0.0);
}

TEST_CASE("strain is wear x torque, judged against the variant's overstrain limit", "[features]") {
  // 200 min x 60 Nm = 12,000 minNm: exactly M's limit, above L's, below H's.
  Ai4iSnapshot s{300.0, 310.0, 1400.0, 60.0, 200.0, "M"};
  CHECK(failure_mode_feature_vector(s)[8] == 12000.0);
  CHECK(failure_mode_feature_vector(s)[9] == 1.0);
  s.engine_type = "L";
  CHECK(failure_mode_feature_vector(s)[9] == Approx(12.0 / 11.0));
  s.engine_type = "H";
  CHECK(failure_mode_feature_vector(s)[9] == Approx(12.0 / 13.0));
  CHECK(overstrain_limit_minNm("") == 11000.0);
  CHECK(overstrain_limit_minNm("?") == 11000.0);
}

TEST_CASE("failure-mode classes follow the AI4I Failure Type names", "[features]") {
  CHECK(failure_mode_class_index("No Failure") == 0);
  CHECK(failure_mode_class_index("Heat Dissipation Failure") == 1);
  CHECK(failure_mode_class_index("Power Failure") == 2);
  CHECK(failure_mode_class_index("Overstrain Failure") == 3);
  CHECK(failure_mode_class_index("Tool Wear Failure") == 4);
  CHECK(failure_mode_class_index("Random Failures") == 5);
  CHECK_FALSE(failure_mode_class_index("Random Failure").has_value());
}

TEST_CASE("a snapshot comes from an ai4i reading in profile order", "[features]") {
  aegis::telemetry::Reading r;
  r.product_id = "P";
  r.unit_id = "U";
  r.engine_type = "L";
  r.values = {298.1, 308.6, 1551.0, 42.8, 3.0};
  const auto s = snapshot_from_reading(r);
  CHECK(s.process_temperature_K == 308.6);
  CHECK(s.rotational_speed_rpm == 1551.0);
  CHECK(s.tool_wear_min == 3.0);
  CHECK(s.engine_type == "L");
  r.values.push_back(1.0);
  CHECK_THROWS_AS(snapshot_from_reading(r), FeatureError);
  CHECK_THROWS_WITH(snapshot_from_reading(r), "ai4i snapshot of unit P/U at step 0 has 6 values, expected 5");
}
