#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <iomanip>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/features/feature_error.hpp"
#include "engine/features/seed_features.hpp"
#include "engine/streaming/running_window.hpp"

using aegis::features::FeatureError;
using aegis::features::kSeedWindowRows;
using aegis::features::last_rows;
using aegis::features::seed_feature_names;
using aegis::features::seed_feature_vector;
using aegis::profiles::SensorProfile;
using aegis::streaming::RunningWindow;
using aegis::telemetry::Reading;

namespace {

Reading row_of(std::string unit, std::vector<double> values, std::string type = "M", std::int64_t step = 0) {
  Reading row;
  row.product_id = "P1";
  row.unit_id = std::move(unit);
  row.step_index = step;
  row.engine_type = std::move(type);
  row.values = std::move(values);
  return row;
}

// Within 1e-9 relative, or 1e-12 of the sensor's range in the window (plus
// 1e-12) for values at or near 0: a trend or a std of 0 in one and a rounding
// residue in the other.
bool close(double expected, double actual, double range) {
  if (expected == actual) return true;
  const double tolerance = 1e-9 * std::max(std::fabs(expected), std::fabs(actual)) + 1e-12 * (1.0 + range);
  return std::fabs(expected - actual) <= tolerance;
}

// Compares the running window with the seed's vector over the same rows and
// reports the first feature that differs.
void require_parity(const RunningWindow& window, const std::vector<Reading>& history, const std::string& where) {
  const auto expected = seed_feature_vector(window.profile(), last_rows(history, window.capacity()));
  const auto actual = window.features();
  REQUIRE(actual.size() == expected.size());
  const auto names = seed_feature_names(window.profile());
  const std::size_t stats = aegis::features::kSeedStatNames.size();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const std::size_t first = i - i % stats;  // this sensor's mean; min and max follow at +2, +3
    const double range = first + 3 < expected.size() ? expected[first + 3] - expected[first + 2] : 0.0;
    if (close(expected[i], actual[i], range)) continue;
    INFO(where << ", " << names[i] << std::setprecision(17) << ": seed " << expected[i] << ", running " << actual[i]);
    FAIL("running window differs from the seed vector");
  }
}

// A sensor whose level, noise and behaviour change now and then: flat
// levels with tiny noise at large offsets, step changes, ramps, exact
// repeats, and (rarely) a value that is not finite.
class SensorSignal {
 public:
  explicit SensorSignal(std::mt19937_64& rng) : rng_(rng) { pick_regime(); }

  double next() {
    if (uniform(0, 1) < 0.01) pick_regime();
    if (uniform(0, 1) < 0.005) return std::numeric_limits<double>::quiet_NaN();
    if (uniform(0, 1) < 0.002) return std::numeric_limits<double>::infinity();
    level_ += ramp_;
    if (constant_) return level_;
    return level_ + noise_ * uniform(-1, 1);
  }

 private:
  double uniform(double low, double high) { return std::uniform_real_distribution<double>(low, high)(rng_); }

  void pick_regime() {
    const double magnitudes[] = {0.0, 1.0, 300.0, 1500.0, 1e3, 1e5, -40.0};
    const double noises[] = {1e-6, 1e-3, 0.1, 10.0};
    level_ = magnitudes[std::uniform_int_distribution<int>(0, 6)(rng_)] + uniform(-1, 1);
    noise_ = noises[std::uniform_int_distribution<int>(0, 3)(rng_)];
    ramp_ = uniform(0, 1) < 0.3 ? uniform(-1, 1) : 0.0;
    constant_ = uniform(0, 1) < 0.1;
  }

  std::mt19937_64& rng_;
  double level_ = 0.0;
  double noise_ = 0.0;
  double ramp_ = 0.0;
  bool constant_ = false;
};

