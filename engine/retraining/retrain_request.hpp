#pragma once
// What a retraining run is asked to do, the gateway's bounds on it, and the
// errors a caller can act on.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "engine/training/examples.hpp"

namespace aegis::retraining {

struct RetrainRequest {
  std::string model_name;
  training::Task task = training::Task::classification;  // classification or rul
  bool incremental = true;  // continue boosting the promoted model on telemetry newer than its pointer
  std::optional<std::size_t> sample_limit;  // at most this many training windows (within the memory budget)
  bool force = false;  // promote even when the candidate scores worse than the promoted model
  // False when a client named the model: a name with no version is then a
  // typo to report (models::ModelUnavailable), not a new model to create.
  bool new_model_allowed = true;
};

// The operator's bounds (configuration section `retrain`).
struct RetrainSettings {
  int threads = 2;                        // XGBoost training threads
  std::int64_t memory_budget_mb = 256;    // bounds the windows held in memory at once
  std::size_t sample_limit = 100000;      // training windows at most, unless a request asks for fewer
  std::size_t window_stride = 5;          // one window every `stride` readings of a unit
  double holdout_fraction = 0.2;          // share of units never trained on, where candidates are judged
  double tolerance = 0.02;                // relative loss on the main metric a candidate may have and still win
  int incremental_rounds = 50;            // boosting rounds added by an incremental run
  double replay_ratio = 1.0;              // older windows replayed per new window (so it does not forget)
  std::uint64_t seed = 42;
};

// Nothing to train on (400 "No new telemetry data available for retraining")
// or too little to judge a candidate; the message is meant for the caller.
class RetrainRejected : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A retraining run is already queued or running (409).
class RetrainBusy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr const char* kNoNewTelemetry = "No new telemetry data available for retraining";

}  // namespace aegis::retraining
