#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/models/metrics.hpp"

using namespace aegis::models;

// Six rows with tied scores across the classes, worked by hand:
//   ascending scores 0.1(-) | 0.4(-) 0.4(+) | 0.7(+) | 0.9(+) 0.9(-)
//   ranks            1      | 2.5    2.5    | 4      | 5.5    5.5
//   positive rank sum 5.5 + 4 + 2.5 = 12; U = 12 - 3*4/2 = 6; AUC = 6 / (3*3)
// At threshold 0.5: TP = 2 (0.9, 0.7), FP = 1 (0.9), FN = 1 (0.4), TN = 2.
const std::vector<int> kTruth{1, 0, 1, 0, 1, 0};
const std::vector<float> kScores{0.9f, 0.9f, 0.7f, 0.4f, 0.4f, 0.1f};

TEST_CASE("ROC-AUC gives tied scores their average rank", "[metrics]") {
  REQUIRE(roc_auc(kTruth, kScores).has_value());
  CHECK(*roc_auc(kTruth, kScores) == Approx(6.0 / 9.0));
  // Perfect and inverted rankings.
  const std::vector<float> separable{0.9f, 0.1f, 0.8f, 0.2f, 0.7f, 0.3f};
  CHECK(*roc_auc(kTruth, separable) == 1.0);
  const std::vector<float> inverted{0.1f, 0.9f, 0.2f, 0.8f, 0.3f, 0.7f};
  CHECK(*roc_auc(kTruth, inverted) == 0.0);
  // All scores tied: no ranking power.
  const std::vector<float> flat(6, 0.5f);
  CHECK(*roc_auc(kTruth, flat) == 0.5);
}

TEST_CASE("ROC-AUC is absent when only one class occurs", "[metrics]") {
  const std::vector<int> negatives{0, 0, 0};
  const std::vector<float> scores{0.1f, 0.5f, 0.9f};
  CHECK_FALSE(roc_auc(negatives, scores).has_value());
  const auto metrics = binary_metrics(negatives, scores);
  CHECK(metrics.to_json()["roc_auc"].is_null());
  CHECK(metrics.recall == 0.0);      // no positives to find
  CHECK(metrics.precision == 0.0);   // the two rows at or above 0.5 are false alarms
  CHECK(metrics.accuracy == Approx(1.0 / 3.0));
}

TEST_CASE("Binary metrics count hits at the threshold", "[metrics]") {
  const auto metrics = binary_metrics(kTruth, kScores);
  CHECK(metrics.samples == 6);
  CHECK(metrics.positives == 3);
  CHECK(metrics.accuracy == Approx(4.0 / 6.0));
  CHECK(metrics.precision == Approx(2.0 / 3.0));
  CHECK(metrics.recall == Approx(2.0 / 3.0));
  CHECK(metrics.f1 == Approx(2.0 / 3.0));
  CHECK(*metrics.roc_auc == Approx(6.0 / 9.0));

  // A lower threshold catches the tied 0.4 positive, and the 0.4 negative too.
  const auto lenient = binary_metrics(kTruth, kScores, 0.4);
  CHECK(lenient.recall == 1.0);
  CHECK(lenient.precision == Approx(3.0 / 5.0));
  CHECK(lenient.f1 == Approx(0.75));

  const auto json = metrics.to_json();
  CHECK(json["accuracy"].get<double>() == Approx(4.0 / 6.0));
  CHECK(json["samples"] == 6);
  CHECK(json["positives"] == 3);
  for (const char* key : {"precision", "recall", "f1", "roc_auc"}) CHECK(json.contains(key));
}

TEST_CASE("Binary metrics refuse bad input with a clear message", "[metrics]") {
  const std::vector<int> truth{0, 2};
  const std::vector<float> scores{0.1f, 0.2f};
  CHECK_THROWS_WITH(binary_metrics(truth, scores), "binary metrics: truth of sample 1 is 2, expected 0 or 1");
  const std::vector<float> short_scores{0.1f};
  CHECK_THROWS_WITH(binary_metrics(truth, short_scores), "binary metrics: probability has 1 values for 2 samples");
  CHECK_THROWS_WITH(binary_metrics({}, {}), "binary metrics: no samples");
  const std::vector<int> labels{0, 1};
  const std::vector<float> nan_scores{0.1f, NAN};
  CHECK_THROWS_WITH(roc_auc(labels, nan_scores), "ROC-AUC: score of sample 1 is NaN");
}

