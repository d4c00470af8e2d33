#pragma once
// An XGBoost model ready to score: the C API's BoosterHandle behind RAII,
// loading and crash-safe saving of XGBoost's own JSON / UBJSON model files,
// and in-place prediction on dense rows (no DMatrix per request).
//
// Thread safety: predict(), predict_row(), serialize() and save() may be
// called from many threads at once on the same Booster. XGBoost 1.7 keeps the
// prediction output in a per-thread, per-booster buffer and its CPU predictor
// uses per-call workspaces only (its documentation promises thread-safe
// prediction for tree boosters since 1.4). The one unsynchronised step, the
// lazy configuration after a parameter change, is done once in the
// constructor, before the object can be shared. Nothing here mutates the model
// after construction. The input proxies (see booster.cpp) are lent out one
// call at a time, so no two threads ever share one.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace aegis::models {

class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ModelFormat { json, ubjson };

// `.json` -> json, `.ubj` -> ubjson; anything else is an error naming the file.
ModelFormat model_format_for(const std::filesystem::path& path);

class Booster {
 public:
  // Reads an XGBoost JSON or UBJSON model file (the format is detected from
  // the content, whatever the extension).
  static Booster load_file(const std::filesystem::path& path);
  // `origin` names the source in error messages (e.g. a URL or artifact name).
  static Booster load_buffer(std::string_view bytes, std::string_view origin = "in-memory model");

  Booster(Booster&&) noexcept;
  Booster& operator=(Booster&&) noexcept;
  ~Booster();

  std::vector<char> serialize(ModelFormat format) const;
  // Format from the extension (see model_format_for), written crash-safely.
  void save(const std::filesystem::path& path) const;

  std::size_t num_features() const { return num_features_; }
  // Values per row that predict() returns: 1 for binary classification and
  // regression, the number of classes for multi:softprob.
  std::size_t outputs_per_row() const { return outputs_per_row_; }
  // Trees per output group, i.e. the boosting rounds done so far.
  int boosted_rounds() const;
  // The feature names stored in the model file (empty when it was trained
  // without names, e.g. on a bare array).
  std::vector<std::string> feature_names() const;
  // The learning objective, e.g. "binary:logistic", "reg:squarederror".
  std::string objective() const;

  // `row_major` holds rows x num_features() values, NaN for missing ones.
  // Returns rows x outputs_per_row() values (probabilities for classifiers).
  std::vector<float> predict(std::span<const float> row_major, std::size_t rows) const;
  std::vector<float> predict_row(std::span<const float> features) const { return predict(features, 1); }

 private:
  struct Free {
    void operator()(void* handle) const noexcept;
  };
  Booster(std::unique_ptr<void, Free> handle, std::string origin);
  // XGBoost's own output for `rows` rows: valid until the calling thread's
  // next XGBoost call on this booster, so callers copy it at once.
  std::span<const float> predict_in_place(std::span<const float> row_major, std::size_t rows) const;

  class ProxyPool;

  std::unique_ptr<void, Free> handle_;
  std::string origin_;
  std::unique_ptr<ProxyPool> proxies_;
  std::size_t num_features_ = 0;
  std::size_t outputs_per_row_ = 0;
};

namespace detail {
// Throws ModelError "<action>: <XGBGetLastError()>" when an XGBoost C API call
// returned a failure status. Shared by the model and training code.
void check_xgboost(int status, std::string_view action);
}  // namespace detail

}  // namespace aegis::models
