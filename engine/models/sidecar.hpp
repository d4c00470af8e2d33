#pragma once
// The JSON sidecar written beside every model file: what the model expects
// (feature set, names and order, profile, task), where it came from (version,
// metrics, parameters) and how to check it (sha256 of the model file), plus
// the calibration of its prediction intervals.
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace aegis::models {

struct Sidecar {
  std::string model_name;
  std::string version;      // YYYYMMDD_HHMMSS
  std::string task;         // classification | failure_mode | rul
  std::string profile;      // sensor profile name
  std::string feature_set;  // seed_window | ai4i_snapshot | turbofan_window
  std::vector<std::string> feature_names;
  std::vector<std::string> classes;  // failure_mode: class names in output order
  std::string model_file;            // file name beside the sidecar
  std::string sha256;                // of the model file
  nlohmann::json metrics = nlohmann::json::object();
  nlohmann::json params = nlohmann::json::object();
  nlohmann::json calibration = nlohmann::json::object();  // rul: split-conformal interval
  std::int64_t training_rows = 0;
  // The newest telemetry the training data reached (ISO 8601; empty when not
  // trained from the gateway's store): where incremental retraining resumes.
  std::string trained_through;
  std::string created_at;  // ISO 8601

  nlohmann::json to_json() const;
  // Throws ModelError naming the missing or mistyped field.
  static Sidecar from_json(const nlohmann::json& json, const std::string& origin);
  static Sidecar read(const std::filesystem::path& path);
};

}  // namespace aegis::models