void run_parity(const SensorProfile& profile, std::uint64_t seed, int units, int rows_per_unit) {
  std::mt19937_64 rng(seed);
  const char* types[] = {"L", "M", "H", "", "x"};
  for (int unit = 0; unit < units; ++unit) {
    const std::string unit_id = "U" + std::to_string(unit);
    std::vector<SensorSignal> signals;
    for (std::size_t s = 0; s < profile.sensors.size(); ++s) signals.emplace_back(rng);
    std::vector<Reading> history;
    RunningWindow window(profile);
    for (int step = 0; step < rows_per_unit; ++step) {
      std::vector<double> values;
      for (auto& signal : signals) values.push_back(signal.next());
      history.push_back(row_of(unit_id, std::move(values), types[step % 5], step));
      window.push(history.back());
      REQUIRE(window.size() == std::min<std::size_t>(history.size(), kSeedWindowRows));
      require_parity(window, history, profile.name + " unit " + unit_id + " step " + std::to_string(step));

      if (step == rows_per_unit / 2) {  // a daemon restart, reloading from the store
        RunningWindow restarted(profile);
        restarted.load(history);
        REQUIRE(restarted.size() == kSeedWindowRows);
        require_parity(restarted, history, "after load at step " + std::to_string(step));
        window = restarted;
      }
    }
  }
}

}  // namespace

TEST_CASE("the running window equals the seed vector after every push (ai4i)", "[streaming]") {
  run_parity(aegis::profiles::ai4i_profile(), 20261125, 4, 1500);
}

TEST_CASE("the running window equals the seed vector after every push (turbofan)", "[streaming]") {
  run_parity(aegis::profiles::turbofan_profile(), 7, 2, 700);
}

TEST_CASE("the running window names the seed's 31 features", "[streaming]") {
  const RunningWindow window(aegis::profiles::ai4i_profile());
  CHECK(window.capacity() == 50);
  CHECK(window.feature_names() == seed_feature_names(aegis::profiles::ai4i_profile()));
  CHECK(window.feature_names().size() == 31);
}

TEST_CASE("a one-row window has std and trend 0 and the row as mean, min, max and last", "[streaming]") {
  RunningWindow window(aegis::profiles::ai4i_profile());
  window.push(row_of("U1", {298.1, 308.6, 1551.0, 42.8, 0.0}, "L"));
  const auto v = window.features();
  REQUIRE(v.size() == 31);
  CHECK(v[6] == 308.6);    // process_temperature_K_mean
  CHECK(v[12] == 1551.0);  // rotational_speed_rpm_mean
  CHECK(v[13] == 0.0);     // rotational_speed_rpm_std
  CHECK(v[14] == 1551.0);  // _min
  CHECK(v[15] == 1551.0);  // _max
  CHECK(v[16] == 1551.0);  // _last
  CHECK(v[17] == 0.0);     // _trend
  CHECK(v[30] == 1.0);     // engine_type_encoded, L
}

TEST_CASE("a two-row window gives the exact sample std and slope", "[streaming]") {
  RunningWindow window(aegis::profiles::ai4i_profile());
  window.push(row_of("U1", {298.0, 308.0, 1500.0, 40.0, 10.0}, "L"));
  window.push(row_of("U1", {299.0, 308.0, 1504.0, 41.0, 12.0}, "H"));
  const auto v = window.features();
  CHECK(v[0] == 298.5);                                     // air mean
  CHECK(v[1] == Approx(std::sqrt(0.5)).epsilon(1e-15));     // air std, (n-1)
  CHECK(v[5] == 1.0);                                       // air trend, per row
  CHECK(v[7] == 0.0);                                       // flat process temperature: std 0
  CHECK(v[11] == 0.0);                                      // and trend 0
  CHECK(v[12] == 1502.0);  // rotational_speed_rpm_mean
  CHECK(v[13] == Approx(std::sqrt(8.0)).epsilon(1e-15));
  CHECK(v[14] == 1500.0);
  CHECK(v[15] == 1504.0);
  CHECK(v[16] == 1504.0);
  CHECK(v[17] == 4.0);
  CHECK(v[30] == 0.0);  // the last row's type, H
}

