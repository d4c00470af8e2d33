#include "engine/retraining/promotion_rule.hpp"

#include <cmath>
#include <sstream>

namespace aegis::retraining {

std::string main_metric(training::Task task) { return task == training::Task::rul ? "rmse" : "f1"; }

bool higher_is_better(training::Task task) { return task != training::Task::rul; }

Verdict judge(training::Task task, const nlohmann::json& candidate_metrics,
              const std::optional<nlohmann::json>& promoted_metrics, double tolerance, bool force) {
  Verdict verdict;
  verdict.metric = main_metric(task);
  verdict.candidate = candidate_metrics.at(verdict.metric).get<double>();
  if (!promoted_metrics) {
    verdict.reason = "no model was promoted under this name";
    return verdict;
  }
  const double promoted = promoted_metrics->at(verdict.metric).get<double>();
  verdict.promoted = promoted;
  verdict.not_worse = higher_is_better(task) ? verdict.candidate >= promoted - tolerance * std::abs(promoted)
                                             : verdict.candidate <= promoted + tolerance * std::abs(promoted);
  std::ostringstream reason;
  reason << "candidate " << verdict.metric << " " << verdict.candidate << " against " << promoted
         << " of the promoted model on the same held-out units (tolerance " << tolerance * 100 << " %)";
  if (verdict.not_worse) {
    reason << ": not worse";
  } else {
    reason << (force ? ": worse, promoted because forced" : ": worse, not promoted");
  }
  verdict.promote = verdict.not_worse || force;
  verdict.reason = reason.str();
  return verdict;
}

}  // namespace aegis::retraining
