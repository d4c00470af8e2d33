#pragma once
// One retraining run, start to end: gather windows from the store, train a
// candidate (from scratch, or by boosting more rounds onto the promoted
// model), score candidate and promoted model on the same held-out units,
// and install the candidate crash-safely, promoted only when it is not worse
// (or when forced), moving the retrain pointer in the same transaction.
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/models/model_registry.hpp"
#include "engine/profiles/profile_catalog.hpp"
#include "engine/retraining/retrain_request.hpp"
#include "engine/store/database.hpp"
#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::retraining {

struct RetrainOutcome {
  std::string model_name;
  std::string version;
  std::string uri;                      // file:// URI of the candidate's model file
  bool promoted = false;
  bool incremental = false;             // false when a full run was done (asked, or nothing to continue from)
  bool forced = false;
  std::string main_metric;
  std::string decision;                 // why the candidate was or was not promoted
  nlohmann::json metrics;               // the candidate's, on the held-out windows
  nlohmann::json promoted_metrics;      // the previously promoted model's on the same windows; null without one
  std::string previous_version;         // the version promoted when the run started; empty without one
  std::size_t training_samples = 0;
  std::size_t new_samples = 0;          // of which windows new to the model
  std::size_t replay_samples = 0;       // of which older windows replayed (incremental)
  std::size_t held_out_units = 0;
  std::optional<time::Millis> trained_through;
  double training_seconds = 0;

  nlohmann::json to_json() const;
};

class Retrainer {
 public:
  // `checkpoint` hears each step of a run ("gathered", "trained", then the
  // registry's steps); it exists for fault-injection tests.
  Retrainer(store::Database& database, telemetry::TelemetryStore& telemetry, models::ModelRegistry& registry,
            const profiles::ProfileCatalog& catalog, RetrainSettings settings,
            std::function<void(std::string_view)> checkpoint = nullptr);

  // Readings the model has not learned from yet (all readings for a full
  // run); cheap, for the 400 before a job is queued and for scheduling.
  std::int64_t new_rows(const RetrainRequest& request) const;

  // Throws RetrainRejected when the request cannot be served (a model name
  // that breaks the rule, a model of another task or one that scores explicit
  // features only), when there is nothing to train on or when the held-out
  // units cannot judge the candidate; models::ModelError when training fails.
  RetrainOutcome run(const RetrainRequest& request);

  const RetrainSettings& settings() const { return settings_; }

 private:
  struct Baseline;
  Baseline baseline_of(const RetrainRequest& request) const;

  store::Database& database_;
  telemetry::TelemetryStore& telemetry_;
  models::ModelRegistry& registry_;
  const profiles::ProfileCatalog& catalog_;
  RetrainSettings settings_;
  std::function<void(std::string_view)> checkpoint_;
};

}  // namespace aegis::retraining
