#include "engine/retraining/promotion_rule.hpp"

#include <cmath>
#include <sstream>

#include "engine/retraining/retrain_request.hpp"

namespace aegis::retraining {

std::string main_metric(training::Task task) { return task == training::Task::rul ? "rmse" : "f1"; }

bool higher_is_better(training::Task task) { return task != training::Task::rul; }

std::optional<std::string> why_unjudgeable(training::Task task, std::size_t positives, std::size_t samples) {
  if (task == training::Task::rul) return std::nullopt;
  if (positives == 0) return "held-out units have no failure windows";
  if (positives == samples) return "held-out units have only failure windows";
  return std::nullopt;
}

std::string unjudgeable_message(const std::string& why) {
  return why + ": cannot judge the candidate; retry with force: true";
}

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
  if (candidate_metrics.contains("positives") && candidate_metrics.contains("samples")) {
    const auto why = why_unjudgeable(task, candidate_metrics.at("positives").get<std::size_t>(),
                                     candidate_metrics.at("samples").get<std::size_t>());
    if (why && !force) throw RetrainRejected(unjudgeable_message(*why));
    if (why) {
      verdict.not_worse = false;
      verdict.reason = *why + ", so " + verdict.metric + " cannot judge the candidate: promoted because forced";
      return verdict;
    }
  }
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