TEST_CASE("tiny noise on a large offset keeps its std after a step change", "[streaming]") {
  // 1000 rows of 1000 rpm then 1500 rpm, each with 1e-6 noise: a naive
  // sum-of-squares window would report noise of the order of 1e-4 here.
  const SensorProfile profile{.name = "one", .sensors = {"rpm"}};
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> noise(-1e-6, 1e-6);
  RunningWindow window(profile);
  std::vector<Reading> history;
  for (int step = 0; step < 1000; ++step) {
    history.push_back(row_of("U1", {(step < 500 ? 1000.0 : 1500.0) + noise(rng)}, "", step));
    window.push(history.back());
    require_parity(window, history, "step " + std::to_string(step));
  }
  const auto v = window.features();
  CHECK(v[1] < 1e-6);
  CHECK(v[1] == Approx(seed_feature_vector(profile, last_rows(history))[1]).epsilon(1e-9));
}

TEST_CASE("values that are not finite are skipped per sensor, as the seed vector does", "[streaming]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const SensorProfile profile{.name = "two", .sensors = {"a", "b"}};
  RunningWindow window(profile, 3);
  window.push(row_of("U1", {nan, 1.0}));
  CHECK(window.features() == std::vector<double>{0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 0});
  window.push(row_of("U1", {2.0, nan}));
  window.push(row_of("U1", {4.0, 3.0}));
  // a: 2, 4 at finite indexes 0, 1; b: 1, 3.
  CHECK(window.features() == std::vector<double>{3, std::sqrt(2.0), 2, 4, 4, 2, 2, std::sqrt(2.0), 1, 3, 3, 2});
  window.push(row_of("U1", {nan, nan}));  // the NaN of a leaves, b's 1 leaves
  CHECK(window.features() == std::vector<double>{3, std::sqrt(2.0), 2, 4, 4, 2, 3, 0, 3, 3, 3, 0});
  window.push(row_of("U1", {nan, nan}));
  window.push(row_of("U1", {nan, nan}));
  CHECK(window.features() == std::vector<double>(12, 0.0));
  window.push(row_of("U1", {5.0, 6.0}));
  CHECK(window.features() == std::vector<double>{5, 0, 5, 5, 5, 0, 6, 0, 6, 6, 6, 0});
}

TEST_CASE("the running window refuses what the seed vector refuses", "[streaming]") {
  RunningWindow window(aegis::profiles::ai4i_profile());
  CHECK_THROWS_WITH(window.features(), "seed features need at least one telemetry row, the window is empty");
  CHECK_THROWS_WITH(window.push(row_of("U1", {1.0, 2.0}, "L", 12)),
                    "row of unit P1/U1 at step 12 has 2 values, profile ai4i has 5 sensors");
  CHECK(window.empty());
}

TEST_CASE("a running window serves one unit", "[streaming]") {
  RunningWindow window(aegis::profiles::ai4i_profile());
  window.push(row_of("U1", {1, 2, 3, 4, 5}));
  CHECK_THROWS_AS(window.push(row_of("U2", {1, 2, 3, 4, 5}, "L", 4)), FeatureError);
  CHECK_THROWS_WITH(window.push(row_of("U2", {1, 2, 3, 4, 5}, "L", 4)),
                    "row of unit P1/U2 at step 4 pushed into the running window of unit P1/U1");
  CHECK(window.size() == 1);
  window.clear();
  CHECK(window.empty());
  window.push(row_of("U2", {1, 2, 3, 4, 5}));
  CHECK(window.size() == 1);
}

TEST_CASE("load keeps only the last rows and leaves the window empty on a bad history", "[streaming]") {
  const SensorProfile profile{.name = "one", .sensors = {"x"}};
  std::vector<Reading> history;
  for (int i = 0; i < 120; ++i) history.push_back(row_of("U1", {static_cast<double>(i)}, "", i));
  RunningWindow window(profile);
  window.load(history);
  CHECK(window.size() == 50);
  const auto v = window.features();
  CHECK(v[0] == 94.5);  // mean of 70..119
  CHECK(v[2] == 70.0);
  CHECK(v[3] == 119.0);
  CHECK(v[5] == Approx(1.0).epsilon(1e-12));

  history.push_back(row_of("U9", {1.0}));
  CHECK_THROWS_AS(window.load(history), FeatureError);
  CHECK(window.empty());
}

TEST_CASE("a running window needs a capacity", "[streaming]") {
  CHECK_THROWS_AS(RunningWindow(aegis::profiles::ai4i_profile(), 0), FeatureError);
}
