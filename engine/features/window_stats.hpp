#pragma once
// The six statistics the seed computed over a window of one sensor's values.
// They are part of the seed's model contract (SPEC section 6), so their exact
// definitions matter:
//   mean  arithmetic mean
//   std   sample standard deviation (n-1). pandas gives NaN for one value and
//         the seed filled NaN features with 0, so one value gives 0.
//   min, max, last
//   trend least-squares slope of the values against their index 0..n-1, in
//         units per row; 0 for one value.
#include <span>

namespace aegis::features {

struct WindowStats {
  double mean = 0.0;
  double std = 0.0;
  double min = 0.0;
  double max = 0.0;
  double last = 0.0;
  double trend = 0.0;
};

// Throws FeatureError for an empty sequence: there is no "last" to report.
WindowStats window_stats(std::span<const double> values);

// Least-squares slope against index 0..n-1; 0 for fewer than two values.
double least_squares_slope(std::span<const double> values);

// Sample standard deviation (n-1); 0 for fewer than two values.
double sample_std(std::span<const double> values);

double mean_of(std::span<const double> values);  // 0 for an empty sequence

}  // namespace aegis::features
