// Model selection by cross-validation on training data only (the held-out
// test parts are never read):
//   bench_model_selection ai4i AI4I.csv
//     the AI4I file's 80 % training part (stratified split, seed 42, as
//     `aegisd train` makes it), 5-fold stratified cross-validation repeated
//     with 3 fold seeds, out-of-fold ROC-AUC and F1 of each candidate
//     parameter set of the classification task;
//   bench_model_selection cmapss train_FD001.txt OUT.csv
//     the 80 % of training engines `aegisd train` fits on (seed 42), 5-fold
//     cross-fitting by engine, one line per cycle of every engine:
//     fold, unit, cycle, length, prediction, capped label, true RUL.
// Prints a table (ai4i) or writes the CSV (cmapss); bench/calibration_cv.py
// compares interval calibrations on that CSV.
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "drivers/datasets/training_data.hpp"
#include "engine/models/metrics.hpp"
#include "engine/profiles/sensor_profile.hpp"
#include "engine/scoring/feature_sets.hpp"
#include "engine/training/split.hpp"
#include "engine/training/task_trainer.hpp"

using namespace aegis;

namespace {

// Fold of each row: per label, a seeded shuffle dealt round-robin into k folds.
std::vector<int> stratified_folds(const std::vector<float>& labels, int k, std::uint64_t seed) {
  std::map<float, std::vector<std::size_t>> by_label;
  for (std::size_t row = 0; row < labels.size(); ++row) by_label[labels[row]].push_back(row);
  std::vector<int> fold(labels.size());
  std::mt19937_64 engine(seed);
  for (auto& [label, rows] : by_label) {
    std::shuffle(rows.begin(), rows.end(), engine);
    for (std::size_t i = 0; i < rows.size(); ++i) fold[rows[i]] = static_cast<int>(i % static_cast<std::size_t>(k));
  }
  return fold;
}

std::vector<std::size_t> rows_where(const std::vector<int>& fold, int value, bool equal) {
  std::vector<std::size_t> rows;
  for (std::size_t row = 0; row < fold.size(); ++row) {
    if ((fold[row] == value) == equal) rows.push_back(row);
  }
  return rows;
}

struct Candidate {
  std::string name;
  std::map<std::string, std::string> params;
  int rounds = 0;
  bool hazard = false;  // add the tool-wear hazard column
};

// Published rule: a tool is replaced or fails at a random wear between 200
// and 240 min, gaining 5 / 3 / 2 min per use (H / M / L); the chance that this
// use is its last grows as the wear nears 240.
training::Examples with_hazard(const training::Examples& in) {
  training::Examples out = in;
  out.set.cols = in.set.cols + 1;
  out.set.features.clear();
  for (std::size_t row = 0; row < in.set.rows; ++row) {
    const float* x = &in.set.features[row * in.set.cols];
    out.set.features.insert(out.set.features.end(), x, x + in.set.cols);
    const double wear = x[4], type = x[5];
    const double step = type == 1.0 ? 2.0 : type == 2.0 ? 3.0 : 5.0;
    const double hazard = wear < 200 - step ? 0.0 : std::min(1.0, step / std::max(step, 240.0 - wear));
    out.set.features.push_back(static_cast<float>(hazard));
  }
  return out;
}

int ai4i(const std::string& path) {
  const auto profile = profiles::ai4i_profile();
  const auto data = datasets::load_training_data(profile, path);
  const auto all = training::snapshot_examples(training::Task::classification, data.readings);
  std::vector<std::string> failure_type;
  for (const auto& reading : data.readings) {
    if (reading.labels.is_failure) failure_type.push_back(reading.labels.failure_type.value_or(""));
  }
  const auto split = training::stratified_split(all.set.labels, 0.2, 42);
  const auto train = training::select_rows(all, split.train);
  std::vector<std::string> train_type;
  for (const auto row : split.train) train_type.push_back(failure_type[row]);

  const std::string mono = "(0,0,0,0,1,0,0,0,1,1,0,0)";
  const std::string mono_h = "(0,0,0,0,1,0,0,0,1,1,0,0,1)";
  std::vector<Candidate> second = {
      {"default + hazard", {}, 0, true},
      {"monotone + hazard", {{"monotone_constraints", mono_h}}, 0, true},
      {"monotone + lambda 5", {{"monotone_constraints", mono}, {"lambda", "5"}}, 0},
      {"monotone + 100 rounds", {{"monotone_constraints", mono}}, 100},
      {"monotone + hazard + lambda 5", {{"monotone_constraints", mono_h}, {"lambda", "5"}}, 0, true},
      {"monotone + lambda 10", {{"monotone_constraints", mono}, {"lambda", "10"}}, 0},
      {"monotone + lambda 5 + 100 rounds", {{"monotone_constraints", mono}, {"lambda", "5"}}, 100},
      {"monotone + lambda 5 + 400 rounds", {{"monotone_constraints", mono}, {"lambda", "5"}}, 400},
  };
  if (std::getenv("THIRD")) second.erase(second.begin(), second.begin() + 5);
  std::vector<Candidate> candidates = {
      {"default (depth 4, eta 0.1, 200 rounds)", {}, 0},
      {"depth 3", {{"max_depth", "3"}}, 0},
      {"depth 6", {{"max_depth", "6"}}, 0},
      {"eta 0.05, 400 rounds", {{"eta", "0.05"}}, 400},
      {"eta 0.03, 800 rounds", {{"eta", "0.03"}}, 800},
      {"100 rounds", {}, 100},
      {"min_child_weight 5", {{"min_child_weight", "5"}}, 0},
      {"subsample 0.8, colsample 0.8", {{"subsample", "0.8"}, {"colsample_bytree", "0.8"}}, 0},
      {"monotone wear and strain",
       {{"monotone_constraints", "(0,0,0,0,1,0,0,0,1,1,0,0)"}}, 0},
      {"monotone wear and strain, eta 0.05, 400 rounds",
       {{"monotone_constraints", "(0,0,0,0,1,0,0,0,1,1,0,0)"}, {"eta", "0.05"}}, 400},
      {"monotone, depth 6",
       {{"monotone_constraints", "(0,0,0,0,1,0,0,0,1,1,0,0)"}, {"max_depth", "6"}}, 0},
      {"eval auc", {{"eval_metric", "auc"}}, 0},
      {"max_delta_step 1", {{"max_delta_step", "1"}}, 0},
      {"lambda 5", {{"lambda", "5"}}, 0},
  };
  if (std::getenv("SECOND")) candidates = second;
  const auto train_hazard = with_hazard(train);
  const int k = 5;
  std::printf("%-50s %8s %8s %8s  %s\n", "candidate", "oof_auc", "fold_auc", "oof_f1", "per-type mean rank (TWF, none)");
  for (const auto& candidate : candidates) {
    double auc_sum = 0, fold_auc_sum = 0, f1_sum = 0, twf_sum = 0, none_sum = 0;
    const std::vector<std::uint64_t> seeds = {101, 202, 303};
    const auto& source = candidate.hazard ? train_hazard : train;
    for (const auto seed : seeds) {
      const auto fold = stratified_folds(train.set.labels, k, seed);
      std::vector<float> oof(train.set.rows);
      for (int f = 0; f < k; ++f) {
        const auto fit = training::select_rows(source, rows_where(fold, f, false));
        const auto held = training::select_rows(source, rows_where(fold, f, true));
        auto params = training::default_params(training::Task::classification);
        for (const auto& [key, value] : candidate.params) params.params[key] = value;
        if (candidate.rounds > 0) params.rounds = candidate.rounds;
        params.threads = 2;
        const auto booster = models::train(fit.set, params);
        const auto predicted = booster.predict(held.set.features, held.set.rows);
        const auto rows = rows_where(fold, f, true);
        std::vector<int> truth;
        for (std::size_t i = 0; i < rows.size(); ++i) {
          oof[rows[i]] = predicted[i];
          truth.push_back(static_cast<int>(held.set.labels[i]));
        }
        fold_auc_sum += models::roc_auc(truth, predicted).value_or(0) / k;
      }
      std::vector<int> truth(train.set.labels.begin(), train.set.labels.end());
      const auto metrics = models::binary_metrics(truth, oof);
      auc_sum += metrics.roc_auc.value_or(0);
      f1_sum += metrics.f1;
      // mean fraction of negatives ranked below each positive of a type
      auto type_rank = [&](const std::string& type) {
        double sum = 0;
        int n = 0;
        for (std::size_t i = 0; i < oof.size(); ++i) {
          if (truth[i] != 1 || train_type[i] != type) continue;
          std::size_t below = 0, negatives = 0;
          for (std::size_t j = 0; j < oof.size(); ++j) {
            if (truth[j] != 0) continue;
            ++negatives;
            if (oof[j] < oof[i]) ++below;
          }
          sum += static_cast<double>(below) / static_cast<double>(negatives);
          ++n;
        }
        return n ? sum / n : 0.0;
      };
      twf_sum += type_rank("Tool Wear Failure");
      none_sum += type_rank("No Failure");
    }
    const double r = static_cast<double>(seeds.size());
    std::printf("%-50s %8.4f %8.4f %8.4f  %.3f %.3f\n", candidate.name.c_str(), auc_sum / r, fold_auc_sum / r,
                f1_sum / r, twf_sum / r, none_sum / r);
    std::fflush(stdout);
  }
  return 0;
}

int cmapss(const std::string& path, const std::string& out_path) {
  const auto profile = profiles::turbofan_profile();
  auto capped_data = datasets::load_training_data(profile, path, std::nullopt, 125.0);
  auto true_data = datasets::load_training_data(profile, path, std::nullopt, 0.0);
  const auto capped = training::window_examples(scoring::kTurbofanWindow, profile, training::Task::rul,
                                                capped_data.readings, {.rul_cap = 125.0});
  const auto uncapped = training::window_examples(scoring::kTurbofanWindow, profile, training::Task::rul,
                                                  true_data.readings, {});
  const auto outer = training::split_by_group(capped.groups, 0.2, 42);
  const auto fit = training::select_rows(capped, outer.train);
  const auto fit_true = training::select_rows(uncapped, outer.train);
  // engine folds: the same seeded shuffle as the splits, dealt into 5
  std::vector<std::string> units(fit.groups.begin(), fit.groups.end());
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  std::map<std::string, std::size_t> length;
  for (const auto& g : fit.groups) ++length[g];
  const int k = 5;
  std::mt19937_64 engine(7);
  std::shuffle(units.begin(), units.end(), engine);
  std::map<std::string, int> unit_fold;
  for (std::size_t i = 0; i < units.size(); ++i) unit_fold[units[i]] = static_cast<int>(i % k);
  std::vector<int> fold(fit.set.rows);
  for (std::size_t row = 0; row < fit.set.rows; ++row) fold[row] = unit_fold[fit.groups[row]];
  FILE* out = std::fopen(out_path.c_str(), "w");
  std::fprintf(out, "fold,unit,cycle,length,prediction,label,true_rul\n");
  const std::size_t cycle_col = fit.set.cols - 1;
  for (int f = 0; f < k; ++f) {
    const auto train = training::select_rows(fit, rows_where(fold, f, false));
    const auto rows = rows_where(fold, f, true);
    const auto held = training::select_rows(fit, rows);
    auto params = training::default_params(training::Task::rul);
    params.threads = 2;
    const auto booster = models::train(train.set, params);
    const auto predicted = booster.predict(held.set.features, held.set.rows);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::fprintf(out, "%d,%s,%.0f,%zu,%.4f,%.0f,%.0f\n", f, held.groups[i].c_str(),
                   held.set.features[i * held.set.cols + cycle_col], length[held.groups[i]],
                   std::max(0.0f, predicted[i]), held.set.labels[i], fit_true.set.labels[rows[i]]);
    }
  }
  std::fclose(out);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "ai4i") return ai4i(args[1]);
  if (args.size() == 3 && args[0] == "cmapss") return cmapss(args[1], args[2]);
  std::cerr << "usage: bench_model_selection ai4i AI4I.csv | cmapss train_FD001.txt OUT.csv\n";
  return 2;
}
