#include "engine/models/booster.hpp"

#include <xgboost/c_api.h>

#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <mutex>

#include <nlohmann/json.hpp>

#include "engine/common/atomic_file.hpp"
#include "engine/models/model_document.hpp"

namespace aegis::models {
namespace {

// Value (probability) predictions over all trees, no reshaping, NaN marks a
// missing feature. The same for every call, so it is a constant rather than
// something rebuilt per request.
constexpr const char* kPredictConfig =
    R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, )"
    R"("strict_shape": false, "missing": NaN, "cache_id": 0})";

// XGBoost's messages carry a "[time] file:line: " prefix and, in some builds, a
// stack trace on further lines; keep the one line a user can act on.
std::string last_xgboost_error() {
  std::string message = XGBGetLastError();
  if (const auto end = message.find('\n'); end != std::string::npos) message.resize(end);
  if (!message.empty() && message.front() == '[') {
    // "[10:00:00] /build/src/learner.cc:123: text" -> "text"
    if (const auto close = message.find("] "); close != std::string::npos) {
      const auto location_end = message.find(": ", close + 2);
      if (location_end != std::string::npos) message.erase(0, location_end + 2);
    }
  }
  return message;
}

// The dense array interface XGBoost reads the rows from in place: a pointer to
// C-contiguous float32 data and its shape.
class ArrayInterface {
 public:
  ArrayInterface(const float* data, std::size_t rows, std::size_t cols) {
    append(R"({"data": [)");
    append_number(reinterpret_cast<std::uintptr_t>(data));
    append(R"(, true], "shape": [)");
    append_number(rows);
    append(", ");
    append_number(cols);
    append(std::endian::native == std::endian::little ? R"(], "typestr": "<f4", "version": 3})"
                                                      : R"(], "typestr": ">f4", "version": 3})");
    text_[length_] = '\0';
  }
  const char* c_str() const { return text_.data(); }

 private:
  void append(std::string_view part) {
    std::memcpy(text_.data() + length_, part.data(), part.size());
    length_ += part.size();
  }
  void append_number(std::uint64_t value) {
    const auto result = std::to_chars(text_.data() + length_, text_.data() + text_.size(), value);
    length_ = static_cast<std::size_t>(result.ptr - text_.data());
  }
  // Room for the fixed text plus three 20-digit numbers.
  std::array<char, 160> text_{};
  std::size_t length_ = 0;
};

struct FreeDMatrix {
  void operator()(void* handle) const noexcept { XGDMatrixFree(handle); }
};
using ProxyHandle = std::unique_ptr<void, FreeDMatrix>;

std::string read_model_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError("cannot read model file " + path.string() + ": " + std::strerror(errno));
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw ModelError("cannot read model file " + path.string() + ": I/O error");
  return bytes;
}

}  // namespace

namespace detail {
void check_xgboost(int status, std::string_view action) {
  if (status != 0) throw ModelError(std::string(action) + ": " + last_xgboost_error());
}
}  // namespace detail

using detail::check_xgboost;

ModelFormat model_format_for(const std::filesystem::path& path) {
  const auto extension = path.extension();
  if (extension == ".json") return ModelFormat::json;
  if (extension == ".ubj") return ModelFormat::ubjson;
  throw ModelError("model file " + path.string() + ": unknown extension, expected .json or .ubj");
}

void Booster::Free::operator()(void* handle) const noexcept { XGBoosterFree(handle); }

// Without a proxy DMatrix of the caller's, XGBoost 1.7 makes a new one for
// every in-place prediction, and its constructor reads the cgroup CPU quota
// files under /sys: some 20 us of system calls, far more than scoring a row
// through a hundred trees. Reusing proxies avoids that. A proxy only points at
// the rows of the call that holds it (each call sets its own rows first), so
// proxies are lent to one call at a time; the pool grows to the number of
// threads that ever scored at once and lives as long as the booster.
class Booster::ProxyPool {
 public:
  class Lease {
   public:
    Lease(ProxyPool& pool, ProxyHandle proxy) : pool_(pool), proxy_(std::move(proxy)) {}
    ~Lease() { pool_.give_back(std::move(proxy_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    DMatrixHandle get() const { return proxy_.get(); }

   private:
    ProxyPool& pool_;
    ProxyHandle proxy_;
  };

  Lease borrow() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        ProxyHandle proxy = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(proxy));
      }
    }
    DMatrixHandle raw = nullptr;
    check_xgboost(XGProxyDMatrixCreate(&raw), "cannot create an input proxy for prediction");
    return Lease(*this, ProxyHandle(raw));
  }

 private:
  void give_back(ProxyHandle proxy) noexcept {
    try {
      std::lock_guard lock(mutex_);
      idle_.push_back(std::move(proxy));
    } catch (...) {
      // Out of memory for the list: the proxy is freed instead of kept.
    }
  }

  std::mutex mutex_;
  std::vector<ProxyHandle> idle_;
};

Booster::Booster(Booster&&) noexcept = default;
Booster& Booster::operator=(Booster&&) noexcept = default;
Booster::~Booster() = default;

Booster Booster::load_file(const std::filesystem::path& path) {
  return load_buffer(read_model_file(path), "model file " + path.string());
}

