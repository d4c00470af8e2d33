#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/features/feature_error.hpp"
#include "engine/features/window_stats.hpp"

using aegis::features::FeatureError;
using aegis::features::least_squares_slope;
using aegis::features::window_stats;

TEST_CASE("window statistics of three values match the hand computation", "[features]") {
  // 40, 42, 47: mean 129/3 = 43; deviations -3, -1, 4; squares 9 + 1 + 16 = 26;
  // sample variance 26/2 = 13; slope against 0,1,2 = ((-1)(-3) + (1)(4)) / 2 = 3.5.
  const std::vector<double> values{40.0, 42.0, 47.0};
  const auto stats = window_stats(values);
  CHECK(stats.mean == Approx(43.0));
  CHECK(stats.std == Approx(std::sqrt(13.0)));
  CHECK(stats.min == 40.0);
  CHECK(stats.max == 47.0);
  CHECK(stats.last == 47.0);
  CHECK(stats.trend == Approx(3.5));
}

TEST_CASE("one value has zero std and zero trend, as the seed's NaN fill gave", "[features]") {
  const std::vector<double> values{298.1};
  const auto stats = window_stats(values);
  CHECK(stats.mean == 298.1);
  CHECK(stats.std == 0.0);
  CHECK(stats.trend == 0.0);
  CHECK(stats.min == 298.1);
  CHECK(stats.max == 298.1);
  CHECK(stats.last == 298.1);
}

TEST_CASE("the slope of a linear sequence is its step", "[features]") {
  std::vector<double> values;
  for (int i = 0; i < 30; ++i) values.push_back(1589.7 - 0.25 * i);
  CHECK(least_squares_slope(values) == Approx(-0.25).epsilon(1e-12));
}

TEST_CASE("statistics keep their digits on large values with tiny spread", "[features]") {
  // 9046.19 +- 0.01: the one-pass sum of squares would cancel to noise here.
  const std::vector<double> values{9046.18, 9046.20, 9046.18, 9046.20};
  const auto stats = window_stats(values);
  CHECK(stats.mean == Approx(9046.19).epsilon(1e-15));
  // deviations +-0.01, four squares of 1e-4 over n-1 = 3.
  CHECK(stats.std == Approx(std::sqrt(4e-4 / 3.0)).epsilon(1e-9));
}

TEST_CASE("an empty window is an error that says so", "[features]") {
  const std::vector<double> none;
  CHECK_THROWS_AS(window_stats(none), FeatureError);
  CHECK_THROWS_WITH(window_stats(none), Catch::Contains("window is empty"));
  CHECK(least_squares_slope(none) == 0.0);
}
