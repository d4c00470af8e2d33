#include "engine/imports/model_import.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/common/sha256.hpp"
#include "engine/features/failure_mode_features.hpp"
#include "engine/imports/import_error.hpp"
#include "engine/models/model_document.hpp"
#include "engine/models/model_name.hpp"
#include "engine/retraining/retrain_pointer.hpp"
#include "engine/scoring/feature_sets.hpp"
#include "engine/training/examples.hpp"

namespace aegis::imports {
namespace {

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

models::Booster load_model(std::string_view bytes, const std::string& origin) {
  try {
    return models::Booster::load_buffer(bytes, origin);
  } catch (const models::ModelError& e) {
    throw ImportError(std::string(e.what()) + " (expected an XGBoost JSON or UBJSON model file)");
  }
}

// A file that loads can still be malformed inside (no objective, unreadable
// feature names): that is the file's fault, not the gateway's. The booster's
// message already names the origin.
template <typename Read>
auto read_from_model(Read read) {
  try {
    return read();
  } catch (const models::ModelError& e) {
    throw ImportError(std::string(e.what()) + " (expected an XGBoost JSON or UBJSON model file)");
  }
}

// Two inputs under one name would make explicit-feature scoring ambiguous
// (which value does the name carry?) and cannot come from a real recipe.
void check_unique_names(const std::vector<std::string>& names, const std::string& whose) {
  std::set<std::string_view> seen;
  for (const auto& name : names) {
    if (!seen.insert(name).second) throw ImportError(whose + " names feature '" + name + "' twice");
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
  if (!models::is_valid_model_name(name)) throw ImportError(models::model_name_problem(name));
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
  result.source_format = models::model_document_format(model_bytes) == models::ModelFormat::json ? "json" : "ubjson";
  result.source_sha256 = crypto::sha256_hex(model_bytes);
  result.objective = read_from_model([&] { return booster.objective(); });
  check_objective(*task, result.objective, request.origin);

  std::vector<std::string> names;
  std::string names_origin;  // for the count mismatch message
  if (request.feature_names) {
    names = *request.feature_names;
    result.features_from = "request";
    names_origin = std::to_string(names.size()) + " feature names were given";
  } else if (auto stored = read_from_model([&] { return booster.feature_names(); });
             !stored.empty()) {
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
  if (result.features_from != "profile") {
    check_unique_names(names, result.features_from == "request" ? std::string("the feature list")
                                                                : request.origin + ": the model file");
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
  // A promoted import replaces what the name's retrain pointer described:
  // the new model has learned nothing from this gateway's telemetry, so the
  // next incremental run must see all of it as new.
  result.record = registry.install(
      request.model_name, booster, std::move(sidecar), request.promote,
      {.in_transaction = [&](store::Connection& connection) {
        if (request.promote) retraining::write_pointer(connection, request.model_name, std::nullopt);
      }});
  return result;
}

}  // namespace aegis::imports
