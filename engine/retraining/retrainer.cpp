#include "engine/retraining/retrainer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "engine/models/conformal.hpp"
#include "engine/models/model_name.hpp"
#include "engine/models/training.hpp"
#include "engine/retraining/promotion_rule.hpp"
#include "engine/retraining/retrain_data.hpp"
#include "engine/retraining/retrain_pointer.hpp"
#include "engine/scoring/feature_sets.hpp"
#include "engine/training/task_trainer.hpp"

namespace aegis::retraining {
namespace {

constexpr double kIntervalAlpha = 0.1;  // 90 % intervals, as `aegisd train` calibrates them
constexpr double kTurbofanRulCap = 125;  // C-MAPSS convention, as `aegisd train` caps it

// What one window costs in memory while a run holds it: its features and
// label in a sample, its copy in the training set, and XGBoost's own copies
// (matrix, gradients, predictions). Measured: see docs/BENCHMARKS.md.
std::size_t bytes_per_window(std::size_t cols) { return cols * sizeof(float) * 6 + 96; }

std::optional<time::Millis> parse_optional(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return time::parse_iso8601(text);
}

// The version promoted under `model_name` as the caller's transaction sees
// it; empty when none is.
std::string promoted_version(store::Connection& connection, const std::string& model_name) {
  store::Statement query(connection, "SELECT version FROM model_artifact WHERE model_name = ? AND is_promoted = 1");
  query.bind(1, model_name);
  return query.step() ? query.column_text(0) : std::string();
}

}  // namespace

struct Retrainer::Baseline {
  std::shared_ptr<const models::LoadedModel> model;  // null when none is promoted
  const profiles::SensorProfile* profile = nullptr;
  std::string feature_set;
  double rul_cap = 0;
  std::optional<time::Millis> pointer;  // readings after this are new to the model
  // The version the registry recorded as promoted when the run started (the
  // served model may be an earlier one when it fails verification); empty
  // when none was.
  std::string promoted_version;
};

nlohmann::json RetrainOutcome::to_json() const {
  return {{"model_name", model_name},
          {"version", version},
          {"path", uri},
          {"metrics", metrics},
          {"training_samples", training_samples},
          {"incremental", incremental},
          {"promoted", promoted},
          {"forced", forced},
          {"main_metric", main_metric},
          {"decision", decision},
          {"promoted_metrics", promoted_metrics},
          {"previous_version", previous_version.empty() ? nlohmann::json() : nlohmann::json(previous_version)},
          {"new_samples", new_samples},
          {"replay_samples", replay_samples},
          {"held_out_units", held_out_units},
          {"trained_through", trained_through ? nlohmann::json(time::format_iso8601(*trained_through)) : nlohmann::json()},
          {"training_seconds", training_seconds}};
}

Retrainer::Retrainer(store::Database& database, telemetry::TelemetryStore& telemetry, models::ModelRegistry& registry,
                     const profiles::ProfileCatalog& catalog, RetrainSettings settings,
                     std::function<void(std::string_view)> checkpoint)
    : database_(database),
      telemetry_(telemetry),
      registry_(registry),
      catalog_(catalog),
      settings_(settings),
      checkpoint_(std::move(checkpoint)) {}

Retrainer::Baseline Retrainer::baseline_of(const RetrainRequest& request) const {
  const std::string& model_name = request.model_name;
  // The name becomes a folder of the artifact directory: refused before anything is read.
  if (!models::is_valid_model_name(model_name)) {
    throw RetrainRejected("model_name: " + models::model_name_problem(model_name));
  }
  Baseline baseline;
  const auto versions = registry_.versions(model_name);
  if (versions.empty() && !request.new_model_allowed) throw models::ModelUnavailable("Model not available: " + model_name);
  for (const auto& record : versions) {
    if (record.promoted) baseline.promoted_version = record.version;
  }
  try {
    baseline.model = registry_.get(model_name);
  } catch (const models::ModelUnavailable&) {
    // Nothing promoted yet: the first model is trained from scratch on the seed's recipe.
  }
  if (baseline.model) {
    // Continuing a classifier with a regression objective (or the reverse)
    // would promote a model that answers the other question under this name.
    const auto& task = baseline.model->record.sidecar.task;
    if (task != training::task_name(request.task)) {
      throw RetrainRejected("model_name " + model_name + " is a " + task + " model, not a " +
                            training::task_name(request.task) + " model: name a model of the requested model_type");
    }
  }
  const std::string profile_name = baseline.model ? baseline.model->record.sidecar.profile : "ai4i";
  baseline.profile = catalog_.find(profile_name);
  if (!baseline.profile) throw models::ModelError("model " + model_name + " uses unknown profile " + profile_name);
  baseline.feature_set = baseline.model ? baseline.model->record.sidecar.feature_set : scoring::kSeedWindow;
  if (baseline.feature_set == scoring::kAi4iSnapshot) {
    throw RetrainRejected("model " + model_name + " scores single snapshots; retraining builds window models only");
  }
  if (!scoring::is_recipe(baseline.feature_set)) {
    // Its inputs are named features of its own order, which the gateway
    // cannot build from telemetry, so there are no windows to train it on.
    throw RetrainRejected("model " + model_name +
                          " scores explicit features only (it was imported with a feature order of its own); "
                          "retraining builds its windows from telemetry with a profile's recipe, so it cannot "
                          "retrain this model: import one whose features follow the recipe, or retrain it where "
                          "it was trained");
  }
  baseline.rul_cap = profile_name == "turbofan" ? kTurbofanRulCap : 0;
  baseline.pointer = read_pointer(database_, model_name);
  if (!baseline.pointer && baseline.model) baseline.pointer = parse_optional(baseline.model->record.sidecar.trained_through);
  return baseline;
}

std::int64_t Retrainer::new_rows(const RetrainRequest& request) const {
  const auto baseline = baseline_of(request);
  const bool incremental = request.incremental && baseline.model;
  return telemetry_.count_after(*baseline.profile, incremental ? baseline.pointer : std::nullopt);
}

RetrainOutcome Retrainer::run(const RetrainRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  auto step = [&](std::string_view name) {
    if (checkpoint_) checkpoint_(name);
  };
  const auto baseline = baseline_of(request);
  const bool incremental = request.incremental && baseline.model;
  const auto since = incremental ? baseline.pointer : std::nullopt;
  if (telemetry_.count_after(*baseline.profile, since) == 0) throw RetrainRejected(kNoNewTelemetry);

  const std::size_t cols = scoring::feature_names(baseline.feature_set, *baseline.profile).size();
  const auto budget_windows =
      static_cast<std::size_t>(settings_.memory_budget_mb) * 1024 * 1024 / bytes_per_window(cols);
  const std::size_t limit = std::max<std::size_t>(
      1, std::min({request.sample_limit.value_or(settings_.sample_limit), settings_.sample_limit, budget_windows / 4}));

  const auto data = gather_windows(telemetry_, {.profile = baseline.profile,
                                                .feature_set = baseline.feature_set,
                                                .task = request.task,
                                                .stride = settings_.window_stride,
                                                .rul_cap = baseline.rul_cap,
                                                .new_after = since,
                                                .split_old = incremental,
                                                .capacity = limit,
                                                .holdout_fraction = settings_.holdout_fraction,
                                                .seed = settings_.seed});
  step("gathered");
  if (data.fresh.empty()) throw RetrainRejected(kNoNewTelemetry);
  if (data.held_out.empty()) {
    throw RetrainRejected("Not enough labelled units to judge a retrained model: whole units are held out, so "
                          "retraining needs labelled telemetry from at least 2 units");
  }
  if (baseline.model && !request.force) {
    // Refused before training rather than after: the held-out windows alone
    // decide whether the comparison can mean anything.
    const auto& labels = data.held_out.examples().set.labels;
    const auto positives = static_cast<std::size_t>(
        std::count_if(labels.begin(), labels.end(), [](float label) { return label >= 0.5F; }));
    if (const auto why = why_unjudgeable(request.task, positives, labels.size())) {
      throw RetrainRejected(unjudgeable_message(*why));
    }
  }

  // Training windows: the new ones, plus (incremental) a replay of older ones
  // so the continued model does not forget; both shrink together to the limit.
  std::size_t fresh_count = data.fresh.size();
  std::size_t replay_count = 0;
  if (incremental) {
    replay_count = std::min(data.old.size(),
                            static_cast<std::size_t>(std::llround(settings_.replay_ratio * static_cast<double>(fresh_count))));
    if (fresh_count + replay_count > limit) {
      const double scale = static_cast<double>(limit) / static_cast<double>(fresh_count + replay_count);
      fresh_count = std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(fresh_count) * scale));
      replay_count = limit > fresh_count ? std::min(replay_count, limit - fresh_count) : 0;
    }
  }
  const auto fit = concatenate(data.fresh.sample(fresh_count, settings_.seed + 10),
                               data.old.sample(replay_count, settings_.seed + 11));

  auto params = training::default_params(request.task);
  params.threads = settings_.threads;
  if (incremental) params.rounds = settings_.incremental_rounds;
  const models::Booster* continue_from = incremental ? &baseline.model->booster : nullptr;
  auto candidate = models::train(fit.set, params, continue_from);
  step("trained");

  models::Sidecar sidecar;
  sidecar.task = training::task_name(request.task);
  sidecar.profile = baseline.profile->name;
  sidecar.feature_set = baseline.feature_set;
  sidecar.feature_names = scoring::feature_names(baseline.feature_set, *baseline.profile);
  sidecar.training_rows = static_cast<std::int64_t>(fit.set.rows);
  if (data.newest_reading) sidecar.trained_through = time::format_iso8601(*data.newest_reading);
  if (request.task == training::Task::rul) {
    if (!data.calibration.empty()) {
      // Split conformal on units neither model trains on.
      const auto& calibration = data.calibration.examples();
      auto predicted = candidate.predict(calibration.set.features, calibration.set.rows);
      for (auto& value : predicted) value = std::max(0.0f, value);
      sidecar.calibration =
          models::ConformalCalibration::fit(calibration.set.labels, predicted, kIntervalAlpha, 0.0).to_json();
    } else if (baseline.model) {
      sidecar.calibration = baseline.model->record.sidecar.calibration;  // too few units to calibrate anew
    }
  }

  const auto& held_out = data.held_out.examples();
  sidecar.metrics = training::evaluate(request.task, candidate, sidecar, held_out);
  sidecar.metrics["samples"] = held_out.set.rows;
  std::optional<nlohmann::json> promoted_metrics;
  if (baseline.model) {
    promoted_metrics = training::evaluate(request.task, baseline.model->booster, baseline.model->record.sidecar, held_out);
    (*promoted_metrics)["samples"] = held_out.set.rows;
  }
  const auto verdict = judge(request.task, sidecar.metrics, promoted_metrics, settings_.tolerance, request.force);

  nlohmann::json param_json(params.params);
  param_json["rounds"] = params.rounds;
  param_json["incremental"] = incremental;
  if (incremental) param_json["continued_from"] = baseline.model->record.version;
  sidecar.params = param_json;

  RetrainOutcome outcome;
  outcome.model_name = request.model_name;
  outcome.incremental = incremental;
  outcome.forced = request.force;
  outcome.promoted = verdict.promote;
  outcome.main_metric = verdict.metric;
  outcome.decision = verdict.reason;
  outcome.promoted_metrics = promoted_metrics ? *promoted_metrics : nlohmann::json();
  outcome.previous_version = baseline.model ? baseline.model->record.version : "";
  outcome.training_samples = fit.set.rows;
  outcome.new_samples = fresh_count;
  outcome.replay_samples = replay_count;
  outcome.held_out_units = data.held_out_units;
  outcome.trained_through = data.newest_reading;

  const auto trained_through = data.newest_reading;
  bool still_baseline = true;
  const auto record = registry_.install(
      request.model_name, candidate, sidecar, verdict.promote,
      {.in_transaction =
           [&](store::Connection& connection) {
             if (verdict.promote && still_baseline) write_pointer(connection, request.model_name, trained_through);
           },
       .confirm_promotion =
           [&](store::Connection& connection) {
             // The candidate was judged against the model promoted when the
             // run started; a rollback or an import that promoted another one
             // meanwhile was an operator's decision the run must not undo.
             still_baseline = promoted_version(connection, request.model_name) == baseline.promoted_version;
             return still_baseline;
           },
       .checkpoint = checkpoint_});
  if (verdict.promote && !record.promoted) {
    const auto now_promoted = registry_.versions(request.model_name);
    const auto current = std::find_if(now_promoted.begin(), now_promoted.end(),
                                      [](const models::ArtifactRecord& r) { return r.promoted; });
    outcome.promoted = false;
    outcome.decision = verdict.reason + "; not promoted: version " +
                       (current == now_promoted.end() ? std::string("(none)") : current->version) +
                       " was promoted while the run trained (it started from " +
                       (baseline.promoted_version.empty() ? std::string("none") : baseline.promoted_version) +
                       "), so that version keeps serving and the candidate is kept unpromoted";
  }
  outcome.version = record.version;
  outcome.uri = record.uri;
  outcome.metrics = record.sidecar.metrics;
  outcome.training_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("retrain {} {}: version {} on {} windows; {}", request.model_name,
               incremental ? "incremental" : "full", outcome.version, outcome.training_samples, verdict.reason);
  return outcome;
}

}  // namespace aegis::retraining
