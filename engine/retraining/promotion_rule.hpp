#pragma once
// When a retrained candidate replaces the promoted model: both are scored on
// the same held-out windows, and the candidate wins unless it is worse on
// the task's main metric (F1 for failure classification, RMSE for remaining
// useful life) by more than the tolerance, relative to the promoted score.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/training/examples.hpp"

namespace aegis::retraining {

struct Verdict {
  std::string metric;               // "f1" or "rmse"
  double candidate = 0;
  std::optional<double> promoted;   // nullopt when no model was promoted
  bool not_worse = true;            // within tolerance of the promoted score
  bool promote = true;
  std::string reason;               // one sentence for the response and the log
};

std::string main_metric(training::Task task);
bool higher_is_better(training::Task task);

Verdict judge(training::Task task, const nlohmann::json& candidate_metrics,
              const std::optional<nlohmann::json>& promoted_metrics, double tolerance, bool force);

}  // namespace aegis::retraining
