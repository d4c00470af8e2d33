#pragma once
// When a retrained candidate replaces the promoted model: both are scored on
// the same held-out windows, and the candidate wins unless it is worse on
// the task's main metric (F1 for failure classification, RMSE for remaining
// useful life) by more than the tolerance, relative to the promoted score.
// Held-out windows of a single class cannot rank classifiers (F1 is 0 for
// every model without failures to find, and an always-"failure" model wins
// without negatives), so such a run is refused unless forced.
#include <cstddef>
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

// Why held-out windows with `positives` failure windows out of `samples`
// cannot judge a candidate against the promoted model ("held-out units have
// no failure windows"); nullopt when they can (always for forecasts).
std::optional<std::string> why_unjudgeable(training::Task task, std::size_t positives, std::size_t samples);

// The message of the RetrainRejected thrown for an unjudgeable run.
std::string unjudgeable_message(const std::string& why);

// Throws RetrainRejected when the held-out windows (the classification
// metrics' `positives` and `samples`) cannot judge the candidate and `force`
// is false; forced, the candidate is promoted and the reason says why.
Verdict judge(training::Task task, const nlohmann::json& candidate_metrics,
              const std::optional<nlohmann::json>& promoted_metrics, double tolerance, bool force);

}  // namespace aegis::retraining
