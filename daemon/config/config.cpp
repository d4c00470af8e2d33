#include "daemon/config/config.hpp"

namespace aegis::config {

std::string Config::database_path() const {
  return storage.database.empty() ? storage.data_dir + "/aegisd.db" : storage.database;
}

std::string Config::artifact_dir() const {
  return models.artifact_dir.empty() ? storage.data_dir + "/models" : models.artifact_dir;
}

}  // namespace aegis::config
