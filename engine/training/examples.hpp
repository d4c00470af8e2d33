#pragma once
// Turning labelled telemetry into training examples with the same feature
// code that scores live units, so a model never sees features computed one
// way in training and another in service.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/models/training.hpp"
#include "engine/profiles/sensor_profile.hpp"
#include "engine/telemetry/reading.hpp"

namespace aegis::training {

// classification | failure_mode | rul
enum class Task { classification, failure_mode, rul };
std::optional<Task> parse_task(const std::string& name);
std::string task_name(Task task);

struct Examples {
  models::TrainingSet set;           // features and labels
  std::vector<std::string> groups;   // "product/unit" of each row: splits never share a unit
  std::vector<time::Millis> window_ends;  // timestamp of each row's last reading (what is "new" to retraining)
  std::vector<std::string> feature_names;
  std::string feature_set;
  double rul_cap = 0;  // the cap applied to RUL labels, 0 when none
  // With a cap: each row's true, uncapped RUL (what an interval must cover);
  // empty when no cap applies (the labels are the truth).
  std::vector<float> true_labels;
};

struct WindowOptions {
  std::size_t stride = 1;         // one example every `stride` rows of a unit
  bool last_row_only = false;     // one example per unit, at its last row (C-MAPSS test scoring)
  double rul_cap = 0;             // > 0 caps the RUL label (C-MAPSS custom: 125)
};

// One example per window end: the recipe over the unit's rows up to that
// row. Labels: classification, a failure anywhere in the window (the seed's
// label); rul, the row's RUL label (capped at `rul_cap`, the uncapped value
// kept in `true_labels`). Readings may come in any order; rows
// without the task's label are skipped. Throws std::invalid_argument when no
// example is left.
Examples window_examples(const std::string& feature_set, const profiles::SensorProfile& profile, Task task,
                         std::vector<telemetry::Reading> readings, const WindowOptions& options = {});

// One example per reading, from that reading alone (AI4I snapshots).
// classification: is_failure; failure_mode: the failure type's class index.
Examples snapshot_examples(Task task, const std::vector<telemetry::Reading>& readings);

// The rows of `examples` at `rows`, in that order.
Examples select_rows(const Examples& examples, const std::vector<std::size_t>& rows);

}  // namespace aegis::training
