#pragma once
// The named feature recipes a model can be trained on. A model's sidecar
// records its recipe, so scoring rebuilds exactly the vector the model was
// trained with, from the unit's stored history.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "engine/profiles/sensor_profile.hpp"
#include "engine/telemetry/reading.hpp"

namespace aegis::scoring {

inline constexpr const char* kSeedWindow = "seed_window";      // the seed's 31 window aggregates
inline constexpr const char* kAi4iSnapshot = "ai4i_snapshot";  // one reading + physics features
inline constexpr const char* kTurbofanWindow = "turbofan_window";
// Not a recipe: a model imported with feature names of its own, which can
// only score features given by name (the explicit-features API).
inline constexpr const char* kExplicitFeatures = "explicit_features";

// True for the recipes above that build a vector from telemetry.
bool is_recipe(const std::string& feature_set);

// Throws std::invalid_argument for an unknown recipe.
std::vector<std::string> feature_names(const std::string& feature_set, const profiles::SensorProfile& profile);

// How many of the latest rows the recipe reads.
std::size_t history_rows(const std::string& feature_set);

// `history` holds the unit's rows up to the scoring time, oldest first (at
// least one row).
std::vector<double> feature_vector(const std::string& feature_set, const profiles::SensorProfile& profile,
                                   std::span<const telemetry::Reading> history);

std::vector<float> to_floats(const std::vector<double>& values);

}  // namespace aegis::scoring
