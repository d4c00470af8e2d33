#include "engine/imports/model_import.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "engine/common/sha256.hpp"
#include "engine/features/failure_mode_features.hpp"
#include "engine/imports/import_error.hpp"
#include "engine/scoring/feature_sets.hpp"
#include "engine/training/examples.hpp"

namespace aegis::imports {
namespace {

constexpr std::size_t kMaxModelNameLength = 64;

// The recipe a model of this task and profile is fed by when nothing names
// its features: the seed's window vector for its classifier and regressor,
// the snapshot vector for the failure-mode model.
std::string default_recipe(training::Task task, const profiles::SensorProfile& profile) {
  if (profile.name == "turbofan") return scoring::kTurbofanWindow;
  return task == training::Task::failure_mode ? scoring::kAi4iSnapshot : scoring::kSeedWindow;
}

// The recipes whose vectors the profile can build from its telemetry.
std::vector<std::string> recipes_of(const profiles::SensorProfile& profile) {
  if (profile.name == "turbofan") return {scoring::kTurbofanWindow};
  std::vector<std::string> recipes{scoring::kSeedWindow};
  if (profile.name == "ai4i") recipes.emplace_back(scoring::kAi4iSnapshot);
  return recipes;
}

// The recipe whose names are exactly `names`, in order; otherwise the model
// can only score named features.
std::string feature_set_for(const std::vector<std::string>& names, const profiles::SensorProfile& profile) {
  for (const auto& recipe : recipes_of(profile)) {
    if (scoring::feature_names(recipe, profile) == names) return recipe;
  }
  return scoring::kExplicitFeatures;
}

// The objectives whose output the gateway reads the way the task needs:
// a failure probability, class probabilities, a number of remaining steps.
void check_objective(training::Task task, const std::string& objective, const std::string& origin) {
  const bool fits = task == training::Task::classification ? objective == "binary:logistic"
                    : task == training::Task::failure_mode ? objective == "multi:softprob"
                                                           : objective.rfind("reg:", 0) == 0;
  if (!fits) {
    const char* wanted = task == training::Task::classification ? "binary:logistic"
                         : task == training::Task::failure_mode ? "multi:softprob"
                                                                : "a reg:* objective";
    throw ImportError(origin + ": a " + training::task_name(task) + " model needs " + wanted +
                      ", this one was trained with " + objective);
  }
}

// Both formats open with '{'; in JSON a key's quote or blank follows, in
// UBJSON the type marker of the first key's length.
bool is_json_text(std::string_view bytes) {
  return bytes.size() > 1 && (bytes[1] == '"' || bytes[1] == '}' || std::isspace(static_cast<unsigned char>(bytes[1])));
}

models::Booster load_model(std::string_view bytes, const std::string& origin) {
  try {
    return models::Booster::load_buffer(bytes, origin);
  } catch (const models::ModelError& e) {
    throw ImportError(std::string(e.what()) + " (expected an XGBoost JSON or UBJSON model file)");
  }
}

}  // namespace

std::vector<std::string> parse_feature_list(std::string_view text) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find(',', start), text.size());
    auto name = text.substr(start, end - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) throw ImportError("feature list has an empty name: '" + std::string(text) + "'");
    names.emplace_back(name);
    start = end + 1;
  }
  return names;
}

void check_model_name(const std::string& name) {
  const bool allowed = !name.empty() && name.size() <= kMaxModelNameLength && name.front() != '.' &&
                       std::all_of(name.begin(), name.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
                       });
  if (!allowed) {
    throw ImportError("invalid model name '" + name + "' (letters, digits, '_', '-' and '.', at most 64, not " +
                      "starting with '.')");
  }
}

ModelImportResult import_model(models::ModelRegistry& registry, const profiles::ProfileCatalog& catalog,
                               std::string_view model_bytes, const ModelImportRequest& request) {
  const auto task = training::parse_task(request.task);
  if (!task) throw ImportError("unknown task '" + request.task + "' (classification, failure_mode or rul)");
  const auto* profile = catalog.find(request.profile);
  if (!profile) {
    std::string known;
    for (const auto& candidate : catalog.all()) known += (known.empty() ? "" : ", ") + candidate.name;
    throw ImportError("unknown profile '" + request.profile + "' (" + known + ")");
  }
  check_model_name(request.model_name);

  ModelImportResult result;
  const auto booster = load_model(model_bytes, request.origin);
  result.source_format = is_json_text(model_bytes) ? "json" : "ubjson";
  result.source_sha256 = crypto::sha256_hex(model_bytes);
  result.objective = booster.objective();
  check_objective(*task, result.objective, request.origin);

  std::vector<std::string> names;
  std::string names_origin;  // for the count mismatch message
  if (request.feature_names) {
    names = *request.feature_names;
    result.features_from = "request";
    names_origin = std::to_string(names.size()) + " feature names were given";
  } else if (auto stored = booster.feature_names(); !stored.empty()) {
    names = std::move(stored);
    result.features_from = "model file";
    names_origin = "the file names " + std::to_string(names.size());
  } else {
    const auto recipe = default_recipe(*task, *profile);
    names = scoring::feature_names(recipe, *profile);
    result.features_from = "profile";
    names_origin = "the " + profile->name + " profile's " + recipe + " vector has " + std::to_string(names.size()) +
                   " (give the model's feature names)";
  }
  if (names.size() != booster.num_features()) {
    throw ImportError(request.origin + ": the model takes " + std::to_string(booster.num_features()) +
                      " features, but " + names_origin);
  }

  models::Sidecar sidecar;
  sidecar.task = training::task_name(*task);
  sidecar.profile = profile->name;
  sidecar.feature_set = feature_set_for(names, *profile);
  sidecar.feature_names = std::move(names);
  if (*task == training::Task::failure_mode) {
    sidecar.classes.assign(features::kFailureModeClasses.begin(), features::kFailureModeClasses.end());
  }
  const std::size_t expected_outputs = *task == training::Task::failure_mode ? sidecar.classes.size() : 1;
  if (booster.outputs_per_row() != expected_outputs) {
    throw ImportError(request.origin + ": the model gives " + std::to_string(booster.outputs_per_row()) +
                      " values per row, a " + sidecar.task + " model gives " + std::to_string(expected_outputs));
  }

  // One real prediction before the model is registered: a model that loads
  // but cannot score is refused here rather than on the first request.
  const std::vector<float> zeros(booster.num_features(), 0.0F);
  try {
    result.smoke_output = booster.predict_row(zeros);
  } catch (const models::ModelError& e) {
    throw ImportError(request.origin + ": cannot score with the model: " + e.what());
  }
  if (!std::all_of(result.smoke_output.begin(), result.smoke_output.end(), [](float v) { return std::isfinite(v); })) {
    throw ImportError(request.origin + ": the model scores an all-zero vector as a non-finite value");
  }

  sidecar.params = {{"imported_from", request.origin},
                    {"source_format", result.source_format},
                    {"source_sha256", result.source_sha256},
                    {"objective", result.objective},
                    {"features_from", result.features_from}};
  result.record = registry.install(request.model_name, booster, std::move(sidecar), request.promote);
  return result;
}

}  // namespace aegis::imports
