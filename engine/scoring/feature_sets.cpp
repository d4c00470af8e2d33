#include "engine/scoring/feature_sets.hpp"

#include <stdexcept>

#include "engine/features/failure_mode_features.hpp"
#include "engine/features/seed_features.hpp"
#include "engine/features/turbofan_features.hpp"

namespace aegis::scoring {
namespace {

[[noreturn]] void unknown(const std::string& feature_set) {
  throw std::invalid_argument("unknown feature set '" + feature_set + "'");
}

}  // namespace

bool is_recipe(const std::string& feature_set) {
  return feature_set == kSeedWindow || feature_set == kAi4iSnapshot || feature_set == kTurbofanWindow;
}

std::vector<std::string> feature_names(const std::string& feature_set, const profiles::SensorProfile& profile) {
  if (feature_set == kSeedWindow) return features::seed_feature_names(profile);
  if (feature_set == kAi4iSnapshot) return features::failure_mode_feature_names();
  if (feature_set == kTurbofanWindow) return features::turbofan_feature_names();
  unknown(feature_set);
}

std::size_t history_rows(const std::string& feature_set) {
  if (feature_set == kSeedWindow) return features::kSeedWindowRows;
  if (feature_set == kAi4iSnapshot) return 1;
  if (feature_set == kTurbofanWindow) return features::kTurbofanWindowCycles;
  unknown(feature_set);
}

std::vector<double> feature_vector(const std::string& feature_set, const profiles::SensorProfile& profile,
                                   std::span<const telemetry::Reading> history) {
  if (feature_set == kSeedWindow) return features::seed_feature_vector(profile, features::last_rows(history));
  if (feature_set == kAi4iSnapshot) {
    return features::failure_mode_feature_vector(features::snapshot_from_reading(history.back()));
  }
  if (feature_set == kTurbofanWindow) return features::turbofan_feature_vector(history);
  unknown(feature_set);
}

std::vector<float> to_floats(const std::vector<double>& values) { return {values.begin(), values.end()}; }

}  // namespace aegis::scoring
