#include "engine/models/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace aegis::models {
namespace {

void check_sizes(std::size_t expected, std::size_t actual, const char* what, const char* name) {
  if (expected == 0) throw MetricsError(std::string(what) + ": no samples");
  if (actual != expected) {
    throw MetricsError(std::string(what) + ": " + name + " has " + std::to_string(actual) + " values for " +
                       std::to_string(expected) + " samples");
  }
}

double ratio(double numerator, double denominator) { return denominator == 0 ? 0.0 : numerator / denominator; }

double f1_of(double precision, double recall) { return ratio(2 * precision * recall, precision + recall); }

}  // namespace

std::optional<double> roc_auc(std::span<const int> truth, std::span<const float> score) {
  check_sizes(truth.size(), score.size(), "ROC-AUC", "score");
  for (std::size_t i = 0; i < score.size(); ++i) {
    if (std::isnan(score[i])) throw MetricsError("ROC-AUC: score of sample " + std::to_string(i) + " is NaN");
  }
  std::vector<std::size_t> order(score.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] < score[b]; });

  // Sum of the (1-based) ranks of the positives, ties sharing their mean rank.
  double positive_rank_sum = 0;
  std::size_t positives = 0;
  for (std::size_t start = 0; start < order.size();) {
    std::size_t end = start + 1;
    while (end < order.size() && score[order[end]] == score[order[start]]) ++end;
    const double mean_rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
    for (std::size_t i = start; i < end; ++i) {
      if (truth[order[i]] == 1) {
        positive_rank_sum += mean_rank;
        ++positives;
      }
    }
    start = end;
  }
  const std::size_t negatives = truth.size() - positives;
  if (positives == 0 || negatives == 0) return std::nullopt;
  const double p = static_cast<double>(positives);
  return (positive_rank_sum - p * (p + 1) / 2.0) / (p * static_cast<double>(negatives));
}

BinaryMetrics binary_metrics(std::span<const int> truth, std::span<const float> probability, double threshold) {
  check_sizes(truth.size(), probability.size(), "binary metrics", "probability");
  std::size_t true_positive = 0, false_positive = 0, false_negative = 0, true_negative = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] != 0 && truth[i] != 1) {
      throw MetricsError("binary metrics: truth of sample " + std::to_string(i) + " is " +
                         std::to_string(truth[i]) + ", expected 0 or 1");
    }
    const bool actual = truth[i] == 1;
    const bool predicted = probability[i] >= threshold;
    if (actual && predicted) ++true_positive;
    else if (actual) ++false_negative;
    else if (predicted) ++false_positive;
    else ++true_negative;
  }
  BinaryMetrics metrics;
  metrics.samples = truth.size();
  metrics.positives = true_positive + false_negative;
  metrics.accuracy = ratio(static_cast<double>(true_positive + true_negative), static_cast<double>(metrics.samples));
  metrics.precision = ratio(static_cast<double>(true_positive), static_cast<double>(true_positive + false_positive));
  metrics.recall = ratio(static_cast<double>(true_positive), static_cast<double>(metrics.positives));
  metrics.f1 = f1_of(metrics.precision, metrics.recall);
  metrics.roc_auc = roc_auc(truth, probability);
  return metrics;
}

nlohmann::json BinaryMetrics::to_json() const {
  return {{"accuracy", accuracy}, {"precision", precision},
          {"recall", recall},     {"f1", f1},
          {"roc_auc", roc_auc ? nlohmann::json(*roc_auc) : nlohmann::json(nullptr)},
          {"samples", samples},   {"positives", positives}};
}

