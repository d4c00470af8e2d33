#include "engine/models/conformal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace aegis::models {
namespace {

// 0.1 as "0.1", not std::to_string's "0.100000".
std::string format_number(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

void check_alpha(double alpha) {
  if (!(alpha > 0 && alpha < 1)) {
    throw CalibrationError("conformal calibration: alpha must lie strictly between 0 and 1, got " +
                           format_number(alpha));
  }
}

// ceil((n+1)(1-alpha)); the small slack keeps e.g. 10 x 0.9 = 9.000000000000002
// from rounding up to 10.
std::size_t residual_rank(std::size_t samples, double alpha) {
  return static_cast<std::size_t>(std::ceil(static_cast<double>(samples + 1) * (1 - alpha) - 1e-9));
}

// The fewest rows for which both ranks of a two-sided interval exist:
// floor((n+1) alpha/2) >= 1, i.e. n >= 2/alpha - 1 (19 for alpha = 0.1).
std::size_t two_sided_minimum(double alpha) {
  return static_cast<std::size_t>(std::ceil(2 / alpha - 1 - 1e-9));
}

// The smallest value whose cumulative weight reaches `rank` (values sorted
// ascending; weights summing to the number of values).
double weighted_rank(const std::vector<std::pair<double, double>>& sorted, double rank) {
  const double tolerance = 1e-9 * static_cast<double>(sorted.size());
  double cumulative = 0;
  for (const auto& [value, weight] : sorted) {
    cumulative += weight;
    if (cumulative >= rank - tolerance) return value;
  }
  return sorted.back().first;
}

IntervalBin bin_offsets(std::span<const float> truth, std::span<const float> predicted,
                        std::span<const float> weights, const std::vector<std::size_t>& rows, double alpha) {
  double weight_sum = 0;
  for (const auto row : rows) weight_sum += weights.empty() ? 1.0 : weights[row];
  const auto n = static_cast<double>(rows.size());
  std::vector<std::pair<double, double>> residuals;
  residuals.reserve(rows.size());
  for (const auto row : rows) {
    const double weight = weights.empty() || weight_sum <= 0 ? 1.0 : weights[row] * n / weight_sum;
    residuals.emplace_back(static_cast<double>(truth[row]) - predicted[row], weight);
  }
  std::sort(residuals.begin(), residuals.end());
  const double low_rank = std::floor((n + 1) * alpha / 2 + 1e-9);
  const double high_rank = std::ceil((n + 1) * (1 - alpha / 2) - 1e-9);
  IntervalBin bin;
  bin.lower = std::min(0.0, weighted_rank(residuals, low_rank));
  bin.upper = std::max(0.0, weighted_rank(residuals, high_rank));
  bin.samples = rows.size();
  return bin;
}

}  // namespace

ConformalCalibration::ConformalCalibration(double alpha, double half_width, std::size_t samples,
                                           std::optional<double> floor, std::vector<IntervalBin> bins)
    : alpha_(alpha), half_width_(half_width), samples_(samples), floor_(floor), bins_(std::move(bins)) {}

ConformalCalibration ConformalCalibration::fit(std::span<const float> truth, std::span<const float> predicted,
                                               double alpha, std::optional<double> floor) {
  check_alpha(alpha);
  if (truth.size() != predicted.size()) {
    throw CalibrationError("conformal calibration: " + std::to_string(truth.size()) + " true values but " +
                           std::to_string(predicted.size()) + " predictions");
  }
  const std::size_t n = truth.size();
  const std::size_t rank = residual_rank(n, alpha);
  if (n == 0 || rank > n) {
    throw CalibrationError("conformal calibration: " + std::to_string(n) + " calibration rows are too few for alpha " +
                           format_number(alpha) + " (need at least " +
                           std::to_string(static_cast<std::size_t>(std::ceil(1 / alpha - 1 - 1e-9))) + ")");
  }
  std::vector<double> residuals(n);
  for (std::size_t i = 0; i < n; ++i) {
    residuals[i] = std::abs(static_cast<double>(truth[i]) - predicted[i]);
    if (!std::isfinite(residuals[i])) {
      throw CalibrationError("conformal calibration: row " + std::to_string(i) + " has a non-finite residual");
    }
  }
  std::nth_element(residuals.begin(), residuals.begin() + static_cast<std::ptrdiff_t>(rank - 1), residuals.end());
  return ConformalCalibration(alpha, residuals[rank - 1], n, floor);
}

ConformalCalibration ConformalCalibration::fit_binned(std::span<const float> truth, std::span<const float> predicted,
                                                      std::span<const float> weights, double alpha,
                                                      std::optional<double> floor, std::size_t bins,
                                                      std::size_t min_bin_rows) {
  check_alpha(alpha);
  if (truth.size() != predicted.size() || (!weights.empty() && weights.size() != truth.size())) {
    throw CalibrationError("conformal calibration: " + std::to_string(truth.size()) + " true values, " +
                           std::to_string(predicted.size()) + " predictions and " + std::to_string(weights.size()) +
                           " weights");
  }
  const std::size_t n = truth.size();
  const std::size_t least = two_sided_minimum(alpha);
  if (n < least) {
    throw CalibrationError("conformal calibration: " + std::to_string(n) + " calibration rows are too few for alpha " +
                           format_number(alpha) + " (need at least " + std::to_string(least) + ")");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(truth[i]) || !std::isfinite(predicted[i])) {
      throw CalibrationError("conformal calibration: row " + std::to_string(i) + " has a non-finite residual");
    }
    if (!weights.empty() && !(weights[i] >= 0 && std::isfinite(weights[i]))) {
      throw CalibrationError("conformal calibration: row " + std::to_string(i) + " has an invalid weight");
    }
  }
  const std::size_t bin_rows = std::max(min_bin_rows, least);
  const std::size_t count = std::clamp<std::size_t>(std::min(bins, n / bin_rows), 1, n);
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return predicted[a] < predicted[b]; });

  std::vector<IntervalBin> result;
  double widest = 0;
  std::size_t start = 0;
  while (start < n) {
    std::size_t end = std::max((result.size() + 1) * n / count, start + bin_rows);
    if (result.size() + 1 >= count || end >= n || n - end < bin_rows) end = n;
    // rows with equal predictions stay in one range
    while (end < n && predicted[order[end]] == predicted[order[end - 1]]) ++end;
    if (n - end < bin_rows) end = n;
    const std::vector<std::size_t> rows(order.begin() + static_cast<std::ptrdiff_t>(start),
                                        order.begin() + static_cast<std::ptrdiff_t>(end));
    auto bin = bin_offsets(truth, predicted, weights, rows, alpha);
    if (start > 0) bin.from = predicted[order[start]];
    widest = std::max({widest, -bin.lower, bin.upper});
    result.push_back(bin);
    start = end;
  }
  return ConformalCalibration(alpha, widest, n, floor, std::move(result));
}

