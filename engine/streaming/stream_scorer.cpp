#include "engine/streaming/stream_scorer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "engine/features/seed_features.hpp"
#include "engine/scoring/failure_modes.hpp"
#include "engine/scoring/feature_sets.hpp"

namespace aegis::streaming {
namespace {

// The promoted model if it scores the seed window of this profile; streaming
// keeps only that window in memory, other recipes are scored on request.
std::shared_ptr<const models::LoadedModel> window_model(models::ModelRegistry& registry, const std::string& name,
                                                        const profiles::SensorProfile& profile) {
  try {
    auto model = registry.get(name);
    const auto& sidecar = model->record.sidecar;
    if (sidecar.feature_set != scoring::kSeedWindow || sidecar.profile != profile.name) return nullptr;
    return model;
  } catch (const models::ModelError& e) {
    spdlog::debug("streaming: no {} to score with: {}", name, e.what());
    return nullptr;
  }
}

}  // namespace

void StreamScorer::name_failure_modes(const profiles::SensorProfile& profile, const std::vector<UnitState*>& states) {
  std::shared_ptr<const models::LoadedModel> model;
  try {
    model = registry_.get(options_.failure_mode);
  } catch (const models::ModelError&) {
    return;
  }
  const auto& sidecar = model->record.sidecar;
  if (sidecar.feature_set != scoring::kAi4iSnapshot || profile.name != "ai4i") return;
  std::vector<UnitState*> failing;
  std::vector<float> matrix;
  for (auto* state : states) {
    if (!state->scores.failure_probability || !state->last_reading) continue;
    if (*state->scores.failure_probability < 0.5) {
      state->scores.failure_mode = scoring::kNoFailure;
      continue;
    }
    const std::span<const telemetry::Reading> last(&*state->last_reading, 1);
    const auto features = scoring::feature_vector(sidecar.feature_set, profile, last);
    matrix.insert(matrix.end(), features.begin(), features.end());
    failing.push_back(state);
  }
  if (failing.empty()) return;
  const auto output = model->booster.predict(matrix, failing.size());
  const std::size_t classes = model->booster.outputs_per_row();
  for (std::size_t i = 0; i < failing.size(); ++i) {
    failing[i]->scores.failure_mode =
        scoring::likeliest_failure_mode(std::span<const float>(output).subspan(i * classes, classes), sidecar.classes);
  }
}

StreamScorer::StreamScorer(telemetry::TelemetryStore& telemetry, models::ModelRegistry& registry, AlertStore& alerts,
                           StreamScorerOptions options)
    : telemetry_(telemetry), registry_(registry), alerts_(alerts), options_(std::move(options)) {}

void StreamScorer::on_alert(std::function<void(const AlertRecord&)> listener) {
  std::lock_guard lock(mutex_);
  listeners_.push_back(std::move(listener));
}

StreamScorer::UnitState& StreamScorer::state_for(const profiles::SensorProfile& profile, const telemetry::UnitKey& unit) {
  auto it = units_.find(unit);
  if (it == units_.end()) {
    it = units_.emplace(unit, UnitState{RunningWindow(profile), AlertState(options_.failure_risk),
                                        AlertState(options_.low_rul), {}, {}})
             .first;
  }
  return it->second;
}

void StreamScorer::update_window(UnitState& state, const profiles::SensorProfile& profile,
                                 const telemetry::UnitKey& unit, const std::vector<const telemetry::Reading*>& rows) {
  const bool in_order = !state.window.empty() &&
                        std::all_of(rows.begin(), rows.end(), [&](const auto* r) { return r->timestamp > state.last_pushed; });
  if (in_order) {
    for (const auto* row : rows) {
      state.window.push(*row);
      state.last_pushed = std::max(state.last_pushed, row->timestamp);
    }
    state.last_reading = *rows.back();
    return;
  }
  // First sight of the unit, or a late reading: rebuild from the store,
  // which already holds the rows just committed.
  const auto history = telemetry_.recent(profile, unit, std::nullopt, static_cast<int>(state.window.capacity()));
  state.window.load(history);
  if (!history.empty()) {
    state.last_pushed = history.back().timestamp;
    state.last_reading = history.back();
  }
}

void StreamScorer::on_commit(const profiles::SensorProfile& profile, std::span<const telemetry::Reading> fresh) {
  std::map<telemetry::UnitKey, std::vector<const telemetry::Reading*>> by_unit;
  for (const auto& reading : fresh) by_unit[{reading.product_id, reading.unit_id}].push_back(&reading);
  const auto classifier = window_model(registry_, options_.classifier, profile);
  const auto regressor = window_model(registry_, options_.regressor, profile);

  std::vector<AlertRecord> raised;
  std::vector<std::function<void(const AlertRecord&)>> listeners;
  {
    std::lock_guard lock(mutex_);
    listeners = listeners_;
    std::vector<UnitState*> states;
    std::vector<telemetry::UnitKey> keys;
    std::vector<float> matrix;
    for (auto& [unit, rows] : by_unit) {
      auto& state = state_for(profile, unit);
      try {
        update_window(state, profile, unit, rows);
      } catch (const std::exception& e) {
        spdlog::warn("streaming: unit {}/{} not scored: {}", unit.product_id, unit.unit_id, e.what());
        continue;
      }
      if (state.window.empty()) continue;
      const auto features = state.window.features();
      matrix.insert(matrix.end(), features.begin(), features.end());
      states.push_back(&state);
      keys.push_back(unit);
    }
    if (states.empty()) return;

    auto record = [&](std::size_t i, const char* kind, Transition transition, double value, double threshold,
                      const models::LoadedModel& model) {
      raised.push_back(AlertRecord{0, keys[i].product_id, keys[i].unit_id, kind, std::string(to_string(transition)),
                                   value, threshold, model.record.model_name, model.record.version,
                                   states[i]->last_pushed, time::now()});
    };
    // One batched call per model: XGBoost's per-call cost dwarfs its per-row cost.
    if (classifier) {
      const auto probabilities = classifier->booster.predict(matrix, states.size());
      for (std::size_t i = 0; i < states.size(); ++i) {
        const double p = std::clamp(static_cast<double>(probabilities[i]), 0.0, 1.0);
        states[i]->scores.failure_probability = p;
        states[i]->scores.classifier_version = classifier->record.version;
        if (auto t = states[i]->risk.observe(p)) {
          record(i, "failure_risk", *t, p, *t == Transition::raised ? options_.failure_risk.raise_at : options_.failure_risk.clear_at,
                 *classifier);
        }
      }
    }
    if (regressor) {
      const auto predicted = regressor->booster.predict(matrix, states.size());
      for (std::size_t i = 0; i < states.size(); ++i) {
        const double hours = std::max(0.0, static_cast<double>(predicted[i])) * profile.step_hours;
        states[i]->scores.rul_hours = hours;
        states[i]->scores.regressor_version = regressor->record.version;
        if (auto t = states[i]->rul.observe(hours)) {
          record(i, "low_rul", *t, hours, *t == Transition::raised ? options_.low_rul.raise_at : options_.low_rul.clear_at,
                 *regressor);
        }
      }
    }
    if (classifier) name_failure_modes(profile, states);
    for (auto* state : states) state->scores.reading_at = state->last_pushed;
  }
  if (raised.empty()) return;
  try {
    alerts_.add(raised);
  } catch (const std::exception& e) {
    spdlog::error("streaming: cannot store {} alerts: {}", raised.size(), e.what());
  }
  for (const auto& alert : raised) {
    spdlog::warn("alert {} {} for {}/{}: {:.3f} (line {})", alert.kind, alert.transition, alert.product_id,
                 alert.unit_id, alert.value, alert.threshold);
    for (const auto& listener : listeners) listener(alert);
  }
}

std::optional<UnitScores> StreamScorer::latest(const telemetry::UnitKey& unit) const {
  std::lock_guard lock(mutex_);
  const auto it = units_.find(unit);
  if (it == units_.end() || (!it->second.scores.failure_probability && !it->second.scores.rul_hours)) return std::nullopt;
  return it->second.scores;
}

}  // namespace aegis::streaming