MulticlassMetrics multiclass_metrics(std::span<const int> truth, std::span<const int> predicted,
                                     const std::vector<std::string>& class_names,
                                     const std::vector<std::string>& macro_f1_over) {
  check_sizes(truth.size(), predicted.size(), "multi-class metrics", "predicted");
  const auto classes = class_names.size();
  if (classes == 0) throw MetricsError("multi-class metrics: no class names");
  auto check_class = [&](int value, std::size_t sample, const char* which) {
    if (value < 0 || static_cast<std::size_t>(value) >= classes) {
      throw MetricsError(std::string("multi-class metrics: ") + which + " class of sample " +
                         std::to_string(sample) + " is " + std::to_string(value) + ", expected 0.." +
                         std::to_string(classes - 1));
    }
  };

  std::vector<std::size_t> correct(classes, 0), actual(classes, 0), predicted_count(classes, 0);
  std::size_t hits = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    check_class(truth[i], i, "true");
    check_class(predicted[i], i, "predicted");
    ++actual[static_cast<std::size_t>(truth[i])];
    ++predicted_count[static_cast<std::size_t>(predicted[i])];
    if (truth[i] == predicted[i]) {
      ++correct[static_cast<std::size_t>(truth[i])];
      ++hits;
    }
  }

  MulticlassMetrics metrics;
  metrics.samples = truth.size();
  metrics.accuracy = ratio(static_cast<double>(hits), static_cast<double>(metrics.samples));
  for (std::size_t c = 0; c < classes; ++c) {
    ClassMetrics entry{.name = class_names[c], .support = actual[c]};
    entry.precision = ratio(static_cast<double>(correct[c]), static_cast<double>(predicted_count[c]));
    entry.recall = ratio(static_cast<double>(correct[c]), static_cast<double>(actual[c]));
    entry.f1 = f1_of(entry.precision, entry.recall);
    metrics.per_class.push_back(std::move(entry));
  }

  metrics.macro_f1_classes = macro_f1_over.empty() ? class_names : macro_f1_over;
  double f1_sum = 0;
  for (const auto& name : metrics.macro_f1_classes) {
    const auto found = std::find(class_names.begin(), class_names.end(), name);
    if (found == class_names.end()) throw MetricsError("multi-class metrics: unknown class '" + name + "' for macro F1");
    f1_sum += metrics.per_class[static_cast<std::size_t>(found - class_names.begin())].f1;
  }
  metrics.macro_f1 = f1_sum / static_cast<double>(metrics.macro_f1_classes.size());
  return metrics;
}

nlohmann::json MulticlassMetrics::to_json() const {
  nlohmann::json classes = nlohmann::json::object();
  for (const auto& entry : per_class) {
    classes[entry.name] = {
        {"precision", entry.precision}, {"recall", entry.recall}, {"f1", entry.f1}, {"support", entry.support}};
  }
  return {{"accuracy", accuracy},
          {"macro_f1", macro_f1},
          {"macro_f1_classes", macro_f1_classes},
          {"samples", samples},
          {"per_class", std::move(classes)}};
}

std::vector<int> argmax_rows(std::span<const float> probabilities, std::size_t classes) {
  if (classes == 0 || probabilities.size() % classes != 0) {
    throw MetricsError("argmax: " + std::to_string(probabilities.size()) + " values do not form rows of " +
                       std::to_string(classes) + " classes");
  }
  std::vector<int> best;
  best.reserve(probabilities.size() / classes);
  for (std::size_t start = 0; start < probabilities.size(); start += classes) {
    const auto row = probabilities.subspan(start, classes);
    best.push_back(static_cast<int>(std::max_element(row.begin(), row.end()) - row.begin()));
  }
  return best;
}

RegressionMetrics regression_metrics(std::span<const float> truth, std::span<const float> predicted) {
  check_sizes(truth.size(), predicted.size(), "regression metrics", "predicted");
  const double n = static_cast<double>(truth.size());
  double mean = 0;
  for (float value : truth) mean += value;
  mean /= n;
  double squared = 0, absolute = 0, total = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const double error = static_cast<double>(predicted[i]) - truth[i];
    squared += error * error;
    absolute += std::abs(error);
    total += (truth[i] - mean) * (truth[i] - mean);
  }
  RegressionMetrics metrics;
  metrics.samples = truth.size();
  metrics.rmse = std::sqrt(squared / n);
  metrics.mae = absolute / n;
  metrics.r2 = total == 0 ? (squared == 0 ? 1.0 : 0.0) : 1.0 - squared / total;
  return metrics;
}

nlohmann::json RegressionMetrics::to_json() const {
  return {{"rmse", rmse}, {"mae", mae}, {"r2", r2}, {"samples", samples}};
}

double phm08_score(std::span<const float> truth, std::span<const float> predicted) {
  check_sizes(truth.size(), predicted.size(), "PHM08 score", "predicted");
  double score = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const double d = static_cast<double>(predicted[i]) - truth[i];
    score += d < 0 ? std::exp(-d / 13.0) - 1.0 : std::exp(d / 10.0) - 1.0;
  }
  return score;
}

IntervalMetrics interval_metrics(std::span<const float> truth, std::span<const float> lower,
                                 std::span<const float> upper) {
  check_sizes(truth.size(), lower.size(), "interval metrics", "lower");
  check_sizes(truth.size(), upper.size(), "interval metrics", "upper");
  std::size_t covered = 0;
  double width = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (lower[i] <= truth[i] && truth[i] <= upper[i]) ++covered;
    width += static_cast<double>(upper[i]) - lower[i];
  }
  IntervalMetrics metrics;
  metrics.samples = truth.size();
  metrics.coverage = static_cast<double>(covered) / static_cast<double>(truth.size());
  metrics.mean_width = width / static_cast<double>(truth.size());
  return metrics;
}

nlohmann::json IntervalMetrics::to_json() const {
  return {{"coverage", coverage}, {"mean_width", mean_width}, {"samples", samples}};
}

}  // namespace aegis::models
