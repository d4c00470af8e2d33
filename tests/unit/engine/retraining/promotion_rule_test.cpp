#include <catch2/catch.hpp>

#include "engine/retraining/promotion_rule.hpp"
#include "engine/retraining/retrain_request.hpp"

using namespace aegis;
using training::Task;

TEST_CASE("A classifier candidate wins unless its F1 drops beyond the tolerance", "[retraining]") {
  const nlohmann::json promoted{{"f1", 0.80}};
  CHECK(retraining::judge(Task::classification, {{"f1", 0.85}}, promoted, 0.02, false).promote);
  CHECK(retraining::judge(Task::classification, {{"f1", 0.79}}, promoted, 0.02, false).promote);  // within 2 %
  const auto worse = retraining::judge(Task::classification, {{"f1", 0.70}}, promoted, 0.02, false);
  CHECK_FALSE(worse.promote);
  CHECK_FALSE(worse.not_worse);
  CHECK(worse.metric == "f1");
  CHECK(worse.promoted == 0.80);
  const auto forced = retraining::judge(Task::classification, {{"f1", 0.70}}, promoted, 0.02, true);
  CHECK(forced.promote);
  CHECK_FALSE(forced.not_worse);
}

TEST_CASE("A forecast candidate wins unless its RMSE grows beyond the tolerance", "[retraining]") {
  const nlohmann::json promoted{{"rmse", 10.0}};
  CHECK(retraining::judge(Task::rul, {{"rmse", 9.0}}, promoted, 0.05, false).promote);
  CHECK(retraining::judge(Task::rul, {{"rmse", 10.4}}, promoted, 0.05, false).promote);
  CHECK_FALSE(retraining::judge(Task::rul, {{"rmse", 10.6}}, promoted, 0.05, false).promote);
  CHECK(retraining::judge(Task::rul, {{"rmse", 10.6}}, promoted, 0.05, false).metric == "rmse");
}

TEST_CASE("The first model of a name is promoted", "[retraining]") {
  const auto verdict = retraining::judge(Task::rul, {{"rmse", 50.0}}, std::nullopt, 0.0, false);
  CHECK(verdict.promote);
  CHECK_FALSE(verdict.promoted.has_value());
}

TEST_CASE("Held-out windows of one class cannot judge a classifier: refused unless forced", "[retraining]") {
  const nlohmann::json promoted{{"f1", 0.0}, {"positives", 0}, {"samples", 40}};
  const nlohmann::json shuffled{{"f1", 0.0}, {"positives", 0}, {"samples", 40}};
  CHECK_THROWS_AS(retraining::judge(Task::classification, shuffled, promoted, 0.02, false),
                  retraining::RetrainRejected);
  CHECK_THROWS_WITH(retraining::judge(Task::classification, shuffled, promoted, 0.02, false),
                    "held-out units have no failure windows: cannot judge the candidate; retry with force: true");
  CHECK_THROWS_WITH(retraining::judge(Task::classification, {{"f1", 1.0}, {"positives", 40}, {"samples", 40}},
                                      promoted, 0.02, false),
                    "held-out units have only failure windows: cannot judge the candidate; retry with force: true");
  const auto forced = retraining::judge(Task::classification, shuffled, promoted, 0.02, true);
  CHECK(forced.promote);
  CHECK_FALSE(forced.not_worse);
  CHECK(forced.reason == "held-out units have no failure windows, so f1 cannot judge the candidate: promoted because "
                         "forced");
  // The first model of a name has nothing to be compared with.
  CHECK(retraining::judge(Task::classification, shuffled, std::nullopt, 0.02, false).promote);
  CHECK_FALSE(retraining::why_unjudgeable(Task::classification, 3, 40).has_value());
  CHECK_FALSE(retraining::why_unjudgeable(Task::rul, 0, 40).has_value());
}
