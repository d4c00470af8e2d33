#pragma once
// Evaluation metrics for the gateway's models, as plain structs that print as
// the JSON the training command, the sidecar and the retrain API report.
// Empty or mismatched inputs throw MetricsError.
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aegis::models {

class MetricsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A ratio whose denominator is zero (e.g. precision with no predicted
// positives) counts as 0, as scikit-learn reports it.
struct BinaryMetrics {
  double accuracy = 0;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  std::optional<double> roc_auc;  // absent when the truth holds a single class
  std::size_t samples = 0;
  std::size_t positives = 0;
  nlohmann::json to_json() const;  // roc_auc null when absent
};

// `truth` holds 0 or 1; a row is predicted positive when its probability is at
// or above `threshold`. ROC-AUC gives tied scores their average rank.
BinaryMetrics binary_metrics(std::span<const int> truth, std::span<const float> probability,
                             double threshold = 0.5);

// Area under the ROC curve (Mann-Whitney U with average ranks for ties);
// nullopt when the truth holds a single class.
std::optional<double> roc_auc(std::span<const int> truth, std::span<const float> score);

struct ClassMetrics {
  std::string name;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  std::size_t support = 0;  // rows whose true class this is
};

struct MulticlassMetrics {
  double accuracy = 0;
  double macro_f1 = 0;  // mean F1 over `macro_f1_classes`
  std::vector<std::string> macro_f1_classes;
  std::vector<ClassMetrics> per_class;  // in class-index order
  std::size_t samples = 0;
  // {accuracy, macro_f1, macro_f1_classes, samples, per_class: {name: {precision, recall, f1, support}}}
  nlohmann::json to_json() const;
};

// `truth` and `predicted` hold class indexes into `class_names`. The macro F1
// averages over the classes named in `macro_f1_over` (all when empty), e.g.
// the failure modes without "No Failure".
MulticlassMetrics multiclass_metrics(std::span<const int> truth, std::span<const int> predicted,
                                     const std::vector<std::string>& class_names,
                                     const std::vector<std::string>& macro_f1_over = {});

// The most probable class of each row of a rows x classes probability matrix.
std::vector<int> argmax_rows(std::span<const float> probabilities, std::size_t classes);

struct RegressionMetrics {
  double rmse = 0;
  double mae = 0;
  double r2 = 0;  // 1 for a perfect fit; 0 when the truth is constant and the fit is not perfect
  std::size_t samples = 0;
  nlohmann::json to_json() const;
};

RegressionMetrics regression_metrics(std::span<const float> truth, std::span<const float> predicted);

// The PHM08 challenge score for remaining-useful-life predictions, lower is
// better: with d = predicted - true, each row adds exp(-d/13) - 1 when early
// (d < 0) and exp(d/10) - 1 when late, so late predictions cost more.
double phm08_score(std::span<const float> truth, std::span<const float> predicted);

struct IntervalMetrics {
  double coverage = 0;    // share of rows with lower <= truth <= upper
  double mean_width = 0;  // mean of upper - lower
  std::size_t samples = 0;
  nlohmann::json to_json() const;
};

IntervalMetrics interval_metrics(std::span<const float> truth, std::span<const float> lower,
                                 std::span<const float> upper);

}  // namespace aegis::models
