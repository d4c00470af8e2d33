#include "engine/models/sidecar.hpp"

#include <fstream>

#include "engine/models/booster.hpp"

namespace aegis::models {

nlohmann::json Sidecar::to_json() const {
  return {
      {"model_name", model_name}, {"version", version},         {"task", task},
      {"profile", profile},       {"feature_set", feature_set}, {"feature_names", feature_names},
      {"classes", classes},       {"model_file", model_file},   {"sha256", sha256},
      {"metrics", metrics},       {"params", params},           {"calibration", calibration},
      {"training_rows", training_rows}, {"created_at", created_at},
      {"trained_through", trained_through.empty() ? nlohmann::json() : nlohmann::json(trained_through)},
  };
}

Sidecar Sidecar::from_json(const nlohmann::json& json, const std::string& origin) {
  auto field = [&](const char* name) -> const nlohmann::json& {
    if (!json.is_object() || !json.contains(name)) throw ModelError(origin + ": sidecar has no field '" + name + "'");
    return json.at(name);
  };
  try {
    Sidecar sidecar;
    sidecar.model_name = field("model_name").get<std::string>();
    sidecar.version = field("version").get<std::string>();
    sidecar.task = field("task").get<std::string>();
    sidecar.profile = field("profile").get<std::string>();
    sidecar.feature_set = field("feature_set").get<std::string>();
    sidecar.feature_names = field("feature_names").get<std::vector<std::string>>();
    sidecar.model_file = field("model_file").get<std::string>();
    sidecar.sha256 = field("sha256").get<std::string>();
    sidecar.classes = json.value("classes", std::vector<std::string>{});
    sidecar.metrics = json.value("metrics", nlohmann::json::object());
    sidecar.params = json.value("params", nlohmann::json::object());
    sidecar.calibration = json.value("calibration", nlohmann::json::object());
    sidecar.training_rows = json.value("training_rows", std::int64_t{0});
    sidecar.created_at = json.value("created_at", std::string{});
    if (json.contains("trained_through") && json.at("trained_through").is_string()) {
      sidecar.trained_through = json.at("trained_through").get<std::string>();
    }
    return sidecar;
  } catch (const nlohmann::json::exception& e) {
    throw ModelError(origin + ": sidecar field has the wrong type: " + e.what());
  }
}

Sidecar Sidecar::read(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ModelError("sidecar " + path.string() + " is missing");
  try {
    return from_json(nlohmann::json::parse(in), path.string());
  } catch (const nlohmann::json::exception& e) {  // a syntax error, or a number beyond a double
    throw ModelError("sidecar " + path.string() + " is not valid JSON: " + e.what());
  }
}

}  // namespace aegis::models
