#include "engine/features/failure_mode_features.hpp"

#include <algorithm>
#include <numbers>

#include "engine/features/engine_type.hpp"
#include "engine/features/feature_error.hpp"

namespace aegis::features {

namespace {

constexpr std::size_t kAi4iSensorCount = 5;
// Matzka 2020's published failure thresholds (shared/data/README.md).
constexpr double kHeatGapLimitK = 8.6;
constexpr double kHeatSpeedLimitRpm = 1380.0;
constexpr double kHeatRpmPerKelvin = 100.0;
constexpr double kPowerLowW = 3500.0;
constexpr double kPowerHighW = 9000.0;

}  // namespace

std::optional<int> failure_mode_class_index(std::string_view failure_type) {
  for (std::size_t i = 0; i < kFailureModeClasses.size(); ++i) {
    if (kFailureModeClasses[i] == failure_type) return static_cast<int>(i);
  }
  return std::nullopt;
}

Ai4iSnapshot snapshot_from_reading(const telemetry::Reading& reading) {
  if (reading.values.size() != kAi4iSensorCount) {
    throw FeatureError("ai4i snapshot of unit " + reading.product_id + "/" + reading.unit_id + " at step " +
                       std::to_string(reading.step_index) + " has " + std::to_string(reading.values.size()) +
                       " values, expected 5");
  }
  return Ai4iSnapshot{
      .air_temperature_K = reading.values[0],
      .process_temperature_K = reading.values[1],
      .rotational_speed_rpm = reading.values[2],
      .torque_Nm = reading.values[3],
      .tool_wear_min = reading.values[4],
      .engine_type = reading.engine_type,
  };
}

double overstrain_limit_minNm(std::string_view engine_type) {
  switch (parse_engine_type(engine_type)) {
    case EngineType::H: return 13000.0;
    case EngineType::M: return 12000.0;
    case EngineType::L:
    case EngineType::Unknown: return 11000.0;  // unknown: the strictest limit
  }
  return 11000.0;
}

std::vector<std::string> failure_mode_feature_names() {
  return {"air_temperature_K", "process_temperature_K", "rotational_speed_rpm", "torque_Nm", "tool_wear_min",
          "engine_type_encoded", "power_W", "temperature_gap_K", "strain_minNm", "strain_ratio",
          "heat_margin_K", "power_margin_W"};
}

std::vector<double> failure_mode_feature_vector(const Ai4iSnapshot& s) {
  const double power_W = s.torque_Nm * s.rotational_speed_rpm * 2.0 * std::numbers::pi / 60.0;
  const double strain_minNm = s.tool_wear_min * s.torque_Nm;
  const double gap_K = s.process_temperature_K - s.air_temperature_K;
  const double heat_margin_K =
      std::max(gap_K - kHeatGapLimitK, (s.rotational_speed_rpm - kHeatSpeedLimitRpm) / kHeatRpmPerKelvin);
  return {s.air_temperature_K,
          s.process_temperature_K,
          s.rotational_speed_rpm,
          s.torque_Nm,
          s.tool_wear_min,
          encode_engine_type(s.engine_type),
          power_W,
          gap_K,
          strain_minNm,
          strain_minNm / overstrain_limit_minNm(s.engine_type),
          heat_margin_K,
          std::min(power_W - kPowerLowW, kPowerHighW - power_W)};
}

}  // namespace aegis::features
