#include "engine/features/turbofan_features.hpp"

#include <algorithm>
#include <cmath>

#include "engine/features/feature_error.hpp"
#include "engine/features/window_stats.hpp"
#include "engine/profiles/sensor_profile.hpp"

namespace aegis::features {

namespace {

std::size_t sensor_index(const profiles::SensorProfile& profile, std::string_view sensor) {
  const auto found = std::find(profile.sensors.begin(), profile.sensors.end(), sensor);
  if (found == profile.sensors.end()) {
    throw FeatureError("turbofan profile has no sensor " + std::string(sensor));
  }
  return static_cast<std::size_t>(found - profile.sensors.begin());
}

void check_row_width(const telemetry::Reading& row, std::size_t expected) {
  if (row.values.size() == expected) return;
  throw FeatureError("turbofan row of unit " + row.product_id + "/" + row.unit_id + " at cycle " +
                     std::to_string(row.step_index) + " has " + std::to_string(row.values.size()) +
                     " values, expected " + std::to_string(expected));
}

}  // namespace

std::vector<std::string> turbofan_feature_names() {
  std::vector<std::string> names;
  names.reserve(kTurbofanInformativeSensors.size() * 2 + 1);
  for (const auto sensor : kTurbofanInformativeSensors) {
    names.push_back(std::string(sensor) + "_mean");
    names.push_back(std::string(sensor) + "_trend");
  }
  names.emplace_back("cycle_count");
  return names;
}

std::vector<double> turbofan_feature_vector(std::span<const telemetry::Reading> history_up_to_now) {
  if (history_up_to_now.empty()) throw FeatureError("turbofan features need at least one cycle, the history is empty");
  const auto profile = profiles::turbofan_profile();
  const auto window = history_up_to_now.last(std::min(kTurbofanWindowCycles, history_up_to_now.size()));
  for (const auto& row : window) check_row_width(row, profile.sensors.size());

  std::vector<double> vector;
  vector.reserve(kTurbofanInformativeSensors.size() * 2 + 1);
  std::vector<double> column;
  column.reserve(window.size());
  for (const auto sensor : kTurbofanInformativeSensors) {
    const std::size_t index = sensor_index(profile, sensor);
    column.clear();
    for (const auto& row : window) {
      if (std::isfinite(row.values[index])) column.push_back(row.values[index]);
    }
    vector.push_back(mean_of(column));
    vector.push_back(least_squares_slope(column));
  }
  const auto last_cycle = history_up_to_now.back().step_index;
  vector.push_back(last_cycle > 0 ? static_cast<double>(last_cycle) : static_cast<double>(history_up_to_now.size()));
  return vector;
}

}  // namespace aegis::features
