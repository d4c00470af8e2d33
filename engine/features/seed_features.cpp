#include "engine/features/seed_features.hpp"

#include <cmath>

#include "engine/features/engine_type.hpp"
#include "engine/features/feature_error.hpp"
#include "engine/features/window_stats.hpp"

namespace aegis::features {

namespace {

void check_row_width(const profiles::SensorProfile& profile, const telemetry::Reading& row) {
  if (row.values.size() == profile.sensors.size()) return;
  throw FeatureError("row of unit " + row.product_id + "/" + row.unit_id + " at step " +
                     std::to_string(row.step_index) + " has " + std::to_string(row.values.size()) +
                     " values, profile " + profile.name + " has " + std::to_string(profile.sensors.size()) +
                     " sensors");
}

std::vector<double> finite_column(std::span<const telemetry::Reading> window, std::size_t sensor) {
  std::vector<double> column;
  column.reserve(window.size());
  for (const auto& row : window) {
    const double value = row.values[sensor];
    if (std::isfinite(value)) column.push_back(value);
  }
  return column;
}

}  // namespace

std::vector<std::string> seed_feature_names(const profiles::SensorProfile& profile) {
  std::vector<std::string> names;
  names.reserve(profile.sensors.size() * kSeedStatNames.size() + 1);
  for (const auto& sensor : profile.sensors) {
    for (const auto stat : kSeedStatNames) names.push_back(sensor + "_" + std::string(stat));
  }
  if (profile.has_engine_type) names.emplace_back(kEngineTypeFeature);
  return names;
}

std::span<const telemetry::Reading> last_rows(std::span<const telemetry::Reading> rows, std::size_t count) {
  if (rows.size() <= count) return rows;
  return rows.subspan(rows.size() - count);
}

std::vector<double> seed_feature_vector(const profiles::SensorProfile& profile,
                                        std::span<const telemetry::Reading> window) {
  if (window.empty()) throw FeatureError("seed features need at least one telemetry row, the window is empty");
  for (const auto& row : window) check_row_width(profile, row);

  std::vector<double> vector;
  vector.reserve(profile.sensors.size() * kSeedStatNames.size() + 1);
  for (std::size_t sensor = 0; sensor < profile.sensors.size(); ++sensor) {
    const auto column = finite_column(window, sensor);
    const WindowStats stats = column.empty() ? WindowStats{} : window_stats(column);
    vector.insert(vector.end(), {stats.mean, stats.std, stats.min, stats.max, stats.last, stats.trend});
  }
  if (profile.has_engine_type) vector.push_back(encode_engine_type(window.back().engine_type));
  return vector;
}

std::vector<double> vector_from_named(const std::vector<std::string>& names,
                                      const std::map<std::string, double>& features) {
  std::vector<double> vector;
  vector.reserve(names.size());
  for (const auto& name : names) {
    const auto found = features.find(name);
    vector.push_back(found == features.end() ? 0.0 : found->second);
  }
  return vector;
}

}  // namespace aegis::features
