#pragma once
// A sensor profile names a machine family: its numeric sensors (in the order
// features and models use), its categorical field and where its rows live.
#include <optional>
#include <string>
#include <vector>

namespace aegis::profiles {

struct SensorProfile {
  std::string name;                 // "ai4i", "turbofan"
  std::vector<std::string> sensors;  // numeric sensors, in feature order
  bool has_engine_type = false;     // the ai4i L/M/H category
  std::string telemetry_table;      // SQLite table holding this profile's rows
  double step_hours = 1.0;          // one step of the time axis, in hours
};

// The two shipped profiles, exactly as SPEC section 6 names their sensors.
SensorProfile ai4i_profile();
SensorProfile turbofan_profile();

// The shipped profiles, by name; nullopt for an unknown name.
std::optional<SensorProfile> builtin_profile(const std::string& name);

}  // namespace aegis::profiles