bool ConformalCalibration::present(const nlohmann::json& json) {
  return json.is_object() && (json.contains("half_width") || json.contains("bins"));
}

Interval ConformalCalibration::interval(double prediction) const {
  Interval result{prediction - half_width_, prediction + half_width_};
  if (!bins_.empty()) {
    const IntervalBin* bin = &bins_.front();
    for (const auto& candidate : bins_) {
      if (!candidate.from || prediction >= *candidate.from) bin = &candidate;
    }
    result = {prediction + bin->lower, prediction + bin->upper};
  }
  if (floor_) {
    result.lower = std::max(result.lower, *floor_);
    result.upper = std::max(result.upper, *floor_);
  }
  return result;
}

nlohmann::json ConformalCalibration::to_json() const {
  if (!bins_.empty()) {
    nlohmann::json bins = nlohmann::json::array();
    for (const auto& bin : bins_) {
      bins.push_back({{"from", bin.from ? nlohmann::json(*bin.from) : nlohmann::json(nullptr)},
                      {"lower", bin.lower},
                      {"upper", bin.upper},
                      {"samples", bin.samples}});
    }
    return {{"method", "binned_conformal"},
            {"alpha", alpha_},
            {"samples", samples_},
            {"floor", floor_ ? nlohmann::json(*floor_) : nlohmann::json(nullptr)},
            {"bins", bins}};
  }
  return {{"method", "split_conformal"},
          {"alpha", alpha_},
          {"half_width", half_width_},
          {"samples", samples_},
          {"floor", floor_ ? nlohmann::json(*floor_) : nlohmann::json(nullptr)}};
}