// By hand: class 0 P 2/3 R 2/3; class 1 P 1/2 R 1/2; class 2 P 2/3 R 2/3; 5 of 8 right.
TEST_CASE("Multi-class metrics per class and a macro F1 over chosen classes", "[metrics]") {
  const std::vector<std::string> names{"No Failure", "TWF", "HDF"};
  const std::vector<int> truth{0, 0, 0, 1, 1, 2, 2, 2};
  const std::vector<int> predicted{0, 0, 1, 1, 2, 2, 2, 0};

  const auto all = multiclass_metrics(truth, predicted, names);
  CHECK(all.samples == 8);
  CHECK(all.accuracy == Approx(5.0 / 8.0));
  REQUIRE(all.per_class.size() == 3);
  CHECK(all.per_class[0].name == "No Failure");
  CHECK(all.per_class[0].precision == Approx(2.0 / 3.0));
  CHECK(all.per_class[0].recall == Approx(2.0 / 3.0));
  CHECK(all.per_class[0].support == 3);
  CHECK(all.per_class[1].precision == Approx(0.5));
  CHECK(all.per_class[1].recall == Approx(0.5));
  CHECK(all.per_class[1].f1 == Approx(0.5));
  CHECK(all.per_class[1].support == 2);
  CHECK(all.per_class[2].f1 == Approx(2.0 / 3.0));
  CHECK(all.macro_f1 == Approx((2.0 / 3.0 + 0.5 + 2.0 / 3.0) / 3.0));

  const auto failures = multiclass_metrics(truth, predicted, names, {"TWF", "HDF"});
  CHECK(failures.macro_f1 == Approx((0.5 + 2.0 / 3.0) / 2.0));

  const auto json = failures.to_json();
  CHECK(json["macro_f1_classes"] == nlohmann::json({"TWF", "HDF"}));
  CHECK(json["per_class"]["TWF"]["support"] == 2);
  CHECK(json["per_class"]["HDF"]["recall"].get<double>() == Approx(2.0 / 3.0));
  CHECK(json["accuracy"].get<double>() == Approx(0.625));
}

TEST_CASE("Multi-class metrics refuse unknown classes", "[metrics]") {
  const std::vector<std::string> names{"a", "b"};
  const std::vector<int> truth{0, 1};
  const std::vector<int> bad{0, 2};
  CHECK_THROWS_WITH(multiclass_metrics(truth, bad, names),
                    "multi-class metrics: predicted class of sample 1 is 2, expected 0..1");
  CHECK_THROWS_WITH(multiclass_metrics(truth, truth, names, {"c"}),
                    "multi-class metrics: unknown class 'c' for macro F1");
}

TEST_CASE("Argmax picks each row's most probable class", "[metrics]") {
  const std::vector<float> probabilities{0.1f, 0.7f, 0.2f, 0.5f, 0.2f, 0.3f};
  CHECK(argmax_rows(probabilities, 3) == std::vector<int>{1, 0});
  CHECK_THROWS_AS(argmax_rows(probabilities, 4), MetricsError);
}

TEST_CASE("Regression metrics match the textbook example", "[metrics]") {
  // scikit-learn's documentation example: MAE 0.5, MSE 0.375, R2 0.9486.
  const std::vector<float> truth{3.0f, -0.5f, 2.0f, 7.0f};
  const std::vector<float> predicted{2.5f, 0.0f, 2.0f, 8.0f};
  const auto metrics = regression_metrics(truth, predicted);
  CHECK(metrics.mae == Approx(0.5));
  CHECK(metrics.rmse == Approx(std::sqrt(0.375)));
  CHECK(metrics.r2 == Approx(1.0 - 1.5 / 29.1875));
  CHECK(metrics.samples == 4);
  const auto json = metrics.to_json();
  CHECK(json["rmse"].get<double>() == Approx(0.6123724357));
  CHECK(json["samples"] == 4);

  const std::vector<float> constant{5.0f, 5.0f};
  CHECK(regression_metrics(constant, constant).r2 == 1.0);
  const std::vector<float> off{4.0f, 6.0f};
  CHECK(regression_metrics(constant, off).r2 == 0.0);
}

TEST_CASE("The PHM08 score punishes late predictions more than early ones", "[metrics]") {
  // d = -10: exp(10/13) - 1; d = +10: exp(1) - 1; d = 0: 0.
  const std::vector<float> truth{100.0f, 50.0f, 20.0f};
  const std::vector<float> predicted{90.0f, 60.0f, 20.0f};
  CHECK(phm08_score(truth, predicted) == Approx(std::exp(10.0 / 13.0) - 1.0 + std::exp(1.0) - 1.0));
  CHECK(phm08_score(truth, predicted) == Approx(2.8763873624));
  const std::vector<float> early{90.0f};
  const std::vector<float> late{110.0f};
  const std::vector<float> actual{100.0f};
  CHECK(phm08_score(actual, late) > phm08_score(actual, early));
}

TEST_CASE("Interval coverage counts the bounds as inside", "[metrics]") {
  const std::vector<float> truth{5.0f, 10.0f, 15.0f, 20.0f};
  const std::vector<float> lower{4.0f, 11.0f, 10.0f, 20.0f};
  const std::vector<float> upper{6.0f, 12.0f, 20.0f, 25.0f};
  const auto metrics = interval_metrics(truth, lower, upper);
  CHECK(metrics.coverage == 0.75);
  CHECK(metrics.mean_width == 4.5);
  CHECK(metrics.to_json() == nlohmann::json({{"coverage", 0.75}, {"mean_width", 4.5}, {"samples", 4}}));
}
