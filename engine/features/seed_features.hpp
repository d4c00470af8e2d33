#pragma once
// The seed's 31-feature window vector (SPEC section 6), kept exactly: it is
// the input contract of the seed's models and of the explicit-features API.
// Over the unit's last 50 rows up to `timestamp_before`, for each sensor in
// profile order: <sensor>_mean, _std, _min, _max, _last, _trend (see
// window_stats.hpp), then engine_type_encoded for profiles that have the
// category. 5 sensors x 6 + 1 = 31 values for ai4i.
#include <array>
#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/profiles/sensor_profile.hpp"
#include "engine/telemetry/reading.hpp"

namespace aegis::features {

inline constexpr std::size_t kSeedWindowRows = 50;
inline constexpr std::array<std::string_view, 6> kSeedStatNames = {"mean", "std", "min", "max", "last", "trend"};
inline constexpr std::string_view kEngineTypeFeature = "engine_type_encoded";

std::vector<std::string> seed_feature_names(const profiles::SensorProfile& profile);

// The last `count` rows of a time-ordered history (all of them when shorter).
std::span<const telemetry::Reading> last_rows(std::span<const telemetry::Reading> rows,
                                              std::size_t count = kSeedWindowRows);

// `window` is the unit's rows in time order, already cut to the rows that
// count (see last_rows); the engine type comes from the last row. A value that
// is not finite is left out of its sensor's statistics, as pandas skips NaN;
// a sensor with no finite value in the window gets 0 for all six, as the seed
// filled NaN features with 0. Throws FeatureError for an empty window or a row
// whose value count differs from the profile's sensor count.
std::vector<double> seed_feature_vector(const profiles::SensorProfile& profile,
                                        std::span<const telemetry::Reading> window);

// A vector in `names` order from an explicit name -> value map: names absent
// from the map count as 0 (SPEC: "missing named features count as 0"), map
// entries that are not in `names` are ignored.
std::vector<double> vector_from_named(const std::vector<std::string>& names,
                                      const std::map<std::string, double>& features);

}  // namespace aegis::features