Booster Booster::load_buffer(std::string_view bytes, std::string_view origin) {
  // Both JSON and UBJSON models open with '{' (XGBoost tells them apart by the
  // next byte). Anything else would reach XGBoost's deprecated binary parser,
  // which the artifacts never use and which trusts the lengths it reads.
  if (bytes.empty()) throw ModelError("cannot load " + std::string(origin) + ": it is empty");
  if (bytes.front() != '{') {
    throw ModelError("cannot load " + std::string(origin) + ": not an XGBoost JSON or UBJSON model");
  }
  check_whole_document(bytes, origin);
  BoosterHandle raw = nullptr;
  check_xgboost(XGBoosterCreate(nullptr, 0, &raw), "cannot create a booster for " + std::string(origin));
  std::unique_ptr<void, Free> handle(raw);
  if (XGBoosterLoadModelFromBuffer(raw, bytes.data(), bytes.size()) != 0) {
    // XGBoost's own words come last: for a document that lacks a part
    // XGBoost needs they are a bare C++ library message ("map::at").
    throw ModelError("cannot load " + std::string(origin) + ": XGBoost cannot read it as a model (" +
                     last_xgboost_error() + ")");
  }
  return Booster(std::move(handle), std::string(origin));
}

Booster::Booster(std::unique_ptr<void, Free> handle, std::string origin)
    : handle_(std::move(handle)), origin_(std::move(origin)), proxies_(std::make_unique<ProxyPool>()) {
  // Scoring runs on the HTTP server's threads; letting each call also fan out
  // over XGBoost's OpenMP pool costs far more in hand-off than one or a few
  // rows take to score (2-3x slower per row on an idle two-core machine, tens
  // of times slower when other work competes for the cores; see
  // bench/scoring_cost.cpp).
  check_xgboost(XGBoosterSetParam(handle_.get(), "nthread", "1"), "cannot configure " + origin_);
  bst_ulong features = 0;
  check_xgboost(XGBoosterGetNumFeature(handle_.get(), &features), "cannot inspect " + origin_);
  if (features == 0) throw ModelError("cannot load " + origin_ + ": the model has no features");
  num_features_ = static_cast<std::size_t>(features);

  // One throw-away prediction: it applies the parameter change above while the
  // object is still private to this thread (see the header on thread safety)
  // and tells how many values each row yields.
  const std::vector<float> missing_row(num_features_, std::numeric_limits<float>::quiet_NaN());
  outputs_per_row_ = predict_in_place(missing_row, 1).size();
  if (outputs_per_row_ == 0) throw ModelError("cannot load " + origin_ + ": the model predicts nothing");
}

int Booster::boosted_rounds() const {
  int rounds = 0;
  check_xgboost(XGBoosterBoostedRounds(handle_.get(), &rounds), "cannot inspect " + origin_);
  return rounds;
}

std::vector<std::string> Booster::feature_names() const {
  bst_ulong count = 0;
  const char** names = nullptr;
  check_xgboost(XGBoosterGetStrFeatureInfo(handle_.get(), "feature_name", &count, &names),
                "cannot read the feature names of " + origin_);
  return std::vector<std::string>(names, names + count);
}

std::string Booster::objective() const {
  bst_ulong length = 0;
  const char* text = nullptr;
  check_xgboost(XGBoosterSaveJsonConfig(handle_.get(), &length, &text), "cannot read the configuration of " + origin_);
  const auto config = nlohmann::json::parse(std::string_view(text, length), nullptr, false);
  if (config.is_discarded()) throw ModelError("cannot read the configuration of " + origin_ + ": not JSON");
  const auto name = config.value(nlohmann::json::json_pointer("/learner/objective/name"), std::string());
  if (name.empty()) throw ModelError("cannot read the objective of " + origin_);
  return name;
}

std::vector<char> Booster::serialize(ModelFormat format) const {
  const char* config = format == ModelFormat::json ? R"({"format": "json"})" : R"({"format": "ubj"})";
  bst_ulong length = 0;
  const char* bytes = nullptr;
  check_xgboost(XGBoosterSaveModelToBuffer(handle_.get(), config, &length, &bytes), "cannot serialize " + origin_);
  return std::vector<char>(bytes, bytes + length);
}

void Booster::save(const std::filesystem::path& path) const {
  const auto bytes = serialize(model_format_for(path));
  files::write_file_atomically(path, std::string_view(bytes.data(), bytes.size()));
}

std::span<const float> Booster::predict_in_place(std::span<const float> row_major, std::size_t rows) const {
  const ArrayInterface input(row_major.data(), rows, num_features_);
  const bst_ulong* shape = nullptr;
  bst_ulong dimensions = 0;
  const float* result = nullptr;
  const auto proxy = proxies_->borrow();
  if (XGBoosterPredictFromDense(handle_.get(), input.c_str(), kPredictConfig, proxy.get(), &shape, &dimensions,
                                &result) != 0) {
    throw ModelError("prediction with " + origin_ + " failed: " + last_xgboost_error());
  }
  std::size_t count = 1;
  for (bst_ulong i = 0; i < dimensions; ++i) count *= static_cast<std::size_t>(shape[i]);
  return {result, count};
}

std::vector<float> Booster::predict(std::span<const float> row_major, std::size_t rows) const {
  if (row_major.size() != rows * num_features_) {
    throw ModelError("prediction with " + origin_ + ": expected " + std::to_string(rows) + " rows x " +
                     std::to_string(num_features_) + " features = " + std::to_string(rows * num_features_) +
                     " values, got " + std::to_string(row_major.size()));
  }
  if (rows == 0) return {};
  const auto values = predict_in_place(row_major, rows);
  if (values.size() != rows * outputs_per_row_) {
    throw ModelError("prediction with " + origin_ + ": XGBoost returned " + std::to_string(values.size()) +
                     " values for " + std::to_string(rows) + " rows");
  }
  return {values.begin(), values.end()};
}

}  // namespace aegis::models
