#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/retraining/unit_partition.hpp"

using namespace aegis;
using retraining::UnitRole;

namespace {

std::vector<telemetry::UnitKey> units(int count) {
  std::vector<telemetry::UnitKey> keys;
  for (int i = 0; i < count; ++i) keys.push_back({"P", "U" + std::to_string(i)});
  return keys;
}

std::size_t count(const std::vector<UnitRole>& roles, UnitRole role) {
  return static_cast<std::size_t>(std::count(roles.begin(), roles.end(), role));
}

}  // namespace

TEST_CASE("A unit keeps its role whatever other units exist", "[retraining]") {
  const auto few = retraining::assign_roles(units(50), 0.2, true);
  const auto many = retraining::assign_roles(units(400), 0.2, true);
  for (std::size_t i = 0; i < few.size(); ++i) CHECK(few[i] == many[i]);
  // About a fifth held out, a fifth of the rest for calibration.
  CHECK(count(many, UnitRole::held_out) > 50);
  CHECK(count(many, UnitRole::held_out) < 110);
  CHECK(count(many, UnitRole::calibration) > 35);
  CHECK(count(many, UnitRole::calibration) < 95);
  CHECK(count(retraining::assign_roles(units(400), 0.2, false), UnitRole::calibration) == 0);
}

TEST_CASE("With few units one is held out and one trains", "[retraining]") {
  for (int n = 2; n <= 6; ++n) {
    for (const bool calibrate : {true, false}) {
      const auto roles = retraining::assign_roles(units(n), 0.2, calibrate);
      CHECK(count(roles, UnitRole::held_out) >= 1);
      CHECK(count(roles, UnitRole::fit) >= 1);
    }
  }
  CHECK(retraining::assign_roles(units(1), 0.2, true) == std::vector<UnitRole>{UnitRole::fit});
}

TEST_CASE("Unit positions are fixed hashes of the unit name", "[retraining]") {
  const double a = retraining::unit_position({"P1", "U00"}, "holdout");
  CHECK(a == retraining::unit_position({"P1", "U00"}, "holdout"));
  CHECK(a != retraining::unit_position({"P1", "U00"}, "calibration"));
  CHECK(a >= 0.0);
  CHECK(a < 1.0);
}
