#pragma once
// Features of one ai4i machine snapshot for the failure-mode model (multi-class
// over the AI4I `Failure Type`) and the snapshot failure classifier (binary
// `Target`); both use the same vector.
//
// The AI4I failure modes are sharp thresholds on derived physical quantities
// (Matzka 2020, shared/data/README.md): heat dissipation on the air-process
// temperature gap and the speed, power on torque x angular speed, overstrain
// on tool wear x torque against a limit that depends on the quality variant.
// Trees cannot form products or differences of raw inputs, so the vector
// carries those quantities directly:
//   the five raw sensors, engine_type_encoded,
//   power_W            torque_Nm * rotational_speed_rpm * 2 pi / 60
//   temperature_gap_K  process_temperature_K - air_temperature_K
//   strain_minNm       tool_wear_min * torque_Nm
//   strain_ratio       strain_minNm / the variant's overstrain limit
//                      (L 11,000, M 12,000, H 13,000 minNm; unknown: L's,
//                      the strictest, so an unlabelled machine is not
//                      judged more leniently)
//   heat_margin_K      max(temperature_gap_K - 8.6 K, (rpm - 1380) / 100):
//                      negative exactly when both heat-dissipation
//                      conditions hold (speed counted at 1 K per 100 rpm), so
//                      the two-sided condition becomes one split; without it
//                      the few heat failures near the corner were missed
//   power_margin_W     distance of power_W inside the 3500..9000 W band,
//                      negative outside it
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/telemetry/reading.hpp"

namespace aegis::features {

struct Ai4iSnapshot {
  double air_temperature_K = 0.0;
  double process_temperature_K = 0.0;
  double rotational_speed_rpm = 0.0;
  double torque_Nm = 0.0;
  double tool_wear_min = 0.0;
  std::string engine_type;  // L / M / H
};

// The AI4I `Failure Type` values; a failure-mode model's class k is entry k.
inline constexpr std::array<std::string_view, 6> kFailureModeClasses = {
    "No Failure",         "Heat Dissipation Failure", "Power Failure",
    "Overstrain Failure", "Tool Wear Failure",        "Random Failures"};

// Index into kFailureModeClasses; nullopt for any other text.
std::optional<int> failure_mode_class_index(std::string_view failure_type);

// A reading of the ai4i profile (values in its sensor order). Throws
// FeatureError when the reading does not carry exactly five values.
Ai4iSnapshot snapshot_from_reading(const telemetry::Reading& reading);

// Overstrain limit of tool wear x torque, in minNm, for a quality variant.
double overstrain_limit_minNm(std::string_view engine_type);

std::vector<std::string> failure_mode_feature_names();
std::vector<double> failure_mode_feature_vector(const Ai4iSnapshot& snapshot);

}  // namespace aegis::features
