#include "engine/models/training.hpp"

#include <xgboost/c_api.h>

#include <cmath>
#include <limits>
#include <memory>
#include <utility>

namespace aegis::models {
namespace {

using detail::check_xgboost;

class DMatrix {
 public:
  DMatrix(const TrainingSet& data, int threads) {
    DMatrixHandle raw = nullptr;
    check_xgboost(XGDMatrixCreateFromMat_omp(data.features.data(), data.rows, data.cols,
                                             std::numeric_limits<float>::quiet_NaN(), &raw, threads),
                  "cannot build the training matrix");
    handle_.reset(raw);
    set_float_info("label", data.labels);
    if (!data.weights.empty()) set_float_info("weight", data.weights);
  }
  DMatrixHandle get() const { return handle_.get(); }

 private:
  void set_float_info(const char* field, const std::vector<float>& values) {
    check_xgboost(XGDMatrixSetFloatInfo(handle_.get(), field, values.data(), values.size()),
                  std::string("cannot set the training ") + field + "s");
  }
  struct Free {
    void operator()(void* handle) const noexcept { XGDMatrixFree(handle); }
  };
  std::unique_ptr<void, Free> handle_;
};

// A booster while it trains. The result is handed on as a fresh Booster loaded
// from its serialized model, so the training state (gradients, histogram
// buffers, the cached training matrix) is freed rather than kept alive for as
// long as the model serves.
class TrainingBooster {
 public:
  explicit TrainingBooster(const DMatrix& train) {
    DMatrixHandle matrices[] = {train.get()};
    BoosterHandle raw = nullptr;
    check_xgboost(XGBoosterCreate(matrices, 1, &raw), "cannot create a booster for training");
    handle_.reset(raw);
  }
  BoosterHandle get() const { return handle_.get(); }

  std::string serialize_ubjson() const {
    bst_ulong length = 0;
    const char* bytes = nullptr;
    check_xgboost(XGBoosterSaveModelToBuffer(handle_.get(), R"({"format": "ubj"})", &length, &bytes),
                  "cannot serialize the trained model");
    return std::string(bytes, length);
  }

 private:
  struct Free {
    void operator()(void* handle) const noexcept { XGBoosterFree(handle); }
  };
  std::unique_ptr<void, Free> handle_;
};

[[noreturn]] void invalid(const std::string& message) { throw ModelError("invalid training set: " + message); }

void check_finite(const std::vector<float>& values, const char* field) {
  for (std::size_t row = 0; row < values.size(); ++row) {
    if (!std::isfinite(values[row])) {
      invalid(std::string(field) + " of row " + std::to_string(row) + " is " + std::to_string(values[row]) +
              ", not a finite number");
    }
  }
}

TrainParams with_tree_defaults(std::map<std::string, std::string> task_params) {
  TrainParams params;
  params.params = {{"tree_method", "hist"}, {"max_depth", "6"}, {"eta", "0.1"}, {"verbosity", "1"}};
  for (auto& [key, value] : task_params) params.params[key] = std::move(value);
  return params;
}

}  // namespace

void validate(const TrainingSet& data) {
  if (data.rows == 0) invalid("it has no rows");
  if (data.cols == 0) invalid("it has no feature columns");
  if (data.features.size() != data.rows * data.cols) {
    invalid("features hold " + std::to_string(data.features.size()) + " values, expected rows x cols = " +
            std::to_string(data.rows) + " x " + std::to_string(data.cols));
  }
  if (data.labels.size() != data.rows) {
    invalid("labels hold " + std::to_string(data.labels.size()) + " values for " + std::to_string(data.rows) +
            " rows");
  }
  if (!data.weights.empty() && data.weights.size() != data.rows) {
    invalid("weights hold " + std::to_string(data.weights.size()) + " values for " +
            std::to_string(data.rows) + " rows");
  }
  for (std::size_t i = 0; i < data.features.size(); ++i) {
    if (std::isinf(data.features[i])) {
      invalid("feature " + std::to_string(i % data.cols) + " of row " + std::to_string(i / data.cols) +
              " is infinite (use NaN for a missing value)");
    }
  }
  check_finite(data.labels, "label");
  check_finite(data.weights, "weight");
  for (std::size_t row = 0; row < data.weights.size(); ++row) {
    if (data.weights[row] < 0) invalid("weight of row " + std::to_string(row) + " is negative");
  }
}

Booster train(const TrainingSet& data, const TrainParams& params, const Booster* continue_from) {
  validate(data);
  if (params.rounds < 1) throw ModelError("invalid training parameters: rounds must be at least 1");
  if (params.threads < 0) throw ModelError("invalid training parameters: threads must not be negative");
  if (continue_from && continue_from->num_features() != data.cols) {
    throw ModelError("cannot continue training: the model has " + std::to_string(continue_from->num_features()) +
                     " features, the training set " + std::to_string(data.cols));
  }

  const DMatrix matrix(data, params.threads);
  TrainingBooster booster(matrix);
  int first_round = 0;
  if (continue_from) {
    const auto previous = continue_from->serialize(ModelFormat::ubjson);
    check_xgboost(XGBoosterLoadModelFromBuffer(booster.get(), previous.data(), previous.size()),
                  "cannot continue training from the previous model");
    first_round = continue_from->boosted_rounds();
  }
  for (const auto& [key, value] : params.params) {
    if (key == "nthread") continue;
    check_xgboost(XGBoosterSetParam(booster.get(), key.c_str(), value.c_str()),
                  "invalid training parameter " + key + "=" + value);
  }
  const std::string threads = std::to_string(params.threads);
  check_xgboost(XGBoosterSetParam(booster.get(), "nthread", threads.c_str()), "invalid training parameter nthread");

  for (int round = 0; round < params.rounds; ++round) {
    check_xgboost(XGBoosterUpdateOneIter(booster.get(), first_round + round, matrix.get()),
                  "training round " + std::to_string(first_round + round + 1) + " failed");
  }
  return Booster::load_buffer(booster.serialize_ubjson(), "trained model");
}

TrainParams binary_classification_params() {
  return with_tree_defaults({{"objective", "binary:logistic"}, {"eval_metric", "logloss"}});
}

TrainParams multiclass_params(int num_class) {
  if (num_class < 2) throw ModelError("invalid training parameters: num_class must be at least 2");
  return with_tree_defaults(
      {{"objective", "multi:softprob"}, {"num_class", std::to_string(num_class)}, {"eval_metric", "mlogloss"}});
}

TrainParams regression_params() {
  return with_tree_defaults({{"objective", "reg:squarederror"}, {"eval_metric", "rmse"}});
}

}  // namespace aegis::models
