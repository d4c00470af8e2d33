#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <sstream>

#include "drivers/datasets/timeseries_csv.hpp"
#include "drivers/simulator/ai4i_physics.hpp"
#include "drivers/simulator/ai4i_timeseries_simulator.hpp"
#include "engine/common/time.hpp"

using namespace aegis::simulator;
using aegis::telemetry::Reading;

namespace {

enum Sensor { kAir, kProcess, kSpeed, kTorque, kWear };

std::string as_csv(const std::vector<Reading>& readings) {
  std::ostringstream out;
  aegis::datasets::write_timeseries_csv(out, readings, "sim.csv");
  return out.str();
}

// The readings of each machine, in order, keyed by unit id.
std::map<std::string, std::vector<Reading>> by_unit(const std::vector<Reading>& readings) {
  std::map<std::string, std::vector<Reading>> units;
  for (const auto& reading : readings) units[reading.unit_id].push_back(reading);
  return units;
}

bool meets_condition(const std::string& failure_type, const Reading& r) {
  const auto& v = r.values;
  if (failure_type == "Heat Dissipation Failure") return heat_dissipation_condition(v[kAir], v[kProcess], v[kSpeed]);
  if (failure_type == "Power Failure") return power_condition(v[kTorque], v[kSpeed]);
  if (failure_type == "Overstrain Failure") return overstrain_condition(r.engine_type, v[kWear], v[kTorque]);
  if (failure_type == "Tool Wear Failure") return v[kWear] >= kToolLifeMinMin && v[kWear] <= kToolLifeMaxMin;
  return false;
}

bool meets_any_condition(const Reading& r) {
  for (const char* type : {"Heat Dissipation Failure", "Power Failure", "Overstrain Failure"}) {
    if (meets_condition(type, r)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("Time-series simulation is deterministic for a seed", "[simulator][timeseries]") {
  const auto a = as_csv(simulate_timeseries({.seed = 11, .machines = 40}));
  CHECK(a == as_csv(simulate_timeseries({.seed = 11, .machines = 40})));
  CHECK(a != as_csv(simulate_timeseries({.seed = 12, .machines = 40})));
}

TEST_CASE("A machine's series does not depend on the size of the fleet", "[simulator][timeseries]") {
  const auto small = by_unit(simulate_timeseries({.seed = 5, .machines = 10, .failure_share = 0.0}));
  const auto large = by_unit(simulate_timeseries({.seed = 5, .machines = 20, .failure_share = 0.0}));
  // Unit ids are the same width (3 digits) for both fleets.
  REQUIRE(small.count("UNIT_004") == 1);
  const auto& a = small.at("UNIT_004");
  const auto& b = large.at("UNIT_004");
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].values == b[i].values);
}

TEST_CASE("The default fleet has the seed's shape", "[simulator][timeseries]") {
  const TimeSeriesOptions options;
  const auto readings = simulate_timeseries(options);
  const auto units = by_unit(readings);
  REQUIRE(units.size() == 400);
  CHECK(units.begin()->first == "UNIT_001");
  CHECK(units.rbegin()->first == "UNIT_400");

  std::map<std::string, int> modes;
  std::set<std::string> products;
  double gap_sum = 0.0;
  for (const auto& [unit, series] : units) {
    REQUIRE(series.size() >= 60);
    REQUIRE(series.size() <= 120);
    const Reading& last = series.back();
    products.insert(last.product_id);
    CHECK(last.product_id.substr(0, 1) == last.engine_type);
    const bool failing = last.labels.is_failure == 1;
    const std::string mode = *last.labels.failure_type;
    if (failing) ++modes[mode];
    std::size_t first_marked = series.size();
    for (std::size_t step = 0; step < series.size(); ++step) {
      const Reading& r = series[step];
      REQUIRE(r.step_index == static_cast<std::int64_t>(step));
      REQUIRE(r.timestamp == options.start + std::chrono::hours(step));
      REQUIRE(r.values.size() == 5);
      REQUIRE(r.values[kTorque] >= 0.0);
      REQUIRE(r.values[kWear] >= 0.0);
      gap_sum += r.values[kProcess] - r.values[kAir];
      const double remaining = static_cast<double>(series.size() - 1 - step);
      if (failing) {
        REQUIRE(r.labels.rul == remaining);
      } else {
        REQUIRE(r.labels.rul == remaining + options.healthy_rul_margin);
      }
      if (r.labels.is_failure == 1) {
        first_marked = std::min(first_marked, step);
        REQUIRE(r.labels.failure_type == mode);
      } else {
        REQUIRE(r.labels.is_failure == 0);
        REQUIRE(r.labels.failure_type == "No Failure");
        // Readings outside a failure window stay clear of every condition.
        INFO(unit << " step " << step);
        REQUIRE_FALSE(meets_any_condition(r));
      }
    }
    if (failing) {
      INFO(unit << " (" << last.engine_type << ") fails by " << mode);
      CHECK(meets_condition(mode, last));
      // The window is the last 5-50 % of the steps and marked throughout.
      const std::size_t window = series.size() - first_marked;
      CHECK(window >= static_cast<std::size_t>(0.05 * series.size()) - 1);
      CHECK(window <= static_cast<std::size_t>(0.5 * series.size()) + 1);
      for (std::size_t step = first_marked; step < series.size(); ++step) CHECK(series[step].labels.is_failure == 1);
    }
  }
  CHECK(products.size() == 400);
  CHECK(modes["Heat Dissipation Failure"] == 30);
  CHECK(modes["Power Failure"] == 30);
  CHECK(modes["Overstrain Failure"] == 30);
  CHECK(modes["Tool Wear Failure"] == 30);
  CHECK(gap_sum / static_cast<double>(readings.size()) == Approx(10.0).margin(0.3));
}

TEST_CASE("Failing machines drift toward their failure", "[simulator][timeseries]") {
  const auto units = by_unit(simulate_timeseries({.seed = 9, .machines = 60, .min_steps = 80, .failure_share = 0.5}));
  int checked = 0;
  for (const auto& [unit, series] : units) {
    const Reading& last = series.back();
    if (last.labels.is_failure != 1) continue;
    const std::string mode = *last.labels.failure_type;
    const Reading& early = series.front();
    INFO(unit << " fails by " << mode);
    if (mode == "Heat Dissipation Failure") {
      CHECK(last.values[kProcess] - last.values[kAir] < early.values[kProcess] - early.values[kAir]);
    } else if (mode == "Overstrain Failure") {
      CHECK(last.values[kWear] * last.values[kTorque] > early.values[kWear] * early.values[kTorque]);
    } else if (mode == "Tool Wear Failure") {
      CHECK(last.values[kWear] >= kToolLifeMinMin);
    }
    ++checked;
  }
  CHECK(checked == 30);
}

TEST_CASE("Labelling only the final step is an option", "[simulator][timeseries]") {
  const auto units = by_unit(
      simulate_timeseries({.seed = 4, .machines = 8, .failure_share = 1.0, .label_whole_window = false}));
  for (const auto& [unit, series] : units) {
    CHECK(series.back().labels.is_failure == 1);
    CHECK(series.back().labels.rul == 0.0);
    CHECK(series[series.size() - 2].labels.is_failure == 0);
  }
}

TEST_CASE("Simulated series round trip through the time-series CSV", "[simulator][timeseries]") {
  const auto readings = simulate_timeseries({.seed = 2, .machines = 12});
  std::istringstream in(as_csv(readings));
  const auto back = aegis::datasets::parse_timeseries_csv(in, "sim.csv");
  REQUIRE(back.size() == readings.size());
  for (std::size_t i = 0; i < readings.size(); ++i) {
    REQUIRE(back[i].product_id == readings[i].product_id);
    REQUIRE(back[i].unit_id == readings[i].unit_id);
    REQUIRE(back[i].timestamp == readings[i].timestamp);
    REQUIRE(back[i].step_index == readings[i].step_index);
    REQUIRE(back[i].engine_type == readings[i].engine_type);
    REQUIRE(back[i].values == readings[i].values);
    REQUIRE(back[i].labels.is_failure == readings[i].labels.is_failure);
    REQUIRE(back[i].labels.failure_type == readings[i].labels.failure_type);
    REQUIRE(back[i].labels.rul == readings[i].labels.rul);
  }
}

TEST_CASE("Inconsistent simulation options are refused", "[simulator][timeseries]") {
  CHECK_THROWS_WITH(simulate_timeseries({.min_steps = 0}), "min_steps must be at least 1");
  CHECK_THROWS_WITH(simulate_timeseries({.min_steps = 50, .max_steps = 40}), "max_steps must be at least min_steps");
  CHECK_THROWS_WITH(simulate_timeseries({.failure_share = 1.5}), "failure_share must be between 0 and 1");
  CHECK(simulate_timeseries({.machines = 0}).empty());
}
