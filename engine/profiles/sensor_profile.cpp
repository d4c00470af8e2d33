#include "engine/profiles/sensor_profile.hpp"

namespace aegis::profiles {

SensorProfile ai4i_profile() {
  return SensorProfile{
      .name = "ai4i",
      .sensors = {"air_temperature_K", "process_temperature_K", "rotational_speed_rpm", "torque_Nm", "tool_wear_min"},
      .has_engine_type = true,
      .telemetry_table = "telemetry",
      .step_hours = 1.0,
  };
}

SensorProfile turbofan_profile() {
  SensorProfile profile{.name = "turbofan", .sensors = {"setting1", "setting2", "setting3"},
                        .has_engine_type = false, .telemetry_table = "telemetry_turbofan", .step_hours = 1.0};
  for (int i = 1; i <= 21; ++i) profile.sensors.push_back("s" + std::to_string(i));
  return profile;
}

std::optional<SensorProfile> builtin_profile(const std::string& name) {
  if (name == "ai4i") return ai4i_profile();
  if (name == "turbofan") return turbofan_profile();
  return std::nullopt;
}

}  // namespace aegis::profiles
