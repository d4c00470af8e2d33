#include "daemon/config/config.hpp"

#include "engine/profiles/sensor_profile.hpp"

namespace aegis::config {

std::vector<ProfileConfig> default_profiles() {
  std::vector<ProfileConfig> result;
  for (const auto& profile : {profiles::ai4i_profile(), profiles::turbofan_profile()}) {
    result.push_back(ProfileConfig{profile.name, profile.sensors, profile.has_engine_type, profile.step_hours, {}});
  }
  return result;
}

std::string Config::database_path() const {
  return storage.database.empty() ? storage.data_dir + "/aegisd.db" : storage.database;
}

std::string Config::artifact_dir() const {
  return models.artifact_dir.empty() ? storage.data_dir + "/models" : models.artifact_dir;
}

}  // namespace aegis::config
