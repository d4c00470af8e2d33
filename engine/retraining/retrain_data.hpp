#pragma once
// The windows a retraining run learns from and is judged on, gathered from
// the telemetry store one unit at a time with the feature code that scores
// live units, each kind in a bounded sample.
#include <cstddef>
#include <optional>
#include <string>

#include "engine/profiles/sensor_profile.hpp"
#include "engine/retraining/example_pool.hpp"
#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::retraining {

struct WindowPlan {
  const profiles::SensorProfile* profile = nullptr;
  std::string feature_set;
  training::Task task = training::Task::classification;
  std::size_t stride = 5;
  double rul_cap = 0;
  // Incremental runs: windows ending after this are new, the others old.
  // Full runs (nullopt): every window is new.
  std::optional<time::Millis> new_after;
  bool split_old = false;   // keep old windows apart (incremental) instead of dropping them into `fresh`
  std::size_t capacity = 100000;  // per sample
  double holdout_fraction = 0.2;
  std::uint64_t seed = 42;
};

struct RetrainData {
  ExamplePool fresh;        // training units' windows that are new to the model
  ExamplePool old;          // training units' older windows (incremental runs)
  ExamplePool held_out;     // held-out units' windows, old and new
  ExamplePool calibration;  // RUL: calibration units' windows
  std::optional<time::Millis> newest_reading;
  std::size_t units = 0;
  std::size_t held_out_units = 0;
};

RetrainData gather_windows(const telemetry::TelemetryStore& store, const WindowPlan& plan);

}  // namespace aegis::retraining
