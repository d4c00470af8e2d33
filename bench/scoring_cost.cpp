// What the Booster wrapper costs over calling the XGBoost C API by hand, for
// the gateway's common case: one row scored per request.
//
// Built as bench_scoring_cost when CMake runs with -DAEGIS_BUILD_BENCH=ON;
// `bench/run.sh scoring` builds build-bench/ and runs
//   build-bench/bench/bench_scoring_cost [calls]      (default 20000)
// All loops are measured in the same run, so the ratios compare like with like.
//
// The loops score the same rows with the same model (31 features, the ai4i
// feature vector's width; 100 rounds of depth-6 trees on synthetic data):
//   wrapper          Booster::predict_row
//   bare             XGBoosterPredictFromDense(handle, ..., m = NULL, ...) on a
//                    handle with nthread=1: the obvious hand-written loop
//   bare + proxy     the same, passing one proxy DMatrix made once, as the
//                    wrapper does (XGBoost otherwise makes a proxy per call,
//                    and that reads the cgroup CPU quota files under /sys)
//   bare, default    m = NULL and XGBoost's default thread count (OpenMP pool)
// Each loop runs in several interleaved repetitions and reports its fastest,
// which keeps other load on the machine out of the comparison.
#include <xgboost/c_api.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/models/booster.hpp"
#include "engine/models/training.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kFeatures = 31;
constexpr int kRepetitions = 5;

aegis::models::TrainingSet synthetic_data(std::size_t rows) {
  std::mt19937 generator(1);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  aegis::models::TrainingSet data;
  data.rows = rows;
  data.cols = kFeatures;
  for (std::size_t row = 0; row < rows; ++row) {
    float signal = 0;
    for (std::size_t col = 0; col < kFeatures; ++col) {
      const float value = normal(generator);
      data.features.push_back(value);
      if (col < 5) signal += value;
    }
    data.labels.push_back(signal + 0.5f * normal(generator) > 1.5f ? 1.0f : 0.0f);
  }
  return data;
}

void check(int status) {
  if (status != 0) {
    std::fprintf(stderr, "XGBoost: %s\n", XGBGetLastError());
    std::exit(1);
  }
}

// The hand-written loop: a handle, the array interface formatted per call,
// the first output value read straight from XGBoost's buffer.
class BareScorer {
 public:
  BareScorer(const std::vector<char>& model, const char* nthread, bool reuse_proxy) {
    if (reuse_proxy) check(XGProxyDMatrixCreate(&proxy_));
    check(XGBoosterCreate(nullptr, 0, &handle_));
    check(XGBoosterLoadModelFromBuffer(handle_, model.data(), model.size()));
    if (nthread) check(XGBoosterSetParam(handle_, "nthread", nthread));
  }
  ~BareScorer() {
    XGBoosterFree(handle_);
    if (proxy_) XGDMatrixFree(proxy_);
  }
  BareScorer(const BareScorer&) = delete;
  BareScorer& operator=(const BareScorer&) = delete;

  float score(const float* row) const {
    char interface[256];
    std::snprintf(interface, sizeof interface,
                  R"({"data": [%llu, true], "shape": [1, %zu], "typestr": "<f4", "version": 3})",
                  static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(row)), kFeatures);
    const bst_ulong* shape = nullptr;
    bst_ulong dimensions = 0;
    const float* result = nullptr;
    check(XGBoosterPredictFromDense(handle_, interface, kConfig, proxy_, &shape, &dimensions, &result));
    return result[0];
  }

 private:
  static constexpr const char* kConfig =
      R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, )"
      R"("strict_shape": false, "missing": NaN, "cache_id": 0})";
  BoosterHandle handle_ = nullptr;
  DMatrixHandle proxy_ = nullptr;
};

// Nanoseconds per call of `score(row)` over `calls` calls cycling through the rows.
template <class Score>
double ns_per_call(Score&& score, const std::vector<float>& rows, std::size_t calls, float& checksum) {
  const std::size_t row_count = rows.size() / kFeatures;
  const auto start = Clock::now();
  for (std::size_t i = 0; i < calls; ++i) checksum += score(rows.data() + (i % row_count) * kFeatures);
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / static_cast<double>(calls);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t calls = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 20000;
  auto params = aegis::models::binary_classification_params();
  params.rounds = 100;
  params.threads = 1;
  const auto booster = aegis::models::train(synthetic_data(2000), params);
  const auto model = booster.serialize(aegis::models::ModelFormat::ubjson);
  const auto rows = synthetic_data(1000).features;

  auto wrapper = [&](const float* row) { return booster.predict_row(std::span<const float>(row, kFeatures))[0]; };
  const BareScorer bare(model, "1", false);
  const BareScorer bare_proxy(model, "1", true);
  const BareScorer bare_default(model, nullptr, false);
  auto bare_call = [&](const float* row) { return bare.score(row); };
  auto proxy_call = [&](const float* row) { return bare_proxy.score(row); };
  auto default_call = [&](const float* row) { return bare_default.score(row); };

  constexpr double kNever = std::numeric_limits<double>::infinity();
  double wrapper_ns = kNever, bare_ns = kNever, proxy_ns = kNever, default_ns = kNever;
  float sums[4] = {};
  for (int repetition = 0; repetition < kRepetitions; ++repetition) {
    wrapper_ns = std::min(wrapper_ns, ns_per_call(wrapper, rows, calls, sums[0]));
    bare_ns = std::min(bare_ns, ns_per_call(bare_call, rows, calls, sums[1]));
    proxy_ns = std::min(proxy_ns, ns_per_call(proxy_call, rows, calls, sums[2]));
  }
  // Last, because its OpenMP workers keep spinning for a while after each call
  // and would slow whatever loop ran next. An order of magnitude slower, so a
  // tenth of the calls show it.
  for (int repetition = 0; repetition < kRepetitions; ++repetition) {
    default_ns = std::min(default_ns, ns_per_call(default_call, rows, std::max<std::size_t>(calls / 10, 1), sums[3]));
  }

  std::printf("model: %zu features, %d rounds; best of %d x %zu one-row calls\n", booster.num_features(),
              booster.boosted_rounds(), kRepetitions, calls);
  std::printf("wrapper (Booster::predict_row): %8.0f ns/call\n", wrapper_ns);
  std::printf("bare C API, nthread=1:          %8.0f ns/call\n", bare_ns);
  std::printf("bare C API + reused proxy:      %8.0f ns/call\n", proxy_ns);
  std::printf("bare C API, default nthread:    %8.0f ns/call\n", default_ns);
  std::printf("ratio wrapper / bare:           %.3f\n", wrapper_ns / bare_ns);
  std::printf("ratio wrapper / bare + proxy:   %.3f\n", wrapper_ns / proxy_ns);
  std::printf("ratio bare default / bare:      %.3f\n", default_ns / bare_ns);
  // The same rows through the same model: the three full-length loops must agree.
  const bool agree = sums[0] == sums[1] && sums[1] == sums[2];
  std::printf("checksums %s: %.4f %.4f %.4f\n", agree ? "agree" : "DIFFER", sums[0], sums[1], sums[2]);
  return agree ? 0 : 1;
}
