#include "engine/features/window_stats.hpp"

#include <algorithm>
#include <cmath>

#include "engine/features/feature_error.hpp"

namespace aegis::features {

// Two passes everywhere (mean first, then centred sums): sensor values such as
// 9046.19 rpm with 0.01 variation would lose most of their digits in the
// one-pass sum-of-squares formula.

double mean_of(std::span<const double> values) {
  if (values.empty()) return 0.0;
  double sum = 0.0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(values.size());
  // One correction pass removes the rounding left in the first sum.
  double residual = 0.0;
  for (double v : values) residual += v - mean;
  return mean + residual / static_cast<double>(values.size());
}

double sample_std(std::span<const double> values) {
  if (values.size() < 2) return 0.0;
  const double mean = mean_of(values);
  double squares = 0.0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

double least_squares_slope(std::span<const double> values) {
  const std::size_t n = values.size();
  if (n < 2) return 0.0;
  const double mean_y = mean_of(values);
  const double mean_x = static_cast<double>(n - 1) / 2.0;
  double sxy = 0.0;
  double sxx = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = static_cast<double>(i) - mean_x;
    sxy += dx * (values[i] - mean_y);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

WindowStats window_stats(std::span<const double> values) {
  if (values.empty()) throw FeatureError("window statistics need at least one value, the window is empty");
  const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
  return WindowStats{
      .mean = mean_of(values),
      .std = sample_std(values),
      .min = *lowest,
      .max = *highest,
      .last = values.back(),
      .trend = least_squares_slope(values),
  };
}

}  // namespace aegis::features
