#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "drivers/datasets/ai4i_reader.hpp"
#include "drivers/datasets/ai4i_writer.hpp"
#include "drivers/simulator/ai4i_physics.hpp"
#include "drivers/simulator/ai4i_simulator.hpp"

using namespace aegis::simulator;

namespace {

std::string as_csv(const std::vector<aegis::datasets::Ai4iRow>& rows) {
  std::ostringstream out;
  aegis::datasets::write_ai4i(out, rows, "sim.csv");
  return out.str();
}

}  // namespace

TEST_CASE("The AI4I rules hold at their published thresholds", "[simulator][physics]") {
  CHECK(heat_dissipation_condition(300.0, 308.5, 1379.0));
  CHECK_FALSE(heat_dissipation_condition(300.0, 308.7, 1379.0));
  CHECK_FALSE(heat_dissipation_condition(300.0, 308.5, 1380.0));
  CHECK(power_W(40.0, 1500.0) == Approx(6283.19).margin(0.01));
  CHECK(power_condition(10.0, 2000.0));   // 2094 W
  CHECK(power_condition(70.0, 1300.0));   // 9529 W
  CHECK_FALSE(power_condition(40.0, 1500.0));
  CHECK(overstrain_condition("L", 200.0, 55.1));
  CHECK_FALSE(overstrain_condition("M", 200.0, 55.1));
  CHECK(overstrain_limit_minNm("H") == 13000.0);
  CHECK(wear_per_use_min("H") == 5.0);
  CHECK(wear_per_use_min("M") == 3.0);
  CHECK(wear_per_use_min("L") == 2.0);
  CHECK_THROWS_WITH(wear_per_use_min("X"), "product variant must be L, M or H: 'X'");
  // The fitted speed curve matches the published file's speed per torque band.
  // (Mean speed of the file's rows with torque in 20-25, 40-45, 60-65 Nm.)
  CHECK(nominal_speed_rpm(22.5) == Approx(1880).epsilon(0.02));
  CHECK(nominal_speed_rpm(42.5) == Approx(1471).epsilon(0.02));
  CHECK(nominal_speed_rpm(62.5) == Approx(1319).epsilon(0.02));
  CHECK(torque_for_speed_Nm(nominal_speed_rpm(47.5)) == Approx(47.5));
  CHECK(failure_type_name(FailureMode::Random) == "Random Failures");
}

TEST_CASE("Snapshot simulation is deterministic for a seed", "[simulator][snapshot]") {
  const auto a = as_csv(simulate_snapshots({.seed = 7, .rows = 2000}));
  const auto b = as_csv(simulate_snapshots({.seed = 7, .rows = 2000}));
  const auto c = as_csv(simulate_snapshots({.seed = 8, .rows = 2000}));
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("Simulated snapshots look like the published AI4I file", "[simulator][snapshot]") {
  const auto rows = simulate_snapshots({.seed = 42, .rows = 10000});
  REQUIRE(rows.size() == 10000);
  CHECK(rows[0].udi == 1);
  CHECK(rows[0].product_id == rows[0].type + std::to_string(ai4i_serial(rows[0].type, 1)));
  double air = 0.0, gap = 0.0, speed = 0.0, torque = 0.0;
  std::map<std::string, int> types, variants;
  int failures = 0;
  for (const auto& row : rows) {
    air += row.air_temperature_K;
    gap += row.process_temperature_K - row.air_temperature_K;
    speed += row.rotational_speed_rpm;
    torque += row.torque_Nm;
    REQUIRE(row.torque_Nm >= 0.0);
    REQUIRE(row.tool_wear_min >= 0.0);
    REQUIRE(row.tool_wear_min <= kToolLifeMaxMin + 5.0);
    failures += row.target;
    ++types[row.failure_type];
    ++variants[row.type];
    // Labels agree with the rules.
    if (row.failure_type == "Heat Dissipation Failure") {
      CHECK(heat_dissipation_condition(row.air_temperature_K, row.process_temperature_K, row.rotational_speed_rpm));
    }
    if (row.failure_type == "Power Failure") CHECK(power_condition(row.torque_Nm, row.rotational_speed_rpm));
    if (row.failure_type == "Overstrain Failure") CHECK(overstrain_condition(row.type, row.tool_wear_min, row.torque_Nm));
    if (row.failure_type == "Tool Wear Failure") CHECK(row.tool_wear_min >= kToolLifeMinMin);
    if (row.target == 0) {
      CHECK(row.failure_type == "No Failure");
      CHECK_FALSE(power_condition(row.torque_Nm, row.rotational_speed_rpm));
      CHECK_FALSE(overstrain_condition(row.type, row.tool_wear_min, row.torque_Nm));
    }
  }
  const double n = static_cast<double>(rows.size());
  CHECK(air / n == Approx(300.0).margin(0.1));
  CHECK(gap / n == Approx(10.0).margin(0.1));
  CHECK(speed / n == Approx(1538.0).epsilon(0.03));
  CHECK(torque / n == Approx(40.0).margin(0.5));
  CHECK(variants["L"] / n == Approx(0.5).margin(0.03));
  CHECK(variants["H"] / n == Approx(0.2).margin(0.03));
  const double failure_rate = failures / n;
  INFO("failure types: HDF " << types["Heat Dissipation Failure"] << ", PWF " << types["Power Failure"] << ", OSF "
                             << types["Overstrain Failure"] << ", TWF " << types["Tool Wear Failure"] << ", RNF "
                             << types["Random Failures"] << ", rate " << failure_rate);
  CHECK(failure_rate >= 0.02);
  CHECK(failure_rate <= 0.05);
  for (const char* type : {"Heat Dissipation Failure", "Power Failure", "Overstrain Failure", "Tool Wear Failure",
                           "Random Failures"}) {
    CHECK(types[type] > 0);
  }
}

TEST_CASE("Simulated snapshots read back through the AI4I reader", "[simulator][snapshot]") {
  const auto rows = simulate_snapshots({.seed = 3, .rows = 500});
  std::istringstream in(as_csv(rows));
  const auto back = aegis::datasets::parse_ai4i(in, "sim.csv");
  REQUIRE(back.size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    REQUIRE(back[i].product_id == rows[i].product_id);
    REQUIRE(aegis::datasets::sensor_values(back[i]) == aegis::datasets::sensor_values(rows[i]));
    REQUIRE(back[i].failure_type == rows[i].failure_type);
  }
}