ConformalCalibration ConformalCalibration::from_json(const nlohmann::json& json) {
  auto fail = [](const std::string& field, const std::string& problem) -> CalibrationError {
    return CalibrationError("conformal calibration: field '" + field + "' " + problem);
  };
  if (!json.is_object()) throw CalibrationError("conformal calibration: expected a JSON object");
  auto number = [&](const char* field) {
    const auto found = json.find(field);
    if (found == json.end()) throw fail(field, "is missing");
    if (!found->is_number()) throw fail(field, "must be a number");
    return found->get<double>();
  };
  bool binned = false;
  if (const auto method = json.find("method"); method != json.end()) {
    binned = *method == "binned_conformal";
    if (!binned && *method != "split_conformal") throw fail("method", "must be \"split_conformal\" or \"binned_conformal\"");
  }
  auto count = [&](const nlohmann::json& object, const std::string& field) {
    const auto found = object.find(field);
    if (found == object.end() || !found->is_number_integer() || found->get<std::int64_t>() <= 0) {
      throw fail(field, "must be a positive whole number");
    }
    return found->get<std::size_t>();
  };
  const double alpha = number("alpha");
  if (!(alpha > 0 && alpha < 1)) throw fail("alpha", "must lie strictly between 0 and 1");
  const std::size_t samples = count(json, "samples");
  std::optional<double> floor;
  if (const auto found = json.find("floor"); found != json.end() && !found->is_null()) {
    if (!found->is_number()) throw fail("floor", "must be a number or null");
    floor = found->get<double>();
  }
  if (!binned) {
    const double half_width = number("half_width");
    if (!(half_width >= 0) || !std::isfinite(half_width)) throw fail("half_width", "must be a finite number >= 0");
    return ConformalCalibration(alpha, half_width, samples, floor);
  }
  const auto bins = json.find("bins");
  if (bins == json.end() || !bins->is_array() || bins->empty()) throw fail("bins", "must be a non-empty array");
  std::vector<IntervalBin> parsed;
  double widest = 0;
  for (const auto& item : *bins) {
    if (!item.is_object()) throw fail("bins", "must hold objects");
    IntervalBin bin;
    const auto from = item.find("from");
    if (from == item.end()) throw fail("bins.from", "is missing");
    if (parsed.empty() != from->is_null()) throw fail("bins.from", "must be null for the first bin only");
    if (!from->is_null()) {
      if (!from->is_number()) throw fail("bins.from", "must be a number");
      bin.from = from->get<double>();
      if (parsed.back().from && !(*bin.from > *parsed.back().from)) throw fail("bins.from", "must increase");
    }
    const auto lower = item.find("lower"), upper = item.find("upper");
    if (lower == item.end() || !lower->is_number() || !(lower->get<double>() <= 0) ||
        !std::isfinite(lower->get<double>())) {
      throw fail("bins.lower", "must be a finite number <= 0");
    }
    if (upper == item.end() || !upper->is_number() || !(upper->get<double>() >= 0) ||
        !std::isfinite(upper->get<double>())) {
      throw fail("bins.upper", "must be a finite number >= 0");
    }
    bin.lower = lower->get<double>();
    bin.upper = upper->get<double>();
    bin.samples = count(item, "samples");
    widest = std::max({widest, -bin.lower, bin.upper});
    parsed.push_back(bin);
  }
  return ConformalCalibration(alpha, widest, samples, floor, std::move(parsed));
}

}  // namespace aegis::models
